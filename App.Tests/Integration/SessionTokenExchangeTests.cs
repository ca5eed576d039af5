using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// Kratos's session token exchange: a native app creates an api flow with
/// <c>return_session_token_exchange_code=true</c>, the person finishes it on the hosted page in the
/// system browser, the browser is sent to return_to with a code, and the app trades the init code
/// and that code at <c>/sessions/token-exchange</c> for its session token, exactly once.
/// </summary>
public sealed class SessionTokenExchangeTests(SessionTokenExchangeTests.ClockedPortal fixture) : IClassFixture<SessionTokenExchangeTests.ClockedPortal>
{
    /// <summary>One portal whose clock the expiry test moves; every other test makes its flows after.</summary>
    public sealed class ClockedPortal : IDisposable
    {
        public FakeClock Clock { get; } = new();
        public PortalFactory Portal { get; }
        public ClockedPortal() => Portal = new PortalFactory(new Dictionary<string, string?> { ["selfservice.allowed_return_urls.1"] = AppCallback }) { Clock = Clock };
        public void Dispose() => Portal.Dispose();
    }

    /// <summary>A native app's own scheme, as an app registers it with the system.</summary>
    private const string AppCallback = "com.example.app://callback/";

    private PortalFactory Portal => fixture.Portal;
    private string ReturnTo => Portal.BaseUrl + "/app/callback?state=xyz";

    [Fact]
    public async Task A_login_finished_in_the_browser_gives_the_app_its_session_token_once()
    {
        var (authenticator, email) = await RegisteredAsync();
        using var app = Portal.NewClient();
        var flow = await CreateAsync(app, "login");
        var initCode = flow["session_token_exchange_code"]!.GetValue<string>();
        Assert.True(initCode.Length >= 43, initCode);

        using var browser = Portal.NewClient();
        var page = await browser.Http.GetAsync($"/login?flow={PortalClient.Id(flow)}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(PortalClient.Id(flow), await page.Content.ReadAsStringAsync());
        var finish = await browser.SubmitFormAsync("login", PortalClient.Id(flow), LoginForm(authenticator, flow));

        var code = AssertSentBackWithCode(finish);
        Assert.Null(Steps.SetCookie(finish, "ory_kratos_session"));
        var exchanged = await Wire.ObjectAsync(await ExchangeAsync(app, initCode, code));
        var token = exchanged["session_token"]!.GetValue<string>();
        Assert.Equal(email, exchanged["session"]!["identity"]!["traits"]!["email"]!.GetValue<string>());

        var whoami = await app.WhoAmIAsync(token);
        Assert.Equal(HttpStatusCode.OK, whoami.StatusCode);
        Assert.Equal(exchanged["session"]!["id"]!.GetValue<string>(), (await Wire.ObjectAsync(whoami))["id"]!.GetValue<string>());

        await Wire.AssertErrorAsync(await ExchangeAsync(app, initCode, code), HttpStatusCode.Gone, id: null);
        Assert.Equal(HttpStatusCode.OK, (await app.WhoAmIAsync(token)).StatusCode);
        Assert.Equal(["session.token_exchange_issued", "session.token_exchange_redeemed", "session.token_exchange_refused"], await AuditTypesAsync(PortalClient.Id(flow)));
    }

    [Fact]
    public async Task A_registration_finished_in_the_browser_gives_the_app_the_new_session()
    {
        using var app = Portal.NewClient();
        var flow = await CreateAsync(app, "registration");
        var authenticator = new SoftwareAuthenticator();
        var email = $"exchange-{Guid.NewGuid():N}@example.com";

        using var browser = Portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync($"/registration?flow={PortalClient.Id(flow)}")).StatusCode);
        var finish = await browser.SubmitFormAsync("registration", PortalClient.Id(flow), new Dictionary<string, string>
        {
            ["method"] = "passkey",
            ["csrf_token"] = "",
            ["traits.email"] = email,
            ["passkey_register"] = authenticator.Create(PortalClient.NodeValue(flow, "passkey_create_data"), Portal.Origin),
        });

        var code = AssertSentBackWithCode(finish);
        var exchanged = await Wire.ObjectAsync(await ExchangeAsync(app, flow["session_token_exchange_code"]!.GetValue<string>(), code));
        Assert.Equal(email, exchanged["session"]!["identity"]!["traits"]!["email"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await app.WhoAmIAsync(exchanged["session_token"]!.GetValue<string>())).StatusCode);
    }

    [Fact]
    public async Task A_registration_that_signs_nobody_in_sends_the_browser_back_to_the_app_without_a_code()
    {
        using var portal = new PortalFactory(new Dictionary<string, string?>
        {
            ["selfservice.flows.registration.after.passkey.hooks.0.hook"] = "show_verification_ui",
        });
        using var app = portal.NewClient();
        var created = await app.Http.GetAsync("/self-service/registration/api?return_session_token_exchange_code=true&return_to="
            + Uri.EscapeDataString(portal.BaseUrl + "/app/callback"));
        var flow = await Wire.ObjectAsync(created);
        using var browser = portal.NewClient();
        var finish = await browser.SubmitFormAsync("registration", PortalClient.Id(flow), new Dictionary<string, string>
        {
            ["method"] = "passkey",
            ["csrf_token"] = "",
            ["traits.email"] = $"no-session-{Guid.NewGuid():N}@example.com",
            ["passkey_register"] = new SoftwareAuthenticator().Create(PortalClient.NodeValue(flow, "passkey_create_data"), portal.Origin),
        });

        Assert.Equal(HttpStatusCode.SeeOther, finish.StatusCode);
        // The app is told the browser is done, and with no code it knows there is no session to fetch.
        Assert.Equal(portal.BaseUrl + "/app/callback", finish.Headers.Location!.ToString());
        Assert.Null(Steps.SetCookie(finish, "ory_kratos_session"));
        var exchange = await app.Http.GetAsync("/sessions/token-exchange?init_code=" + flow["session_token_exchange_code"]!.GetValue<string>() + "&return_to_code=x");
        Assert.Equal(HttpStatusCode.NotFound, exchange.StatusCode);
    }

    [Fact]
    public async Task A_browser_signed_in_of_its_own_finishes_the_apps_flow_and_keeps_its_session()
    {
        var (authenticator, _) = await RegisteredAsync();
        using var browser = Portal.NewClient();
        var (signIn, own) = await Journeys.LoginAsync(browser, authenticator);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        using var app = Portal.NewClient();
        var flow = await CreateAsync(app, "login");

        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync($"/login?flow={PortalClient.Id(flow)}")).StatusCode);
        var code = AssertSentBackWithCode(await browser.SubmitFormAsync("login", PortalClient.Id(flow), LoginForm(authenticator, flow)));

        var exchanged = await Wire.ObjectAsync(await ExchangeAsync(app, flow["session_token_exchange_code"]!.GetValue<string>(), code));
        Assert.NotEqual(own["session"]!["id"]!.GetValue<string>(), exchanged["session"]!["id"]!.GetValue<string>());
        var browsers = await Wire.ObjectAsync(await browser.WhoAmIAsync());
        Assert.Equal(own["session"]!["id"]!.GetValue<string>(), browsers["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_passkey_sends_the_browser_back_to_the_page_not_to_the_app()
    {
        using var app = Portal.NewClient();
        var flow = await CreateAsync(app, "login");
        using var browser = Portal.NewClient();

        var response = await browser.SubmitFormAsync("login", PortalClient.Id(flow), new Dictionary<string, string>
        {
            ["method"] = "passkey", ["csrf_token"] = "", ["passkey_login"] = "{\"id\":\"nothing\"}",
        });

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"{Portal.BaseUrl}/login?flow={PortalClient.Id(flow)}", response.Headers.Location!.AbsoluteUri);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync(response.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task Before_the_browser_is_done_and_with_a_wrong_code_the_exchange_is_404_and_the_right_code_still_works()
    {
        var (authenticator, _) = await RegisteredAsync();
        using var app = Portal.NewClient();
        var flow = await CreateAsync(app, "login");
        var initCode = flow["session_token_exchange_code"]!.GetValue<string>();
        var guess = Guid.NewGuid().ToString("N") + "abcdefghijk";

        await AssertNoSessionYetAsync(await ExchangeAsync(app, initCode, guess));
        using var browser = Portal.NewClient();
        var code = AssertSentBackWithCode(await browser.SubmitFormAsync("login", PortalClient.Id(flow), LoginForm(authenticator, flow)));
        await AssertNoSessionYetAsync(await ExchangeAsync(app, initCode, guess));
        await AssertNoSessionYetAsync(await ExchangeAsync(app, guess, code));

        Assert.Equal(HttpStatusCode.OK, (await ExchangeAsync(app, initCode, code)).StatusCode);
    }

    [Fact]
    public async Task An_exchange_after_the_flow_expired_is_refused()
    {
        var (initCode, code) = await FinishedLoginAsync();

        fixture.Clock.Advance(TimeSpan.FromHours(2));

        using var app = Portal.NewClient();
        await Wire.AssertErrorAsync(await ExchangeAsync(app, initCode, code), HttpStatusCode.Gone, id: null);
    }

    [Fact]
    public async Task Two_racing_exchanges_give_exactly_one_session_token()
    {
        var (initCode, code) = await FinishedLoginAsync();

        var clients = Enumerable.Range(0, 6).Select(_ => Portal.NewClient()).ToList();
        var responses = await Task.WhenAll(clients.Select(c => ExchangeAsync(c, initCode, code)));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.True(statuses.Count(s => s == 200) == 1 && statuses.Count(s => s == 410) == 5, "Statuses: " + string.Join(",", statuses));
        foreach (var client in clients) client.Dispose();
    }

    [Theory]
    [InlineData("login")]
    [InlineData("registration")]
    public async Task Asking_for_an_exchange_without_a_return_to_is_400(string kind)
    {
        using var app = Portal.NewClient();
        var response = await app.Http.GetAsync($"/self-service/{kind}/api?return_session_token_exchange_code=true");
        var body = await Wire.AssertErrorAsync(response, HttpStatusCode.BadRequest, id: null);
        Assert.Contains("return_to", body["error"]!["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("login")]
    [InlineData("registration")]
    public async Task Asking_for_an_exchange_with_a_return_to_not_allowed_is_400(string kind)
    {
        using var app = Portal.NewClient();
        var response = await app.Http.GetAsync($"/self-service/{kind}/api?return_session_token_exchange_code=true&return_to="
            + Uri.EscapeDataString("https://elsewhere.example/callback"));
        await Wire.AssertErrorAsync(response, HttpStatusCode.BadRequest, "self_service_flow_return_to_forbidden");
    }

    [Fact]
    public async Task An_allowed_app_scheme_is_where_the_browser_takes_the_code()
    {
        var (authenticator, _) = await RegisteredAsync();
        using var app = Portal.NewClient();
        var flow = await CreateAsync(app, "login", AppCallback + "done?state=abc");
        using var browser = Portal.NewClient();
        var finish = await browser.SubmitFormAsync("login", PortalClient.Id(flow), LoginForm(authenticator, flow));

        Assert.Equal(HttpStatusCode.SeeOther, finish.StatusCode);
        var location = finish.Headers.Location!;
        Assert.StartsWith(AppCallback + "done?state=abc&code=", location.OriginalString);
        var code = QueryHelpers.ParseQuery(location.Query)["code"].ToString();
        Assert.Equal(HttpStatusCode.OK, (await ExchangeAsync(app, flow["session_token_exchange_code"]!.GetValue<string>(), code)).StatusCode);
    }

    [Theory]
    [InlineData("org.other.app://callback/")]
    [InlineData("javascript://callback/%0aalert(1)")]
    public async Task An_app_scheme_not_allowed_is_400(string returnTo)
    {
        using var app = Portal.NewClient();
        var response = await app.Http.GetAsync("/self-service/login/api?return_session_token_exchange_code=true&return_to=" + Uri.EscapeDataString(returnTo));
        await Wire.AssertErrorAsync(response, HttpStatusCode.BadRequest, "self_service_flow_return_to_forbidden");
    }

    [Fact]
    public async Task Without_the_option_an_api_flow_has_no_exchange_code_and_no_hosted_page()
    {
        using var app = Portal.NewClient();
        var flow = await app.CreateApiFlowAsync("login");
        Assert.Null(flow["session_token_exchange_code"]);
        using var browser = Portal.NewClient();
        var page = await browser.Http.GetAsync($"/login?flow={PortalClient.Id(flow)}");
        Assert.True(page.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"{(int)page.StatusCode}");
    }

    [Fact]
    public async Task An_exchange_without_its_codes_is_400()
    {
        using var app = Portal.NewClient();
        await Wire.AssertErrorAsync(await app.Http.GetAsync("/sessions/token-exchange?init_code=abc"), HttpStatusCode.BadRequest, id: null);
        await Wire.AssertErrorAsync(await app.Http.GetAsync("/sessions/token-exchange"), HttpStatusCode.BadRequest, id: null);
    }

    private async Task<(SoftwareAuthenticator Authenticator, string Email)> RegisteredAsync()
    {
        var authenticator = new SoftwareAuthenticator();
        var email = $"exchange-{Guid.NewGuid():N}@example.com";
        await Steps.RegisterAsync(Portal, authenticator, email);
        return (authenticator, email);
    }

    /// <summary>A login flow with an exchange, finished in a browser: its init code and the code the browser took back.</summary>
    private async Task<(string InitCode, string Code)> FinishedLoginAsync()
    {
        var (authenticator, _) = await RegisteredAsync();
        using var app = Portal.NewClient();
        var flow = await CreateAsync(app, "login");
        using var browser = Portal.NewClient();
        var code = AssertSentBackWithCode(await browser.SubmitFormAsync("login", PortalClient.Id(flow), LoginForm(authenticator, flow)));
        return (flow["session_token_exchange_code"]!.GetValue<string>(), code);
    }

    private async Task<JsonObject> CreateAsync(PortalClient app, string kind, string? returnTo = null)
    {
        var response = await app.Http.GetAsync($"/self-service/{kind}/api?return_session_token_exchange_code=true&return_to=" + Uri.EscapeDataString(returnTo ?? ReturnTo));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Wire.ObjectAsync(response);
    }

    /// <summary>The hosted page's form, as the browser posts it: an api flow has no CSRF token to send.</summary>
    private Dictionary<string, string> LoginForm(SoftwareAuthenticator authenticator, JsonObject flow) => new()
    {
        ["method"] = "passkey",
        ["csrf_token"] = "",
        ["passkey_login"] = authenticator.Get(PortalClient.NodeValue(flow, "passkey_challenge"), Portal.Origin),
    };

    /// <summary>A 303 to return_to, its own query kept, with <c>code</c> added; returns the code.</summary>
    private string AssertSentBackWithCode(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.SeeOther, $"{(int)response.StatusCode} {response.Headers.Location}");
        var location = response.Headers.Location!;
        Assert.StartsWith(Portal.BaseUrl + "/app/callback?", location.AbsoluteUri);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("xyz", query["state"].ToString());
        var code = query["code"].ToString();
        Assert.True(code.Length >= 43, code);
        return code;
    }

    private static Task<HttpResponseMessage> ExchangeAsync(PortalClient client, string initCode, string returnToCode) =>
        client.Http.GetAsync($"/sessions/token-exchange?init_code={Uri.EscapeDataString(initCode)}&return_to_code={Uri.EscapeDataString(returnToCode)}");

    private static async Task AssertNoSessionYetAsync(HttpResponseMessage response)
    {
        var body = await Wire.AssertErrorAsync(response, HttpStatusCode.NotFound, id: null);
        Assert.Equal("no session yet for this \"code\"", body["error"]!["reason"]!.GetValue<string>());
    }

    private async Task<List<string>> AuditTypesAsync(string flowId)
    {
        using var scope = Portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<App.Data.PortalDbContext>();
        var id = Guid.Parse(flowId);
        return await db.AuditEvents.Where(e => e.FlowId == id && e.Type.StartsWith("session.token_exchange"))
            .OrderBy(e => e.Id).Select(e => e.Type).ToListAsync();
    }
}
