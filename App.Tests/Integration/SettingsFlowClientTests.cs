using System.Net;
using App.Components.Settings;
using App.Configuration;
using App.Data;
using App.Http;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// The live passkeys page's way to the engine, without a browser: in-process Kratos requests with
/// a browser's cookies, answered by the same endpoints, rules and audit as the JSON API.
/// </summary>
public sealed class SettingsFlowClientTests : IDisposable
{
    private readonly FakeClock clock = new();
    private readonly PortalFactory portal;

    public SettingsFlowClientTests() => portal = new PortalFactory { Clock = clock };

    public void Dispose() => portal.Dispose();

    /// <summary>The circuit's facts as the framework would hand them to the page.</summary>
    private sealed class CircuitUser(RequestFacts facts) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(facts.ToPrincipal()));
    }

    private SettingsFlowClient ClientFor(RequestFacts facts) => new(new CircuitRequest(new CircuitUser(facts)),
        portal.Services.GetRequiredService<InProcessRequests>(), portal.Services.GetRequiredService<PortalSettings>(),
        portal.Services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SettingsFlowClient>>());

    /// <summary>Signs up over HTTP and returns the browser's cookies as facts, and the client that holds them.</summary>
    private async Task<(RequestFacts Facts, PortalClient Http, SoftwareAuthenticator Phone)> SignedUpAsync()
    {
        var http = portal.NewClient();
        var create = new HttpRequestMessage(HttpMethod.Get, "/self-service/registration/browser");
        create.Headers.Accept.ParseAdd("application/json");
        var created = await http.Http.SendAsync(create);
        var flow = await Wire.ObjectAsync(created);
        var csrf = created.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("csrf_token", StringComparison.Ordinal));
        var phone = new SoftwareAuthenticator();
        var registered = await http.SubmitJsonAsync("registration", PortalClient.Id(flow),
            Steps.RegistrationBody(flow, $"inprocess-{Guid.NewGuid():N}@example.com", phone.Create(PortalClient.NodeValue(flow, "passkey_create_data"), portal.Origin)));
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var session = Steps.SetCookie(registered, "ory_kratos_session")!;
        var cookies = new Dictionary<string, string>
        {
            ["ory_kratos_session"] = Steps.CookieValue(session),
            [csrf[..csrf.IndexOf('=')]] = Steps.CookieValue(csrf),
        };
        return (new RequestFacts(cookies, "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36", "de"), http, phone);
    }

    private async Task<Guid> NewSettingsFlowAsync(PortalClient http) => Guid.Parse(PortalClient.Id(await http.CreateBrowserFlowAsync("settings")));

    [Fact]
    public async Task Requests_carry_the_browsers_cookies_and_reach_only_the_public_api()
    {
        var (facts, http, _) = await SignedUpAsync();
        using var _ = http;
        var requests = portal.Services.GetRequiredService<InProcessRequests>();

        var whoami = await requests.SendAsync(facts, HttpMethod.Get, "/sessions/whoami");
        Assert.Equal(200, whoami.Status);
        Assert.StartsWith("inprocess-", whoami.Json!["identity"]!["traits"]!["email"]!.GetValue<string>());
        Assert.Equal(401, (await requests.SendAsync(RequestFacts.None, HttpMethod.Get, "/sessions/whoami")).Status);
        Assert.Equal(404, (await requests.SendAsync(facts, HttpMethod.Get, "/admin/identities")).Status);
        Assert.Equal(404, (await requests.SendAsync(facts, HttpMethod.Get, "/no/such/route")).Status);
    }

    [Fact]
    public async Task A_passkey_is_added_and_removed_through_the_engine_which_keeps_the_last_and_audits_with_the_browsers_address()
    {
        var (facts, http, _) = await SignedUpAsync();
        using var _ = http;
        var client = ClientFor(facts);
        var view = await client.LoadAsync(await NewSettingsFlowAsync(http));

        Assert.Equal(SettingsStatus.Ready, view.Status);
        var only = Assert.Single(view.Passkeys);
        Assert.False(only.Removable);
        Assert.True(view.CanAdd);
        Assert.NotEmpty(view.CsrfToken);
        Assert.False(view.Restricted);

        var added = await client.AddPasskeyAsync(view, new SoftwareAuthenticator().Create(view.CreateOptions!, portal.Origin));
        Assert.True(added.Saved);
        Assert.Equal(2, added.Passkeys.Count);
        Assert.Contains(added.Messages, m => m.Id == 1050001);

        var removed = await client.RemovePasskeyAsync(added, added.Passkeys[0].Id);
        var last = Assert.Single(removed.Passkeys);
        Assert.False(last.Removable);

        // The page never offers it, but the engine is what refuses it.
        var refused = await client.RemovePasskeyAsync(removed, last.Id);
        Assert.Single(refused.Passkeys);
        Assert.Contains(refused.Messages, m => m.Text.Contains("lock you out", StringComparison.Ordinal));

        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var audited = await db.AuditEvents.SingleAsync(e => e.Type == "settings.passkey_added");
        Assert.Equal("203.0.113.7", audited.IpAddress);
        Assert.Contains("Chrome/156.0", audited.UserAgent);
        Assert.Contains(await db.AuditEvents.Select(e => e.Type).ToListAsync(), t => t == "settings.passkey_removed");
    }

    [Fact]
    public async Task Backup_codes_are_generated_shown_and_confirmed_through_the_engine()
    {
        var (facts, http, _) = await SignedUpAsync();
        using var _ = http;
        var client = ClientFor(facts);
        var view = await client.LoadAsync(await NewSettingsFlowAsync(http));
        Assert.True(view.BackupCodes.Available);
        Assert.False(view.BackupCodes.Waiting);
        Assert.Null(view.BackupCodes.Left);

        var shown = await client.GenerateBackupCodesAsync(view);
        Assert.Equal(10, shown.BackupCodes.NewCodes.Count);
        Assert.All(shown.BackupCodes.NewCodes, c => Assert.Matches("^[2-9a-hjkmnp-z]{8}$", c));
        // Shown is not saved: a reload of the flow shows the same set, still waiting.
        Assert.Equal(shown.BackupCodes.NewCodes, (await client.LoadAsync(view.FlowId)).BackupCodes.NewCodes);

        var saved = await client.ConfirmBackupCodesAsync(shown);
        Assert.True(saved.Saved);
        Assert.Empty(saved.BackupCodes.NewCodes);
        Assert.Equal(1059001, saved.BackupCodes.Left!.Id);
        Assert.False(saved.BackupCodes.Low);
        using var scope = portal.Services.CreateScope();
        var audited = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEvents.SingleAsync(e => e.Type == "settings.backup_codes_generated");
        Assert.Equal("203.0.113.7", audited.IpAddress);
    }

    [Fact]
    public async Task Without_the_browsers_csrf_cookie_a_change_is_refused_and_the_page_starts_a_fresh_flow()
    {
        var (facts, http, _) = await SignedUpAsync();
        using var _ = http;
        var view = await ClientFor(facts).LoadAsync(await NewSettingsFlowAsync(http));
        var noCsrf = facts with { Cookies = facts.Cookies.Where(c => !c.Key.StartsWith("csrf_token", StringComparison.Ordinal)).ToDictionary() };

        var answer = await ClientFor(noCsrf).AddPasskeyAsync(view, new SoftwareAuthenticator().Create(view.CreateOptions!, portal.Origin));

        Assert.Equal(SettingsStatus.Redirect, answer.Status);
        Assert.EndsWith("/self-service/settings/browser", answer.Redirect);
        Assert.Single((await ClientFor(facts).LoadAsync(view.FlowId)).Passkeys);
    }

    [Fact]
    public async Task An_old_session_must_confirm_first_and_its_changes_are_refused()
    {
        var (facts, http, _) = await SignedUpAsync();
        using var _ = http;
        var client = ClientFor(facts);
        clock.Advance(TimeSpan.FromMinutes(61));
        var flowId = await NewSettingsFlowAsync(http);

        var view = await client.LoadAsync(flowId);
        Assert.Equal(SettingsStatus.NeedsConfirmation, view.Status);
        Assert.Equal(portal.BaseUrl + "/self-service/login/browser?refresh=true&return_to=" + Uri.EscapeDataString(portal.BaseUrl + "/settings?flow=" + flowId), view.ConfirmUrl);

        // A page that tried anyway gets the engine's refusal, and nothing changes.
        var answer = await client.AddPasskeyAsync(view, new SoftwareAuthenticator().Create(view.CreateOptions!, portal.Origin));
        Assert.Equal(SettingsStatus.NeedsConfirmation, answer.Status);
        Assert.Single((await client.LoadAsync(flowId)).Passkeys);
    }

    [Fact]
    public async Task Other_sessions_are_listed_and_signed_out_one_by_one_or_all_at_once()
    {
        var (facts, http, phone) = await SignedUpAsync();
        using var _ = http;
        var client = ClientFor(facts);
        Assert.Empty((await client.OtherSessionsAsync())!);
        using var other = portal.NewClient();
        var first = (await Steps.ApiLoginAsync(other, phone))["session_token"]!.GetValue<string>();
        var second = (await Steps.ApiLoginAsync(other, phone))["session_token"]!.GetValue<string>();

        var sessions = (await client.OtherSessionsAsync())!;
        Assert.Equal(2, sessions.Count);
        Assert.True(await client.SignOutAsync(sessions[0].Id));
        Assert.False(await client.SignOutAsync(sessions[0].Id));
        Assert.Single((await client.OtherSessionsAsync())!);
        Assert.Equal(1, await client.SignOutEverywhereElseAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, (await other.WhoAmIAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.WhoAmIAsync(second)).StatusCode);
        Assert.Empty((await client.OtherSessionsAsync())!);
        Assert.Equal(200, (await portal.Services.GetRequiredService<InProcessRequests>().SendAsync(facts, HttpMethod.Get, "/sessions/whoami")).Status);
    }
}
