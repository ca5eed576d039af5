using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// The flows' node lists against the ones Kratos v26.2.0's own tests expect
/// (ui-snapshots/passkey, copied into Integration/Snapshots). Only values that differ per request
/// or per deployment are normalised: the CSRF token, the WebAuthn options, the script's src and
/// integrity, and the identifier's label (asserted on its own).
/// </summary>
public sealed class NodeSnapshotTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private const string LoginSnapshot = "TestFormHydration-method=PopulateLoginMethodFirstFactor.json";
    private const string CodeSnapshot = "TestFormHydration-method=PopulateLoginMethodFirstFactor-case=code_is_used_for_passwordless_login_and_request_is_1fa.json";
    private const string RegistrationBrowserSnapshot = "TestPopulateRegistrationMethod-method=PopulateRegistrationMethod-type=browser.json";
    private const string RegistrationApiSnapshot = "TestPopulateRegistrationMethod-method=PopulateRegistrationMethod-type=api.json";

    private PortalFactory Portal => fixture.Portal;

    [Fact]
    public async Task Login_browser_flow_has_the_Kratos_first_factor_passkey_nodes()
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");

        Snapshots.AssertSameNodes(Snapshots.Load(LoginSnapshot), PasskeyPart(flow));
        AssertIdentifierLabel(flow);
        AssertFlowEnvelope(flow, "login", "browser");
    }

    [Fact]
    public async Task Login_api_flow_has_the_first_factor_nodes_without_script_or_raw_javascript()
    {
        using var client = Portal.NewClient();
        var response = await client.CreateFlowRawAsync("login", "api", json: false);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"), "API flows set no cookies.");
        var flow = await Wire.ObjectAsync(response);

        // Kratos has no API-flow snapshot for first-factor login; UI-NODES §1: for API flows the
        // script node and the raw onclick/onload strings are left out, the *Trigger names stay.
        var expected = Snapshots.Load(LoginSnapshot)
            .Where(n => n["type"]!.GetValue<string>() != "script")
            .Select(n =>
            {
                var attributes = n["attributes"]!.AsObject();
                attributes.Remove("onload");
                attributes.Remove("onclick");
                return n;
            })
            .ToList();
        Snapshots.AssertSameNodes(expected, PasskeyPart(flow));
        AssertIdentifierLabel(flow);
        AssertFlowEnvelope(flow, "login", "api");
        Assert.Equal("", PortalClient.Csrf(flow));
    }

    [Theory]
    [InlineData("browser", RegistrationBrowserSnapshot)]
    [InlineData("api", RegistrationApiSnapshot)]
    public async Task Registration_flow_has_the_Kratos_passkey_nodes_and_the_schema_traits(string type, string snapshot)
    {
        using var client = Portal.NewClient();
        var flow = type == "browser" ? await client.CreateBrowserFlowAsync("registration") : await client.CreateApiFlowAsync("registration");

        var nodes = Wire.Nodes(flow).ToList();
        var passkeyPart = nodes.Where(n => n["group"]!.GetValue<string>() is "passkey" or "webauthn" || Snapshots.Name(n) == "csrf_token");
        Snapshots.AssertSameNodes(Snapshots.Load(snapshot), passkeyPart);

        var traits = nodes.Where(n => Snapshots.Name(n)?.StartsWith("traits.", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(["traits.email", "traits.name.first", "traits.name.last"], traits.Select(Snapshots.Name).Order());
        Assert.Equal(nodes.Count, passkeyPart.Count() + traits.Count);

        var email = traits.Single(n => Snapshots.Name(n) == "traits.email");
        AssertJson("""
            {"type":"input","group":"default",
             "attributes":{"name":"traits.email","type":"email","required":true,"autocomplete":"email","disabled":false,"node_type":"input"},
             "messages":[],
             "meta":{"label":{"id":1070002,"text":"Email","type":"info","context":{"title":"Email","name":"traits.email"}}}}
            """, email);
        foreach (var (name, title) in new[] { ("traits.name.first", "First name"), ("traits.name.last", "Last name") })
        {
            var node = traits.Single(n => Snapshots.Name(n) == name);
            AssertJson("""
                {"type":"input","group":"default",
                 "attributes":{"name":"NAME","type":"text","disabled":false,"node_type":"input"},
                 "messages":[],
                 "meta":{"label":{"id":1070002,"text":"TITLE","type":"info","context":{"title":"TITLE","name":"NAME"}}}}
                """.Replace("NAME", name).Replace("TITLE", title), node);
        }
        AssertFlowEnvelope(flow, "registration", type);
    }

    [Fact]
    public async Task A_refused_sign_in_comes_back_with_the_same_nodes_and_no_duplicates()
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var response = await client.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject
            {
                ["method"] = "passkey", ["csrf_token"] = PortalClient.Csrf(flow), ["passkey_login"] = "{\"id\":\"x\"}",
            });
            flow = await Wire.AssertFlowAsync(response);
            Wire.AssertHasErrorMessage(flow);
            Assert.Single(Wire.FlowMessages(flow));
            Snapshots.AssertSameNodes(Snapshots.Load(LoginSnapshot), PasskeyPart(flow));
        }
    }

    [Fact]
    public async Task A_refused_sign_up_comes_back_with_the_same_nodes_and_the_traits_filled_in()
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("registration");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var response = await client.SubmitJsonAsync("registration", PortalClient.Id(flow), new JsonObject
            {
                ["method"] = "passkey",
                ["csrf_token"] = PortalClient.Csrf(flow),
                ["traits"] = new JsonObject { ["email"] = "not-an-email", ["name"] = new JsonObject { ["first"] = "Ada" } },
                ["passkey_register"] = "{\"id\":\"x\"}",
            });
            flow = await Wire.AssertFlowAsync(response);
            var nodes = Wire.Nodes(flow).ToList();
            Assert.Equal(nodes.Count, nodes.Select(Snapshots.Key).Distinct().Count());
            Snapshots.AssertSameNodes(Snapshots.Load(RegistrationBrowserSnapshot),
                nodes.Where(n => n["group"]!.GetValue<string>() is "passkey" or "webauthn" || Snapshots.Name(n) == "csrf_token"));
            Assert.Equal(8, nodes.Count);
            Assert.Equal("not-an-email", PortalClient.NodeValue(flow, "traits.email"));
            Assert.Equal("Ada", PortalClient.NodeValue(flow, "traits.name.first"));
            Assert.Equal([4000040], Wire.Ids(Wire.NodeMessages(flow, "traits.email")));
        }
    }

    [Fact]
    public async Task Passkey_challenge_is_a_discoverable_credential_request()
    {
        using var client = Portal.NewClient();
        foreach (var flow in new[] { await client.CreateBrowserFlowAsync("login"), await client.CreateApiFlowAsync("login") })
        {
            var value = Wire.ParseObject(PortalClient.NodeValue(flow, "passkey_challenge"));
            Assert.Equal(["publicKey"], value.Select(p => p.Key));
            var publicKey = value["publicKey"]!.AsObject();
            Assert.Equal(32, Authenticator.Base64Url.Decode(publicKey["challenge"]!.GetValue<string>()).Length);
            Assert.Equal("localhost", publicKey["rpId"]!.GetValue<string>());
            Assert.Equal("required", publicKey["userVerification"]!.GetValue<string>());
            Assert.True(publicKey["timeout"]!.GetValue<int>() > 0);
            Assert.False(publicKey.ContainsKey("allowCredentials"), "First-factor login is discoverable: no allowCredentials.");
        }
    }

    [Fact]
    public async Task Every_flow_gets_its_own_challenge()
    {
        using var client = Portal.NewClient();
        var challenges = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            challenges.Add(Challenge(PortalClient.NodeValue(await client.CreateBrowserFlowAsync("login"), "passkey_challenge")));
            challenges.Add(Challenge(PortalClient.NodeValue(await client.CreateBrowserFlowAsync("registration"), "passkey_create_data")));
        }
        Assert.Equal(challenges.Count, challenges.Distinct().Count());
    }

    [Theory]
    [InlineData("browser")]
    [InlineData("api")]
    public async Task Passkey_create_data_asks_for_a_resident_user_verified_ES256_credential(string type)
    {
        using var client = Portal.NewClient();
        var flow = type == "browser" ? await client.CreateBrowserFlowAsync("registration") : await client.CreateApiFlowAsync("registration");
        var value = Wire.ParseObject(PortalClient.NodeValue(flow, "passkey_create_data"));

        Assert.Equal("traits.email", value["displayNameFieldName"]!.GetValue<string>());
        var publicKey = value["credentialOptions"]!["publicKey"]!.AsObject();

        var rp = publicKey["rp"]!.AsObject();
        Assert.Equal("localhost", rp["id"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(rp["name"]!.GetValue<string>()));

        var user = publicKey["user"]!.AsObject();
        var userId = Authenticator.Base64Url.Decode(user["id"]!.GetValue<string>());
        Assert.InRange(userId.Length, 1, 64);
        Assert.True(user.ContainsKey("name"));
        Assert.True(user.ContainsKey("displayName"));

        Assert.Equal(32, Authenticator.Base64Url.Decode(publicKey["challenge"]!.GetValue<string>()).Length);
        var algorithms = publicKey["pubKeyCredParams"]!.AsArray().Select(p =>
        {
            Assert.Equal("public-key", p!["type"]!.GetValue<string>());
            return p["alg"]!.GetValue<int>();
        });
        Assert.Contains(-7, algorithms);

        var selection = publicKey["authenticatorSelection"]!.AsObject();
        Assert.Equal("required", selection["residentKey"]!.GetValue<string>());
        Assert.True(selection["requireResidentKey"]!.GetValue<bool>());
        Assert.Equal("required", selection["userVerification"]!.GetValue<string>());
    }

    [Fact]
    public async Task Script_node_points_at_the_served_script_and_its_integrity_matches_the_bytes()
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var script = Wire.Nodes(flow).Single(n => n["type"]!.GetValue<string>() == "script")["attributes"]!;
        Assert.Equal(Portal.BaseUrl + "/.well-known/ory/webauthn.js", script["src"]!.GetValue<string>());

        var response = await client.Http.GetAsync("/.well-known/ory/webauthn.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("sha512-" + Convert.ToBase64String(SHA512.HashData(bytes)), script["integrity"]!.GetValue<string>());

        var registration = await client.CreateBrowserFlowAsync("registration");
        var registrationScript = Wire.Nodes(registration).Single(n => n["type"]!.GetValue<string>() == "script")["attributes"]!;
        Assert.Equal(script.ToJsonString(), registrationScript.ToJsonString());
    }

    // ---- helpers ----

    private void AssertFlowEnvelope(JsonObject flow, string kind, string type)
    {
        var id = PortalClient.Id(flow);
        Assert.Equal(type, flow["type"]!.GetValue<string>());
        Assert.Equal("choose_method", flow["state"]!.GetValue<string>());
        Assert.Equal($"{Portal.BaseUrl}/self-service/{kind}?flow={id}", flow["ui"]!["action"]!.GetValue<string>());
        Assert.Equal("POST", flow["ui"]!["method"]!.GetValue<string>());
        Assert.StartsWith($"{Portal.BaseUrl}/self-service/{kind}/{type}", flow["request_url"]!.GetValue<string>());
        Assert.True(flow["expires_at"]!.GetValue<DateTime>() > flow["issued_at"]!.GetValue<DateTime>());
    }

    /// <summary>Our schema titles the identifier "Email"; Kratos's test schema has no title and gets 1070004 "ID".</summary>
    private static void AssertIdentifierLabel(JsonObject flow)
    {
        var label = PortalClient.Node(flow, "identifier")!["meta"]!["label"]!;
        Assert.Equal(1070002, label["id"]!.GetValue<int>());
        Assert.Equal("Email", label["text"]!.GetValue<string>());
        Assert.Equal("info", label["type"]!.GetValue<string>());
        Assert.Equal("Email", label["context"]?["title"]?.GetValue<string>());
    }

    [Fact]
    public async Task Login_flow_offers_the_Kratos_passwordless_code_button()
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");

        // Kratos's passwordless code snapshot, less the identifier it shares with the passkey
        // method (whose label and autocomplete the passkey snapshot fixes).
        var expected = Snapshots.Load(CodeSnapshot).Where(n => n["group"]!.GetValue<string>() == "code");
        Snapshots.AssertSameNodes(expected, Wire.Nodes(flow).Where(n => n["group"]!.GetValue<string>() == "code"));
    }

    /// <summary>The login flow less the code and backup-code methods' nodes: what Kratos's passkey snapshot covers.</summary>
    private static IEnumerable<JsonObject> PasskeyPart(JsonObject flow) =>
        Wire.Nodes(flow).Where(n => n["group"]!.GetValue<string>() is not ("code" or "lookup_secret"));

    private static string Challenge(string options)
    {
        var root = Wire.ParseObject(options);
        var publicKey = (root["credentialOptions"] ?? root)["publicKey"]!;
        return publicKey["challenge"]!.GetValue<string>();
    }

    private static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual),
            $"Expected {JsonNode.Parse(expected)!.ToJsonString()}\nActual   {actual.ToJsonString()}");
}
