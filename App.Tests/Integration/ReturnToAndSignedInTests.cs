using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// A signed-in browser cannot start another login or registration (UI-NODES §6,
/// <c>session_already_available</c>), and return_to is honoured only for allowed URLs.
/// </summary>
public sealed class ReturnToAndSignedInTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public static TheoryData<string> Kinds => new() { "login", "registration" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_signed_in_spa_creating_a_flow_gets_400_session_already_available(string kind)
    {
        using var client = await SignedInClientAsync($"signed-in-{kind}@example.com");
        var response = await client.CreateFlowRawAsync(kind, "browser");
        await Wire.AssertErrorAsync(response, HttpStatusCode.BadRequest, "session_already_available");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_signed_in_browser_creating_a_flow_is_sent_to_the_default_return_url(string kind)
    {
        using var client = await SignedInClientAsync($"browser-{kind}@example.com");
        var response = await client.CreateFlowRawAsync(kind, "browser", json: false);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(portal.BaseUrl + "/welcome", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_signed_in_native_app_creating_an_api_flow_with_its_token_gets_400()
    {
        var authenticator = new SoftwareAuthenticator();
        await Steps.RegisterAsync(portal, authenticator, "native-again@example.com");
        using var app = portal.NewClient();
        var token = (await Steps.ApiLoginAsync(app, authenticator))["session_token"]!.GetValue<string>();
        var request = new HttpRequestMessage(HttpMethod.Get, "/self-service/login/api");
        request.Headers.Add("X-Session-Token", token);
        await Wire.AssertErrorAsync(await app.Http.SendAsync(request), HttpStatusCode.BadRequest, "session_already_available");
    }

    [Fact]
    public async Task Submitting_a_flow_made_before_signing_in_is_refused_once_signed_in()
    {
        var authenticator = new SoftwareAuthenticator();
        await Steps.RegisterAsync(portal, authenticator, "twice@example.com");
        using var client = portal.NewClient();
        var first = await client.CreateBrowserFlowAsync("login");
        var second = await client.CreateBrowserFlowAsync("login");
        var assertion = authenticator.Get(PortalClient.NodeValue(first, "passkey_challenge"), portal.Origin);
        Assert.Equal(HttpStatusCode.OK, (await client.SubmitJsonAsync("login", PortalClient.Id(first), Steps.LoginBody(first, assertion))).StatusCode);

        var again = authenticator.Get(PortalClient.NodeValue(second, "passkey_challenge"), portal.Origin);
        var response = await client.SubmitJsonAsync("login", PortalClient.Id(second), Steps.LoginBody(second, again));
        await Wire.AssertErrorAsync(response, HttpStatusCode.BadRequest, "session_already_available");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task An_allowed_return_to_is_kept_on_the_flow(string kind)
    {
        using var client = portal.NewClient();
        var returnTo = portal.BaseUrl + "/anything";
        var flow = await client.CreateBrowserFlowAsync(kind, "?return_to=" + Uri.EscapeDataString(returnTo));
        Assert.Equal(returnTo, flow["return_to"]!.GetValue<string>());
        var fetched = await client.GetFlowObjectAsync(kind, PortalClient.Id(flow));
        Assert.Equal(returnTo, fetched["return_to"]!.GetValue<string>());
    }

    [Fact]
    public async Task After_a_browser_form_sign_in_the_browser_goes_to_the_allowed_return_to()
    {
        var authenticator = new SoftwareAuthenticator();
        await Steps.RegisterAsync(portal, authenticator, "goes-back@example.com");
        using var client = portal.NewClient();
        var returnTo = portal.BaseUrl + "/anything?x=1";
        var flow = await client.CreateBrowserFlowAsync("login", "?return_to=" + Uri.EscapeDataString(returnTo));
        var assertion = authenticator.Get(PortalClient.NodeValue(flow, "passkey_challenge"), portal.Origin);

        var response = await client.SubmitFormAsync("login", PortalClient.Id(flow), new Dictionary<string, string>
        {
            ["method"] = "passkey",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["passkey_login"] = assertion,
        });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(returnTo, response.Headers.Location!.ToString());
        Assert.NotNull(Steps.SetCookie(response, "ory_kratos_session"));
        Assert.Equal(HttpStatusCode.OK, (await client.WhoAmIAsync()).StatusCode);
    }

    [Fact]
    public async Task After_a_browser_form_sign_up_the_browser_goes_by_the_backup_question_to_the_allowed_return_to()
    {
        using var client = portal.NewClient();
        var returnTo = portal.BaseUrl + "/anything/after-sign-up";
        var flow = await client.CreateBrowserFlowAsync("registration", "?return_to=" + Uri.EscapeDataString(returnTo));
        var credential = new SoftwareAuthenticator().Create(PortalClient.NodeValue(flow, "passkey_create_data"), portal.Origin);

        var response = await client.SubmitFormAsync("registration", PortalClient.Id(flow), new Dictionary<string, string>
        {
            ["method"] = "passkey",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["traits.email"] = "form-sign-up@example.com",
            ["passkey_register"] = credential,
        });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        // By way of the settings page, which asks for a backup passkey and then goes on to return_to.
        Assert.Equal(portal.BaseUrl + "/self-service/settings/browser?return_to=" + Uri.EscapeDataString(returnTo), response.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.WhoAmIAsync()).StatusCode);
    }

    [Fact]
    public async Task After_an_spa_sign_in_continue_with_points_at_the_return_to()
    {
        var authenticator = new SoftwareAuthenticator();
        await Steps.RegisterAsync(portal, authenticator, "spa-back@example.com");
        using var client = portal.NewClient();
        var returnTo = portal.BaseUrl + "/anything";
        var flow = await client.CreateBrowserFlowAsync("login", "?return_to=" + Uri.EscapeDataString(returnTo));
        var assertion = authenticator.Get(PortalClient.NodeValue(flow, "passkey_challenge"), portal.Origin);
        var response = await client.SubmitJsonAsync("login", PortalClient.Id(flow), Steps.LoginBody(flow, assertion));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Wire.ObjectAsync(response);
        var redirect = body["continue_with"]!.AsArray().Single(c => c!["action"]!.GetValue<string>() == "redirect_browser_to")!;
        Assert.Equal(returnTo, redirect["redirect_browser_to"]!.GetValue<string>());
        Assert.Null(body["session_token"]);
    }

    [Fact]
    public async Task Without_return_to_a_browser_sign_in_goes_to_the_default_return_url()
    {
        var authenticator = new SoftwareAuthenticator();
        await Steps.RegisterAsync(portal, authenticator, "default-back@example.com");
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var assertion = authenticator.Get(PortalClient.NodeValue(flow, "passkey_challenge"), portal.Origin);
        var response = await client.SubmitFormAsync("login", PortalClient.Id(flow), new Dictionary<string, string>
        {
            ["method"] = "passkey", ["csrf_token"] = PortalClient.Csrf(flow), ["passkey_login"] = assertion,
        });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(portal.BaseUrl + "/welcome", response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("login", "browser", "https://evil.example/")]
    [InlineData("login", "api", "https://evil.example/")]
    [InlineData("registration", "browser", "https://evil.example/")]
    [InlineData("registration", "api", "https://evil.example/")]
    [InlineData("login", "browser", "https://localhost:4455/")]
    [InlineData("login", "browser", "http://localhost:4456/")]
    [InlineData("login", "browser", "http://evil@localhost:4455/")]
    [InlineData("login", "browser", "javascript:alert(1)")]
    [InlineData("login", "browser", "//evil.example/")]
    [InlineData("login", "browser", "http://localhost.evil.example:4455/")]
    public async Task A_forbidden_return_to_is_400_return_to_forbidden(string kind, string type, string returnTo)
    {
        using var client = portal.NewClient();
        var response = await client.CreateFlowRawAsync(kind, type, "?return_to=" + Uri.EscapeDataString(returnTo));
        await Wire.AssertErrorAsync(response, HttpStatusCode.BadRequest, "self_service_flow_return_to_forbidden");
    }

    [Fact]
    public async Task Logout_url_rejects_a_forbidden_return_to_and_keeps_an_allowed_one()
    {
        using var client = await SignedInClientAsync("logout-return@example.com");
        await Wire.AssertErrorAsync(
            await client.Http.GetAsync("/self-service/logout/browser?return_to=" + Uri.EscapeDataString("https://evil.example/")),
            HttpStatusCode.BadRequest, "self_service_flow_return_to_forbidden");

        var allowed = portal.BaseUrl + "/bye";
        var created = await Wire.ObjectAsync(await client.Http.GetAsync("/self-service/logout/browser?return_to=" + Uri.EscapeDataString(allowed)));
        var followed = await client.Http.GetAsync(created["logout_url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.SeeOther, followed.StatusCode);
        Assert.Equal(allowed, followed.Headers.Location!.ToString());
    }

    private async Task<PortalClient> SignedInClientAsync(string email)
    {
        var client = portal.NewClient();
        var (response, body) = await Journeys.RegisterAsync(client, new SoftwareAuthenticator(), email);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await client.WhoAmIAsync()).StatusCode);
        return client;
    }

    public void Dispose() => portal.Dispose();
}
