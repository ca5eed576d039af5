using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>whoami, the session cookie and token, and logout (UI-NODES §6, README C).</summary>
public sealed class SessionTests : IDisposable
{
    private const string CookieName = "ory_kratos_session";
    private readonly PortalFactory portal = new(new Dictionary<string, string?> { ["session.lifespan"] = "2h" });

    [Fact]
    public async Task Whoami_without_a_session_is_Kratos_401_with_no_id()
    {
        using var client = portal.NewClient();
        var response = await client.WhoAmIAsync();
        var body = await Wire.AssertNoSessionAsync(response);
        Assert.Equal("Unauthorized", body["error"]!["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["error"]!["reason"]?.GetValue<string>()));

        foreach (var token in new[] { "ory_st_doesnotexist0000000000000000000", "x", new string('a', 5000) })
            await Wire.AssertNoSessionAsync(await client.WhoAmIAsync(token));
    }

    [Fact]
    public async Task Registration_sets_an_HttpOnly_Lax_session_cookie_that_whoami_accepts()
    {
        using var client = portal.NewClient();
        var authenticator = new SoftwareAuthenticator();
        var flow = await client.CreateBrowserFlowAsync("registration");
        var credential = authenticator.Create(PortalClient.NodeValue(flow, "passkey_create_data"), portal.Origin);
        var response = await client.SubmitJsonAsync("registration", PortalClient.Id(flow), Steps.RegistrationBody(flow, "cookie@example.com", credential));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var cookie = Steps.SetCookie(response, CookieName);
        Assert.NotNull(cookie);
        var attributes = cookie!.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain("secure", attributes);

        // SPA registration: the token lives in the cookie only, never in the body.
        var body = await Wire.ObjectAsync(response);
        Assert.Null(body["session_token"]);

        var whoami = await client.WhoAmIAsync();
        Assert.Equal(HttpStatusCode.OK, whoami.StatusCode);
        var session = await Wire.ObjectAsync(whoami);
        Assert.Equal("cookie@example.com", session["identity"]!["traits"]!["email"]!.GetValue<string>());
        Assert.Equal(session["identity"]!["id"]!.GetValue<string>(), whoami.Headers.GetValues("X-Kratos-Authenticated-Identity-Id").Single());
    }

    [Fact]
    public async Task Api_login_returns_a_session_token_that_whoami_accepts_as_header_or_bearer()
    {
        var authenticator = new SoftwareAuthenticator();
        await Steps.RegisterAsync(portal, authenticator, "native@example.com");

        using var app = portal.NewClient();
        var flow = await app.CreateApiFlowAsync("login");
        var assertion = authenticator.Get(PortalClient.NodeValue(flow, "passkey_challenge"), portal.Origin);
        var response = await app.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject { ["method"] = "passkey", ["passkey_login"] = assertion });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Steps.SetCookie(response, CookieName));
        var body = await Wire.ObjectAsync(response);
        var token = body["session_token"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(token));
        Assert.Equal("native@example.com", body["session"]!["identity"]!["traits"]!["email"]!.GetValue<string>());

        // The app client never got a cookie, so only the token can authenticate it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.WhoAmIAsync()).StatusCode);
        var byHeader = await app.WhoAmIAsync(token);
        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
        Assert.Equal(body["session"]!["id"]!.GetValue<string>(), (await Wire.ObjectAsync(byHeader))["id"]!.GetValue<string>());

        var bearer = new HttpRequestMessage(HttpMethod.Get, "/sessions/whoami");
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await app.Http.SendAsync(bearer)).StatusCode);
    }

    [Fact]
    public async Task Session_json_has_the_Kratos_fields_and_the_configured_lifespan()
    {
        var authenticator = new SoftwareAuthenticator();
        await Steps.RegisterAsync(portal, authenticator, "fields@example.com");
        using var client = portal.NewClient();
        var before = DateTime.UtcNow;
        var (login, _) = await Journeys.LoginAsync(client, authenticator);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var after = DateTime.UtcNow;

        var session = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.True(Guid.TryParse(session["id"]!.GetValue<string>(), out _));
        Assert.True(session["active"]!.GetValue<bool>());
        Assert.Equal("aal1", session["authenticator_assurance_level"]!.GetValue<string>());

        var authenticatedAt = session["authenticated_at"]!.GetValue<DateTime>().ToUniversalTime();
        var issuedAt = session["issued_at"]!.GetValue<DateTime>().ToUniversalTime();
        var expiresAt = session["expires_at"]!.GetValue<DateTime>().ToUniversalTime();
        Assert.InRange(authenticatedAt, before.AddSeconds(-1), after.AddSeconds(1));
        Assert.InRange(issuedAt, before.AddSeconds(-1), after.AddSeconds(1));
        Assert.InRange(expiresAt, before.AddHours(2).AddSeconds(-1), after.AddHours(2).AddSeconds(1));

        var method = Assert.Single(session["authentication_methods"]!.AsArray())!;
        Assert.Equal("passkey", method["method"]!.GetValue<string>());
        Assert.Equal("aal1", method["aal"]!.GetValue<string>());
        Assert.InRange(method["completed_at"]!.GetValue<DateTime>().ToUniversalTime(), before.AddSeconds(-1), after.AddSeconds(1));

        var identity = session["identity"]!.AsObject();
        Assert.True(Guid.TryParse(identity["id"]!.GetValue<string>(), out _));
        Assert.Equal("default", identity["schema_id"]!.GetValue<string>());
        Assert.Equal("fields@example.com", identity["traits"]!["email"]!.GetValue<string>());
        Assert.Equal("active", identity["state"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.String, identity["created_at"]!.GetValueKind());
        Assert.Equal(JsonValueKind.String, identity["updated_at"]!.GetValueKind());
        Assert.Equal(JsonValueKind.String, identity["schema_url"]!.GetValueKind());

        // The cookie lasts as long as the session.
        var cookie = Steps.SetCookie(login, CookieName)!;
        var expires = cookie.Split(';').Select(a => a.Trim()).Single(a => a.StartsWith("expires=", StringComparison.OrdinalIgnoreCase));
        var cookieExpiry = DateTime.Parse(expires["expires=".Length..], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        Assert.InRange(cookieExpiry, expiresAt.AddSeconds(-2), expiresAt.AddSeconds(2));
    }

    [Fact]
    public async Task An_expired_session_is_inactive_for_cookie_and_token()
    {
        // A minute on the portal's clock, which the test moves; the cookie jar runs on real time,
        // so the browser still sends the cookie and only the server can say it is too old.
        var clock = new FakeClock();
        using var shortLived = new PortalFactory(new Dictionary<string, string?> { ["session.lifespan"] = "1m" }) { Clock = clock };
        var authenticator = new SoftwareAuthenticator();
        using var client = shortLived.NewClient();
        var (registered, _) = await Journeys.RegisterAsync(client, authenticator, "brief@example.com");
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        using var app = shortLived.NewClient();
        var token = (await Steps.ApiLoginAsync(app, authenticator))["session_token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await client.WhoAmIAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.WhoAmIAsync(token)).StatusCode);

        clock.Advance(TimeSpan.FromSeconds(61));
        await Wire.AssertNoSessionAsync(await client.WhoAmIAsync());
        await Wire.AssertNoSessionAsync(await app.WhoAmIAsync(token));
        // An expired session does not block signing in again.
        Assert.Equal(HttpStatusCode.OK, (await client.CreateFlowRawAsync("login", "browser")).StatusCode);
    }

    [Fact]
    public async Task Browser_logout_url_revokes_the_session_and_its_token()
    {
        var authenticator = new SoftwareAuthenticator();
        await Steps.RegisterAsync(portal, authenticator, "logout@example.com");
        using var client = portal.NewClient();
        var (login, _) = await Journeys.LoginAsync(client, authenticator);
        var sessionToken = Steps.CookieValue(Steps.SetCookie(login, CookieName)!);

        var created = await client.Http.GetAsync("/self-service/logout/browser");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var logout = await Wire.ObjectAsync(created);
        var logoutToken = logout["logout_token"]!.GetValue<string>();
        var logoutUrl = logout["logout_url"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(logoutToken));
        Assert.Equal($"{portal.BaseUrl}/self-service/logout?token={logoutToken}", logoutUrl);

        var followed = await client.Http.GetAsync(logoutUrl);
        Assert.Equal(HttpStatusCode.SeeOther, followed.StatusCode);
        await Wire.AssertNoSessionAsync(await client.WhoAmIAsync());

        // The revoked token is dead everywhere, not just in that browser.
        using var elsewhere = portal.NewClient();
        await Wire.AssertNoSessionAsync(await elsewhere.WhoAmIAsync(sessionToken));
        // A logout token is single use.
        var again = new HttpRequestMessage(HttpMethod.Get, logoutUrl);
        again.Headers.Accept.ParseAdd("application/json");
        var second = await elsewhere.Http.SendAsync(again);
        Assert.InRange((int)second.StatusCode, 400, 499);
    }

    [Fact]
    public async Task Logout_browser_without_a_session_is_401()
    {
        using var client = portal.NewClient();
        await Wire.AssertErrorAsync(await client.Http.GetAsync("/self-service/logout/browser"), HttpStatusCode.Unauthorized, "session_inactive");
    }

    [Fact]
    public async Task Native_logout_with_the_session_token_is_204_and_revokes_it()
    {
        var authenticator = new SoftwareAuthenticator();
        await Steps.RegisterAsync(portal, authenticator, "native-logout@example.com");
        using var app = portal.NewClient();
        var token = (await Steps.ApiLoginAsync(app, authenticator))["session_token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await app.WhoAmIAsync(token)).StatusCode);

        var request = Wire.Json(HttpMethod.Delete, "/self-service/logout/api", new JsonObject { ["session_token"] = token }.ToJsonString());
        var response = await app.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await Wire.AssertNoSessionAsync(await app.WhoAmIAsync(token));

        // Logging out again with the dead token is refused, not a success and not a crash.
        var again = await app.Http.SendAsync(Wire.Json(HttpMethod.Delete, "/self-service/logout/api", new JsonObject { ["session_token"] = token }.ToJsonString()));
        Assert.InRange((int)again.StatusCode, 400, 499);
        Assert.True(Wire.IsKratosError(await Wire.BodyAsync(again)));
    }

    [Fact]
    public async Task A_new_login_makes_a_new_session_and_logging_out_one_leaves_the_other()
    {
        var authenticator = new SoftwareAuthenticator();
        await Steps.RegisterAsync(portal, authenticator, "two@example.com");
        using var phone = portal.NewClient();
        using var laptop = portal.NewClient();
        var phoneToken = (await Steps.ApiLoginAsync(phone, authenticator))["session_token"]!.GetValue<string>();
        var laptopToken = (await Steps.ApiLoginAsync(laptop, authenticator))["session_token"]!.GetValue<string>();
        Assert.NotEqual(phoneToken, laptopToken);

        var response = await phone.Http.SendAsync(Wire.Json(HttpMethod.Delete, "/self-service/logout/api", new JsonObject { ["session_token"] = phoneToken }.ToJsonString()));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.WhoAmIAsync(phoneToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.WhoAmIAsync(laptopToken)).StatusCode);
    }

    public void Dispose() => portal.Dispose();
}
