using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// The admin console's passkey sign-in over HTTP, on a portal with a real admin listener: who gets
/// in, who gets "You don't have access", and that its origin, its cookie and its challenges are its own.
/// </summary>
public sealed class ConsoleSignInTests : IDisposable
{
    private readonly FakeClock clock = new();
    private readonly PortalFactory portal;

    public ConsoleSignInTests() => portal = PortalFactory.StartKestrelWithAdmin(clock: clock);

    public void Dispose() => portal.Dispose();

    private static IEnumerable<JsonNode?> OfType(JsonArray audit, string type) => audit.Where(e => e!["type"]!.GetValue<string>() == type);

    [Fact]
    public async Task An_administrator_by_role_signs_in_with_a_passkey_on_the_admin_origin()
    {
        var (id, email, passkey) = await ConsoleVisit.SignUpAsync(portal, "admin");
        await ConsoleVisit.MakeAdministratorAsync(portal, id);
        using var visit = new ConsoleVisit(portal);

        var response = await visit.SignInAsync(passkey);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/admin", ConsoleVisit.Location(response));
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("portal_admin_console=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        var page = await visit.Http.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"Signed in as {email}.", System.Net.WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));
        var signedIn = Assert.Single(OfType(await ConsoleVisit.AuditAsync(portal, id), "admin_console.signed_in"));
        Assert.Equal("identity", signedIn!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_administrator_by_listed_address_signs_in()
    {
        using var listed = PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?> { ["admin.console.identities.0"] = "OPS-LEAD@example.com" });
        var passkey = new SoftwareAuthenticator();
        using (var client = listed.NewClient())
            Assert.Equal(HttpStatusCode.OK, (await Journeys.RegisterAsync(client, passkey, "ops-lead@example.com")).Response.StatusCode);
        using var visit = new ConsoleVisit(listed);

        var response = await visit.SignInAsync(passkey);

        Assert.Equal("/admin", ConsoleVisit.Location(response));
        Assert.Contains("Signed in as ops-lead@example.com.", await visit.PageAsync("/admin"));
    }

    [Fact]
    public async Task Someone_else_with_a_valid_passkey_gets_no_access_and_no_session()
    {
        var (id, email, passkey) = await ConsoleVisit.SignUpAsync(portal, "support");
        await ConsoleVisit.MakeAdministratorAsync(portal, id, admin: false);
        using var visit = new ConsoleVisit(portal);

        var response = await visit.SignInAsync(passkey);

        Assert.Equal("/admin/sign-in?error=no_access", ConsoleVisit.Location(response));
        Assert.Null(visit.ConsoleCookie);
        var page = await visit.PageAsync("/admin/sign-in?error=no_access");
        Assert.Contains("You don't have access", page);
        Assert.DoesNotContain(email, page);
        var home = await visit.Http.GetAsync("/admin");
        Assert.Equal("/admin/sign-in", ConsoleVisit.Location(home));
        var refused = Assert.Single(OfType(await ConsoleVisit.AuditAsync(portal, id), "admin_console.no_access"));
        Assert.Equal("identity", refused!["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task Nobody_signed_in_gets_the_sign_in_page()
    {
        using var visit = new ConsoleVisit(portal);

        var home = await visit.Http.GetAsync("/admin");
        var root = await visit.Http.GetAsync("/");
        var signIn = await visit.PageAsync("/admin/sign-in");

        Assert.Equal(HttpStatusCode.Found, home.StatusCode);
        Assert.Equal("/admin/sign-in", ConsoleVisit.Location(home));
        Assert.Equal("/admin", ConsoleVisit.Location(root));
        Assert.Contains("Sign in with passkey", signIn);
        Assert.Contains("data-trigger=\"oryPasskeyLogin\"", signIn);
    }

    [Fact]
    public async Task The_public_listener_has_no_console()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        foreach (var path in new[] { "/admin", "/admin/sign-in" })
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(portal.BaseUrl + path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync(portal.BaseUrl + "/admin/sign-in", new FormUrlEncodedContent([]))).StatusCode);
    }

    [Fact]
    public async Task A_public_session_cookie_does_not_open_the_console()
    {
        var (id, _, passkey) = await ConsoleVisit.SignUpAsync(portal, "public-admin");
        await ConsoleVisit.MakeAdministratorAsync(portal, id);
        using var visit = new ConsoleVisit(portal);
        // Signed in on the public listener in the same browser: cookies do not isolate by port.
        var start = new HttpRequestMessage(HttpMethod.Get, $"{portal.BaseUrl}/self-service/login/browser");
        start.Headers.Accept.ParseAdd("application/json");
        var flow = await Wire.ObjectAsync(await visit.Http.SendAsync(start));
        var assertion = passkey.Get(PortalClient.NodeValue(flow, "passkey_challenge"), portal.Origin);
        var login = await visit.Http.PostAsync($"{portal.BaseUrl}/self-service/login?flow={PortalClient.Id(flow)}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["method"] = "passkey", ["csrf_token"] = PortalClient.Csrf(flow), ["passkey_login"] = assertion }));
        Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
        Assert.Contains(visit.Cookies.GetCookies(new Uri(visit.Origin)), c => c.Name == "ory_kratos_session");

        var home = await visit.Http.GetAsync("/admin");

        Assert.Equal("/admin/sign-in", ConsoleVisit.Location(home));
    }

    [Fact]
    public async Task The_console_cookie_opens_nothing_on_the_public_listener()
    {
        var (id, _, passkey) = await ConsoleVisit.SignUpAsync(portal, "cookie");
        await ConsoleVisit.MakeAdministratorAsync(portal, id);
        using var visit = new ConsoleVisit(portal);
        await visit.SignInAsync(passkey);
        Assert.NotNull(visit.ConsoleCookie);

        var whoami = await visit.Http.GetAsync($"{portal.BaseUrl}/sessions/whoami");
        var withToken = new HttpRequestMessage(HttpMethod.Get, $"{portal.BaseUrl}/sessions/whoami");
        withToken.Headers.Add("X-Session-Token", visit.ConsoleCookie);

        Assert.Equal(HttpStatusCode.Unauthorized, whoami.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await visit.Http.SendAsync(withToken)).StatusCode);
    }

    [Fact]
    public async Task A_response_made_on_the_public_origin_is_refused_by_the_console()
    {
        var (id, _, passkey) = await ConsoleVisit.SignUpAsync(portal, "phished");
        await ConsoleVisit.MakeAdministratorAsync(portal, id);
        using var visit = new ConsoleVisit(portal);

        var response = await visit.SignInAsync(passkey, origin: portal.Origin);

        Assert.Equal("/admin/sign-in?error=refused", ConsoleVisit.Location(response));
        Assert.Null(visit.ConsoleCookie);
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<App.Data.PortalDbContext>();
        var refused = await db.AuditEvents.SingleAsync(e => e.Type == "admin_console.sign_in_refused");
        Assert.Contains("InvalidAuthenticatorResponseOrigin", refused.Details);
        Assert.Equal("anonymous", refused.Actor);
    }

    [Fact]
    public async Task A_challenge_works_once_and_only_in_the_browser_that_asked_for_it()
    {
        var (id, _, passkey) = await ConsoleVisit.SignUpAsync(portal, "replay");
        await ConsoleVisit.MakeAdministratorAsync(portal, id);
        using var visit = new ConsoleVisit(portal);
        var (flow, challenge) = await visit.OpenSignInAsync();
        var assertion = passkey.Get(challenge, visit.Origin);

        // Another browser, without this one's binding cookie, cannot use the challenge.
        using var other = new ConsoleVisit(portal);
        Assert.Equal("/admin/sign-in?error=refused", ConsoleVisit.Location(await other.SubmitAsync(flow, assertion)));

        Assert.Equal("/admin", ConsoleVisit.Location(await visit.SubmitAsync(flow, assertion)));
        Assert.Equal("/admin/sign-in?error=expired", ConsoleVisit.Location(await visit.SubmitAsync(flow, assertion)));
    }

    [Fact]
    public async Task A_challenge_expires()
    {
        var (id, _, passkey) = await ConsoleVisit.SignUpAsync(portal, "slow");
        await ConsoleVisit.MakeAdministratorAsync(portal, id);
        using var visit = new ConsoleVisit(portal);
        var (flow, challenge) = await visit.OpenSignInAsync();

        clock.Advance(TimeSpan.FromMinutes(11));

        Assert.Equal("/admin/sign-in?error=expired", ConsoleVisit.Location(await visit.SubmitAsync(flow, passkey.Get(challenge, visit.Origin))));
        Assert.Null(visit.ConsoleCookie);
    }

    [Fact]
    public async Task The_public_login_refuses_a_response_made_on_the_admin_origin()
    {
        var (_, _, passkey) = await ConsoleVisit.SignUpAsync(portal, "cross");
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");

        var assertion = passkey.Get(PortalClient.NodeValue(flow, "passkey_challenge"), portal.ConsoleOrigin);
        var response = await client.SubmitJsonAsync("login", PortalClient.Id(flow), Steps.LoginBody(flow, assertion));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<App.Data.PortalDbContext>();
        Assert.Contains(await db.AuditEvents.Where(e => e.Type == "login.failed").Select(e => e.Details).ToListAsync(), d => d!.Contains("InvalidAuthenticatorResponseOrigin"));
    }

    [Fact]
    public async Task Losing_the_role_ends_the_console_session_at_the_next_visit()
    {
        var (id, email, passkey) = await ConsoleVisit.SignUpAsync(portal, "demoted");
        await ConsoleVisit.MakeAdministratorAsync(portal, id);
        using var visit = new ConsoleVisit(portal);
        await visit.SignInAsync(passkey);

        await ConsoleVisit.MakeAdministratorAsync(portal, id, admin: false);
        var page = await visit.PageAsync("/admin");

        Assert.Contains("You don't have access", page);
        Assert.DoesNotContain(email, page);
        Assert.Equal("/admin/sign-in", ConsoleVisit.Location(await visit.Http.GetAsync("/admin")));
    }

    [Fact]
    public async Task Signing_out_ends_the_console_session()
    {
        var (id, _, passkey) = await ConsoleVisit.SignUpAsync(portal, "leaving");
        await ConsoleVisit.MakeAdministratorAsync(portal, id);
        using var visit = new ConsoleVisit(portal);
        await visit.SignInAsync(passkey);
        var token = visit.ConsoleCookie!;

        var response = await visit.Http.PostAsync("/admin/sign-out", new FormUrlEncodedContent([]));

        Assert.Equal("/admin/sign-in", ConsoleVisit.Location(response));
        using var again = new ConsoleVisit(portal);
        again.Cookies.Add(new Uri(visit.Origin), new Cookie("portal_admin_console", token));
        Assert.Equal("/admin/sign-in", ConsoleVisit.Location(await again.Http.GetAsync("/admin")));
        Assert.Single(OfType(await ConsoleVisit.AuditAsync(portal, id), "admin_console.signed_out"));
    }

    [Theory]
    [InlineData("application/json", "[1]", 400)]
    [InlineData("application/json", "{", 400)]
    [InlineData("text/plain", "flow=x", 400)]
    [InlineData("application/x-www-form-urlencoded", "flow=not-a-flow&passkey_login=%7B%7D", 303)]
    [InlineData("application/x-www-form-urlencoded", "", 303)]
    public async Task Bad_sign_in_posts_are_refused_without_a_server_error(string type, string body, int status)
    {
        using var visit = new ConsoleVisit(portal);
        await visit.OpenSignInAsync();

        var response = await visit.Http.PostAsync("/admin/sign-in", new StringContent(body, System.Text.Encoding.UTF8, type));

        Assert.Equal(status, (int)response.StatusCode);
        if (status == 400) Assert.Equal(400, (await Wire.ObjectAsync(response))["error"]!["code"]!.GetValue<int>());
        else Assert.Equal("/admin/sign-in?error=expired", ConsoleVisit.Location(response));
    }

    [Fact]
    public async Task With_admin_api_keys_the_console_still_signs_in_by_passkey_and_the_api_still_wants_a_key()
    {
        using var keyed = PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?>
        {
            ["serve.admin.api_keys.0.name"] = "ops",
            ["serve.admin.api_keys.0.key_hash"] = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("k3y"u8)),
        });
        using var visit = new ConsoleVisit(keyed);

        Assert.Equal(HttpStatusCode.OK, (await visit.Http.GetAsync("/admin/sign-in")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await visit.Http.GetAsync("/admin/identities")).StatusCode);
    }

    [Fact]
    public async Task A_disabled_console_is_not_there()
    {
        using var off = PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?> { ["admin.console.enabled"] = "false" });
        using var visit = new ConsoleVisit(off);

        Assert.Equal(HttpStatusCode.NotFound, (await visit.Http.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await visit.Http.GetAsync("/admin/sign-in")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visit.Http.GetAsync("/admin/identities")).StatusCode);
    }
}
