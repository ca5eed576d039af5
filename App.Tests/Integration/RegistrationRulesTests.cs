using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Trait validation and address uniqueness on sign-up: problems come back as messages on the
/// trait nodes (Kratos ids), nothing is stored, and the address stays free.
/// </summary>
public sealed class RegistrationRulesTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private PortalFactory Portal => fixture.Portal;

    [Theory]
    [InlineData("taken@example.com", "taken@example.com")]
    [InlineData("Case@Example.com", "case@example.com")]
    [InlineData("upper@example.com", "UPPER@EXAMPLE.COM")]
    [InlineData("spaces@example.com", "  spaces@example.com ")]
    public async Task A_taken_address_in_any_case_is_4000007_and_the_passkey_is_not_stored(string first, string second)
    {
        await Steps.RegisterAsync(Portal, new SoftwareAuthenticator(), first);

        using var client = Portal.NewClient();
        var intruder = new SoftwareAuthenticator();
        var flow = await client.CreateBrowserFlowAsync("registration");
        var credential = intruder.Create(PortalClient.NodeValue(flow, "passkey_create_data"), Portal.Origin);
        var response = await client.SubmitJsonAsync("registration", PortalClient.Id(flow), Steps.RegistrationBody(flow, second, credential));

        var body = await Wire.AssertFlowAsync(response);
        var message = Assert.Single(Wire.NodeMessages(body, "traits.email"));
        Assert.Equal(4000007, message["id"]!.GetValue<int>());
        Assert.Equal("error", message["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);

        // The passkey made for the refused sign-up opens nothing.
        using var other = Portal.NewClient();
        var (login, loginBody) = await Journeys.LoginAsync(other, intruder);
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.True(Wire.IsFlow(loginBody));
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.WhoAmIAsync()).StatusCode);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("two@@example.com")]
    [InlineData("no-domain@")]
    [InlineData("@example.com")]
    [InlineData("spaces in@example.com")]
    public async Task An_invalid_address_is_4000040_on_traits_email(string email)
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("registration");
        var credential = new SoftwareAuthenticator().Create(PortalClient.NodeValue(flow, "passkey_create_data"), Portal.Origin);
        var response = await client.SubmitJsonAsync("registration", PortalClient.Id(flow), Steps.RegistrationBody(flow, email, credential));

        var body = await Wire.AssertFlowAsync(response);
        Assert.Contains(4000040, Wire.Ids(Wire.NodeMessages(body, "traits.email")));
        // The user sees what they typed.
        Assert.Equal(email, PortalClient.Node(body, "traits.email")!["attributes"]!["value"]?.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
    }

    [Theory]
    [InlineData("absent")]
    [InlineData("no_traits")]
    [InlineData("empty_form_field")]
    public async Task A_missing_address_is_4000002(string how)
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("registration");
        var credential = new SoftwareAuthenticator().Create(PortalClient.NodeValue(flow, "passkey_create_data"), Portal.Origin);
        HttpResponseMessage response;
        if (how == "empty_form_field")
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/self-service/registration?flow={PortalClient.Id(flow)}")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["method"] = "passkey", ["csrf_token"] = PortalClient.Csrf(flow), ["traits.email"] = "", ["passkey_register"] = credential,
                }),
            };
            request.Headers.Accept.ParseAdd("application/json");
            response = await client.Http.SendAsync(request);
        }
        else
        {
            var body = Steps.RegistrationBody(flow, "x", credential);
            if (how == "absent") body["traits"] = new JsonObject();
            else body.Remove("traits");
            response = await client.SubmitJsonAsync("registration", PortalClient.Id(flow), body);
        }

        var flowBody = await Wire.AssertFlowAsync(response);
        var all = Wire.NodeMessages(flowBody, "traits.email").Concat(Wire.FlowMessages(flowBody)).ToList();
        var required = Assert.Single(all, m => m["id"]!.GetValue<int>() == 4000002);
        Assert.Equal("Property email is missing.", required["text"]!.GetValue<string>());
        Assert.Contains(4000002, Wire.Ids(Wire.NodeMessages(flowBody, "traits.email")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
    }

    [Fact]
    public async Task A_failed_sign_up_leaves_no_identity_so_the_address_registers_afterwards()
    {
        const string email = "retry-later@example.com";
        using (var client = Portal.NewClient())
        {
            var flow = await client.CreateBrowserFlowAsync("registration");
            var bad = new SoftwareAuthenticator().Create(PortalClient.NodeValue(flow, "passkey_create_data"), Portal.Origin, new CeremonyTweaks { UserVerified = false });
            var refused = await client.SubmitJsonAsync("registration", PortalClient.Id(flow), Steps.RegistrationBody(flow, email, bad));
            await Wire.AssertFlowAsync(refused);
        }

        // A different browser, a new flow: the address is free.
        var authenticator = new SoftwareAuthenticator();
        using var fresh = Portal.NewClient();
        var (response, body) = await Journeys.RegisterAsync(fresh, authenticator, email);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(email, body["identity"]!["traits"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unknown_traits_are_refused_and_nothing_is_stored()
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("registration");
        var credential = new SoftwareAuthenticator().Create(PortalClient.NodeValue(flow, "passkey_create_data"), Portal.Origin);
        var body = Steps.RegistrationBody(flow, "extra@example.com", credential);
        body["traits"]!["admin"] = true;
        var response = await client.SubmitJsonAsync("registration", PortalClient.Id(flow), body);
        var refused = await Wire.AssertFlowAsync(response);
        Assert.NotEmpty(Wire.NodeMessages(refused, "traits.email").Concat(Wire.FlowMessages(refused)));

        var retry = new SoftwareAuthenticator();
        var (ok, _) = await Journeys.RegisterAsync(Portal.NewClient(), retry, "extra@example.com");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Submitting_traits_without_a_credential_keeps_them_and_asks_for_the_passkey()
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("registration");
        var response = await client.SubmitJsonAsync("registration", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "passkey",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["traits"] = new JsonObject { ["email"] = "Later@Example.com" },
        });
        var body = await Wire.AssertFlowAsync(response);
        Assert.Empty(Wire.NodeMessages(body, "traits.email"));
        var options = Wire.ParseObject(PortalClient.NodeValue(body, "passkey_create_data"));
        // The display name is filled from the address for the authenticator's account picker.
        Assert.Equal("later@example.com", options["credentialOptions"]!["publicKey"]!["user"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Api_registration_returns_a_session_token_and_set_ory_session_token()
    {
        using var app = Portal.NewClient();
        var flow = await app.CreateApiFlowAsync("registration");
        var authenticator = new SoftwareAuthenticator();
        var credential = authenticator.Create(PortalClient.NodeValue(flow, "passkey_create_data"), Portal.Origin);
        var response = await app.SubmitJsonAsync("registration", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "passkey",
            ["traits"] = new JsonObject { ["email"] = "native-signup@example.com" },
            ["passkey_register"] = credential,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Steps.SetCookie(response, "ory_kratos_session"));
        var body = await Wire.ObjectAsync(response);

        var token = body["session_token"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(token));
        var continueWith = body["continue_with"]!.AsArray();
        var set = Assert.Single(continueWith, c => c!["action"]!.GetValue<string>() == "set_ory_session_token")!;
        Assert.Equal(token, set["ory_session_token"]!.GetValue<string>());
        Assert.Equal("native-signup@example.com", body["identity"]!["traits"]!["email"]!.GetValue<string>());
        Assert.Equal(body["identity"]!["id"]!.GetValue<string>(), body["session"]!["identity"]!["id"]!.GetValue<string>());

        var whoami = await app.WhoAmIAsync(token);
        Assert.Equal(HttpStatusCode.OK, whoami.StatusCode);
        Assert.Equal("native-signup@example.com", (await Wire.ObjectAsync(whoami))["identity"]!["traits"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Spa_registration_has_no_token_in_the_body_but_continue_with_a_redirect()
    {
        using var client = Portal.NewClient();
        var (response, body) = await Journeys.RegisterAsync(client, new SoftwareAuthenticator(), "spa-signup@example.com");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(body["session_token"]);
        var redirect = Assert.Single(body["continue_with"]!.AsArray())!;
        Assert.Equal("redirect_browser_to", redirect["action"]!.GetValue<string>());
        Assert.Equal(Portal.BaseUrl + "/welcome", redirect["redirect_browser_to"]!.GetValue<string>());
        Assert.Equal("passkey", body["session"]!["authentication_methods"]![0]!["method"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_completed_registration_flow_cannot_be_used_again()
    {
        using var app = Portal.NewClient();
        var flow = await app.CreateApiFlowAsync("registration");
        var credential = new SoftwareAuthenticator().Create(PortalClient.NodeValue(flow, "passkey_create_data"), Portal.Origin);
        var body = new JsonObject
        {
            ["method"] = "passkey",
            ["traits"] = new JsonObject { ["email"] = "once@example.com" },
            ["passkey_register"] = credential,
        };
        Assert.Equal(HttpStatusCode.OK, (await app.SubmitJsonAsync("registration", PortalClient.Id(flow), body)).StatusCode);

        var again = new SoftwareAuthenticator().Create(PortalClient.NodeValue(flow, "passkey_create_data"), Portal.Origin);
        var second = await app.SubmitJsonAsync("registration", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "passkey",
            ["traits"] = new JsonObject { ["email"] = "twice@example.com" },
            ["passkey_register"] = again,
        });
        var refused = await Wire.AssertFlowAsync(second);
        Assert.Contains(4040002, Wire.Ids(Wire.FlowMessages(refused)));
        Assert.Null(refused["session_token"]);
    }
}
