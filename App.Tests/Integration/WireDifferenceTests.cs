using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Answers that once differed from Kratos v26.2.0's and now match it, each pinned to the body
/// Kratos's handlers write (whole bodies where Kratos's is fixed, so any drift fails).
/// </summary>
public sealed class WireDifferenceTests : IDisposable
{
    private readonly PortalFactory portal = new();

    [Fact]
    public async Task Whoami_without_credentials_is_Kratos_s_plain_401()
    {
        using var client = portal.NewClient();
        var body = await Wire.ObjectAsync(await client.WhoAmIAsync());
        AssertSameJson("""{"error":{"code":401,"status":"Unauthorized","reason":"No valid session credentials found in the request.","message":"The request could not be authorized"}}""", body);
    }

    [Theory]
    [InlineData("login")]
    [InlineData("registration")]
    [InlineData("recovery")]
    public async Task A_malformed_flow_id_on_submission_is_400_and_an_unknown_one_404_with_Kratos_s_bodies(string kind)
    {
        using var client = portal.NewClient();
        var malformed = await client.SubmitJsonAsync(kind, "not-a-uuid", new JsonObject { ["method"] = "passkey" });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        AssertSameJson("""{"error":{"code":400,"status":"Bad Request","reason":"The flow query parameter is missing or malformed.","message":"The request was malformed or contained invalid parameters"}}""",
            await Wire.ObjectAsync(malformed));

        var unknown = await client.SubmitJsonAsync(kind, Guid.NewGuid().ToString(), new JsonObject { ["method"] = "passkey" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        AssertSameJson(NoRows, await Wire.ObjectAsync(unknown));

        foreach (var id in new[] { Guid.NewGuid().ToString(), "not-a-uuid" })
        {
            var read = await client.GetFlowAsync(kind, id);
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
            AssertSameJson(NoRows, await Wire.ObjectAsync(read));
        }
    }

    [Fact]
    public async Task Registration_and_settings_flows_keep_their_timestamps_and_settings_has_no_organization()
    {
        using var client = portal.NewClient();
        var login = await client.CreateBrowserFlowAsync("login");
        Assert.True(login.ContainsKey("created_at") && login.ContainsKey("updated_at"));
        Assert.True(login.ContainsKey("organization_id") && login["organization_id"] is null);

        var registration = await client.CreateBrowserFlowAsync("registration");
        Assert.False(registration.ContainsKey("created_at"));
        Assert.False(registration.ContainsKey("updated_at"));
        Assert.True(registration.ContainsKey("organization_id") && registration["organization_id"] is null);

        var (registered, _) = await Journeys.RegisterAsync(client, new SoftwareAuthenticator(), "timestamps@example.com");
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var settings = await client.CreateBrowserFlowAsync("settings");
        Assert.False(settings.ContainsKey("created_at"));
        Assert.False(settings.ContainsKey("updated_at"));
        Assert.False(settings.ContainsKey("organization_id"));
    }

    [Fact]
    public async Task Signed_in_a_new_login_flow_says_you_are_already_logged_in()
    {
        using var client = portal.NewClient();
        var (registered, _) = await Journeys.RegisterAsync(client, new SoftwareAuthenticator(), "already@example.com");
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var body = await Wire.AssertErrorAsync(await client.CreateFlowRawAsync("login", "browser"), HttpStatusCode.BadRequest, "session_already_available");
        Assert.Equal("you are already logged in", body["error"]!["message"]!.GetValue<string>());
        Assert.Equal("A valid session was detected and thus login is not possible. Did you forget to set `?refresh=true`?", body["error"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_CSRF_refusal_carries_Kratos_s_docs_hint_and_reject_reason()
    {
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var token = PortalClient.Csrf(flow);
        var tampered = (token[5] == 'A' ? "B" : "A") is var c ? token[..5] + c + token[6..] : token;

        var mismatch = await Wire.AssertErrorAsync(
            await client.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject { ["method"] = "passkey", ["csrf_token"] = tampered, ["passkey_login"] = "{}" }),
            HttpStatusCode.Forbidden, "security_csrf_violation");
        var details = mismatch["error"]!["details"]!;
        Assert.Equal("https://www.ory.sh/kratos/docs/debug/csrf", details["docs"]!.GetValue<string>());
        Assert.StartsWith("We detected an AJAX call", details["hint"]!.GetValue<string>());
        Assert.Equal("The HTTP Cookie Header was set and a CSRF token was sent but they do not match. We recommend deleting all cookies for this domain and retrying the flow.",
            details["reject_reason"]!.GetValue<string>());
        Assert.Equal("the request was rejected to protect you from Cross-Site-Request-Forgery", mismatch["error"]!["message"]!.GetValue<string>());

        // No token at all: Kratos makes that the hint, with no reject_reason.
        var missing = await Wire.AssertErrorAsync(
            await client.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject { ["method"] = "passkey", ["passkey_login"] = "{}" }),
            HttpStatusCode.Forbidden, "security_csrf_violation");
        Assert.StartsWith("The anti-CSRF cookie was found but the CSRF token was not included", missing["error"]!["details"]!["hint"]!.GetValue<string>());
        Assert.Null(missing["error"]!["details"]!["reject_reason"]);

        // From a client that sends no cookies at all.
        using var stranger = portal.NewClient();
        var noCookies = await Wire.AssertErrorAsync(
            await stranger.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject { ["method"] = "passkey", ["csrf_token"] = token, ["passkey_login"] = "{}" }),
            HttpStatusCode.Forbidden, "security_csrf_violation");
        Assert.Equal("The HTTP Cookie Header is empty or not set.", noCookies["error"]!["details"]!["reject_reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_session_s_cookie_has_Max_Age_and_its_device_no_location_it_does_not_know()
    {
        using var client = portal.NewClient();
        var (registered, _) = await Journeys.RegisterAsync(client, new SoftwareAuthenticator(), "device@example.com");
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var cookie = Steps.SetCookie(registered, "ory_kratos_session")!;
        var attributes = cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains(attributes, a => a.StartsWith("expires=", StringComparison.Ordinal));
        var maxAge = attributes.Single(a => a.StartsWith("max-age=", StringComparison.Ordinal));
        Assert.InRange(long.Parse(maxAge["max-age=".Length..]), 1, (long)TimeSpan.FromDays(1).TotalSeconds);

        var session = await Wire.ObjectAsync(await client.WhoAmIAsync());
        var device = session["devices"]!.AsArray().Single()!.AsObject();
        // Kratos's Go code writes null here, but its document (and so every generated SDK) declares a
        // string; left out, the device fits the model, and a reader gets "no location" either way.
        Assert.False(device.ContainsKey("location"), device.ToJsonString());
    }

    [Fact]
    public async Task The_login_identifier_s_label_names_the_schema_s_trait()
    {
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var label = PortalClient.Node(flow, "identifier")!["meta"]!["label"]!;
        Assert.Equal(1070002, label["id"]!.GetValue<int>());
        Assert.Equal("traits.email", label["context"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_turned_off_registration_is_refused_with_Kratos_s_message_and_reason()
    {
        using var off = new PortalFactory(new Dictionary<string, string?> { ["selfservice.flows.registration.enabled"] = "false" });
        using var client = off.NewClient();
        var body = await Wire.AssertErrorAsync(await client.CreateFlowRawAsync("registration", "api"), HttpStatusCode.BadRequest, "self_service_flow_disabled");
        Assert.Equal("registration flow disabled", body["error"]!["message"]!.GetValue<string>());
        Assert.Equal("Registration is not allowed because it was disabled.", body["error"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_passkey_sign_in_uses_Kratos_s_message_ids_and_leaves_no_active_method()
    {
        using var client = portal.NewClient();
        var authenticator = new SoftwareAuthenticator();
        var (registered, _) = await Journeys.RegisterAsync(client, authenticator, "refused@example.com");
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        using var other = portal.NewClient();

        async Task<JsonObject> RefusedAsync(Func<JsonObject, string> assertion)
        {
            var flow = await other.CreateBrowserFlowAsync("login");
            var response = await other.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject
            {
                ["method"] = "passkey", ["csrf_token"] = PortalClient.Csrf(flow), ["passkey_login"] = assertion(flow),
            });
            var refused = await Wire.AssertFlowAsync(response);
            Assert.False(refused.ContainsKey("active"), refused.ToJsonString());
            return refused;
        }

        var badSignature = await RefusedAsync(f => authenticator.Get(PortalClient.NodeValue(f, "passkey_challenge"), portal.Origin, new CeremonyTweaks { CorruptSignature = true }));
        var message = Assert.Single(Wire.FlowMessages(badSignature));
        Assert.Equal((4000008, "The provided authentication code is invalid, please try again."), (message["id"]!.GetValue<int>(), message["text"]!.GetValue<string>()));

        // A passkey saved on another portal (another database, the same rp id): no account here has it.
        var stranger = new SoftwareAuthenticator();
        using (var elsewhere = new PortalFactory())
        using (var there = elsewhere.NewClient())
            Assert.Equal(HttpStatusCode.OK, (await Journeys.RegisterAsync(there, stranger, "stranger@example.com")).Response.StatusCode);
        var unknown = await RefusedAsync(f => stranger.Get(PortalClient.NodeValue(f, "passkey_challenge"), portal.Origin));
        Assert.Equal([4000015], Wire.Ids(Wire.FlowMessages(unknown)));

        var garbage = await RefusedAsync(_ => "{\"id\": 12, \"response\": []}");
        message = Assert.Single(Wire.FlowMessages(garbage));
        Assert.Equal((4000001, "Unable to parse WebAuthn response."), (message["id"]!.GetValue<int>(), message["text"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Registration_hooks_without_session_save_the_account_and_sign_nobody_in_as_Kratos_does()
    {
        using var kratosLike = new PortalFactory(new Dictionary<string, string?>
        {
            ["selfservice.flows.registration.after.passkey.hooks.0.hook"] = "show_verification_ui",
        });
        using var client = kratosLike.NewClient();
        var authenticator = new SoftwareAuthenticator();
        var (response, body) = await Journeys.RegisterAsync(client, authenticator, "hookless@example.com");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Steps.SetCookie(response, "ory_kratos_session"));
        Assert.False(body.ContainsKey("session"), body.ToJsonString());
        Assert.False(body.ContainsKey("session_token"));
        Assert.Equal("hookless@example.com", body["identity"]!["traits"]!["email"]!.GetValue<string>());
        Assert.Equal(["show_verification_ui"], body["continue_with"]!.AsArray().Select(s => s!["action"]!.GetValue<string>()));
        await Wire.AssertNoSessionAsync(await client.WhoAmIAsync());

        // The same through a native app's flow: no token either.
        using var app = kratosLike.NewClient();
        var flow = await app.CreateApiFlowAsync("registration");
        var created = await app.SubmitJsonAsync("registration", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "passkey", ["traits"] = new JsonObject { ["email"] = "hookless-app@example.com" },
            ["passkey_register"] = new SoftwareAuthenticator().Create(PortalClient.NodeValue(flow, "passkey_create_data"), kratosLike.Origin),
        });
        var native = await Wire.ObjectAsync(created);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.False(native.ContainsKey("session_token") || native.ContainsKey("session"), native.ToJsonString());

        // The passkey was saved: it signs in.
        var (signedIn, _) = await Journeys.LoginAsync(client, authenticator);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.WhoAmIAsync()).StatusCode);
    }

    private const string NoRows = """{"error":{"code":404,"status":"Not Found","message":"Unable to locate the resource"}}""";

    private static void AssertSameJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {expected}\nGot      {actual.ToJsonString()}");

    public void Dispose() => portal.Dispose();
}
