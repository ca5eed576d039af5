using System.Net;
using System.Text.Json.Nodes;
using App.Admin;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Fuzz;

/// <summary>
/// A portal with its admin listener, one admin API key, the webauthn and password methods on, and people and
/// flows in every state for the fuzzer to aim at. Everything here is made by genuine ceremonies before the run.
/// </summary>
public sealed class FuzzWorld : IAsyncLifetime
{
    public static readonly string AdminKey = AdminKeyHash.NewKey();
    public static readonly string[] Kinds = ["login", "registration", "settings", "recovery", "verification"];

    public FakeClock Clock { get; } = new();
    public PortalFactory Portal { get; private set; } = null!;
    public List<FlowSlot> Flows { get; } = [];
    /// <summary>Identities the admin routes may act on, even delete: none of them has a session.</summary>
    public List<string> AdminTargets { get; } = [];
    public List<string> Emails { get; } = [];
    public List<string> SessionTokens { get; } = [];
    /// <summary>A browser signed in by passkey, for the settings ceremonies.</summary>
    public PortalClient PasskeyBrowser { get; private set; } = null!;
    /// <summary>A browser signed in by an imported password with a security key added, its session at aal1.</summary>
    public PortalClient PasswordBrowser { get; private set; } = null!;
    public SoftwareAuthenticator SecurityKey { get; } = SecondFactorSteps.NewKey();
    public SoftwareAuthenticator Passkey { get; } = new();
    private readonly List<PortalClient> browsers = [];
    /// <summary>A genuine credential made for a challenge that is not the flow's: well-formed, but an answer to another question.</summary>
    public string SpareCredential { get; private set; } = "";
    /// <summary>The world's passkey's id in hex, as passkey_remove names it.</summary>
    public string PasskeyHex => Convert.ToHexStringLower(Passkey.Credentials[0].Id);
    /// <summary>Sessions in the database when the run starts; a refresh of one of them hands out no new one.</summary>
    public HashSet<string> KnownSessions { get; } = [];

    public async Task InitializeAsync()
    {
        var settings = SecondFactorSteps.Enabled();
        settings["serve.admin.api_keys.0.name"] = "fuzzer";
        settings["serve.admin.api_keys.0.key_hash"] = AdminKeyHash.Of(AdminKey);
        Portal = PortalFactory.StartKestrelWithAdmin(settings, Clock);

        // Flows made now and left behind by the clock are the expired ones.
        var signedIn = await SignUpAsync("expired");
        foreach (var kind in Kinds)
        {
            var browser = kind == "settings" ? signedIn : NewBrowser();
            Flows.Add(await CreateAsync(browser, kind, "browser", "expired"));
            Flows.Add(await CreateAsync(browser, kind, "api", "expired", kind == "settings" ? await ApiTokenAsync() : null));
        }
        Clock.Advance(TimeSpan.FromHours(3));

        Emails.Add("nobody@example.com");
        PasskeyBrowser = await SignUpAsync("settings");
        foreach (var kind in Kinds)
            foreach (var type in new[] { "browser", "api" })
            {
                var token = kind == "settings" && type == "api" ? await ApiTokenAsync() : null;
                var browser = kind == "settings" ? PasskeyBrowser : NewBrowser();
                Flows.Add(await CreateAsync(browser, kind, type, "fresh", token));
                if (kind is "login" or "recovery" or "verification") Flows.Add(await SentEmailAsync(browser, kind, type));
            }
        await PassedChallengeAsync();
        var spare = await NewBrowser().CreateBrowserFlowAsync("registration");
        SpareCredential = new SoftwareAuthenticator().Create(PortalClient.NodeValue(spare, "passkey_create_data"), Portal.Origin);

        for (var i = 0; i < 3; i++) AdminTargets.Add(await ImportAsync($"admin-target-{i}", password: false));
        var legacy = await ImportAsync("legacy", password: true);
        PasswordBrowser = await PasswordSignInAsync(legacy);
        Assert.Equal(HttpStatusCode.OK, (await SecondFactorSteps.AddKeyAsync(PasswordBrowser, SecurityKey)).StatusCode);
    }

    public PortalClient NewBrowser()
    {
        var browser = Portal.NewClient();
        browsers.Add(browser);
        return browser;
    }

    public string CookiesOf(PortalClient browser) => browser.Cookies.GetCookieHeader(new Uri(Portal.BaseUrl));

    private async Task<PortalClient> SignUpAsync(string name)
    {
        var browser = NewBrowser();
        var email = $"fuzz-{name}-{Guid.NewGuid():N}@example.com";
        var (response, body) = await Journeys.RegisterAsync(browser, Passkey, email);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        Emails.Add(email);
        return browser;
    }

    private async Task<string> ApiTokenAsync()
    {
        using var app = Portal.NewClient();
        var token = (await Steps.ApiLoginAsync(app, Passkey))["session_token"]!.GetValue<string>();
        SessionTokens.Add(token);
        return token;
    }

    private async Task<FlowSlot> CreateAsync(PortalClient browser, string kind, string type, string state, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/self-service/{kind}/{type}");
        request.Headers.Accept.ParseAdd("application/json");
        if (token is not null) request.Headers.Add("X-Session-Token", token);
        var response = await browser.Http.SendAsync(request);
        var flow = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{kind}/{type}: {flow.ToJsonString()}");
        return Slot(browser, kind, type, state, flow, token);
    }

    private FlowSlot Slot(PortalClient browser, string kind, string type, string state, JsonObject flow, string? token) =>
        new(kind, type, state, PortalClient.Id(flow), type == "browser" ? PortalClient.Csrf(flow) : null, type == "browser" ? CookiesOf(browser) : "", token);

    private async Task<FlowSlot> SentEmailAsync(PortalClient browser, string kind, string type)
    {
        var slot = await CreateAsync(browser, kind, type, "sent_email");
        var field = kind == "login" ? "identifier" : "email";
        var response = await browser.Http.SendAsync(Wire.Json(HttpMethod.Post, $"/self-service/{kind}?flow={slot.FlowId}",
            new JsonObject { ["method"] = "code", ["csrf_token"] = slot.Csrf, [field] = type == "browser" ? Emails[^1] : "nobody@example.com" }.ToJsonString()));
        var body = await Wire.ObjectAsync(response);
        Assert.True(body["state"]?.GetValue<string>() == "sent_email", $"{kind}/{type}: {(int)response.StatusCode} {body.ToJsonString()}");
        return slot;
    }

    /// <summary>Flows completed by a genuine passkey sign-in and sign-up, browser and api.</summary>
    private async Task PassedChallengeAsync()
    {
        var login = NewBrowser();
        var loginFlow = await login.CreateBrowserFlowAsync("login");
        var slot = Slot(login, "login", "browser", "passed_challenge", loginFlow, null);
        var assertion = Passkey.Get(PortalClient.NodeValue(loginFlow, "passkey_challenge"), Portal.Origin);
        Assert.Equal(HttpStatusCode.OK, (await login.SubmitJsonAsync("login", slot.FlowId, Steps.LoginBody(loginFlow, assertion))).StatusCode);
        Flows.Add(slot);

        var registering = NewBrowser();
        var flow = await registering.CreateBrowserFlowAsync("registration");
        var registration = Slot(registering, "registration", "browser", "passed_challenge", flow, null);
        var email = $"fuzz-passed-{Guid.NewGuid():N}@example.com";
        var credential = new SoftwareAuthenticator().Create(PortalClient.NodeValue(flow, "passkey_create_data"), Portal.Origin);
        Assert.Equal(HttpStatusCode.OK, (await registering.SubmitJsonAsync("registration", registration.FlowId, Steps.RegistrationBody(flow, email, credential))).StatusCode);
        Flows.Add(registration);

        using var app = Portal.NewClient();
        var apiFlow = await app.CreateApiFlowAsync("login");
        var apiAssertion = Passkey.Get(PortalClient.NodeValue(apiFlow, "passkey_challenge"), Portal.Origin);
        var done = await app.SubmitJsonAsync("login", PortalClient.Id(apiFlow), new JsonObject { ["method"] = "passkey", ["passkey_login"] = apiAssertion });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Flows.Add(Slot(app, "login", "api", "passed_challenge", apiFlow, null));
    }

    private async Task<string> ImportAsync(string name, bool password)
    {
        var email = $"fuzz-{name}-{Guid.NewGuid():N}@example.com";
        var body = new JsonObject { ["traits"] = new JsonObject { ["email"] = email } };
        if (password)
            body["credentials"] = new JsonObject { ["password"] = new JsonObject { ["config"] = new JsonObject { ["password"] = "legacy fuzz secret" } } };
        using var admin = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Post, Portal.AdminUrl + "/admin/identities") { Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
        var response = await admin.SendAsync(request);
        var created = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToJsonString());
        Emails.Add(email);
        return created["id"]!.GetValue<string>();
    }

    private async Task<PortalClient> PasswordSignInAsync(string identityId)
    {
        var (client, _) = await SecondFactorSteps.PasswordFirstFactorAsync(Portal, new LegacyAccount(identityId, Emails[^1], "legacy fuzz secret"));
        browsers.Add(client);
        return client;
    }

    public Task DisposeAsync()
    {
        foreach (var browser in browsers) browser.Dispose();
        Portal?.Dispose();
        return Task.CompletedTask;
    }
}
