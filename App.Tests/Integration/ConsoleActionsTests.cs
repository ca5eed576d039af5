using System.Net;
using System.Security.Claims;
using App.Admin;
using App.Admin.Console;
using App.Http;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// The console's actions as its circuit runs them, without a browser: each checks the console
/// session and the administrator first, and acts through the admin services as <c>admin:&lt;identity id&gt;</c>.
/// </summary>
public sealed class ConsoleActionsTests : IDisposable
{
    private readonly PortalFactory portal = PortalFactory.StartKestrelWithAdmin();

    public void Dispose() => portal.Dispose();

    /// <summary>The facts a circuit of this browser would carry: its console cookie, address and User-Agent.</summary>
    private ConsoleActions ActionsOf(string? consoleToken) =>
        new(new CircuitRequest(new Facts(new RequestFacts(
                consoleToken is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [ConsoleSessions.CookieName] = consoleToken },
                "192.0.2.10", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0", null))),
            portal.Services.GetRequiredService<InProcessRequests>(), portal.Services.GetRequiredService<App.Configuration.PortalSettings>());

    private async Task<(string Id, ConsoleActions Actions)> AdministratorAsync()
    {
        var (id, _, passkey) = await ConsoleVisit.SignUpAsync(portal, "admin");
        await ConsoleVisit.MakeAdministratorAsync(portal, id);
        using var visit = new ConsoleVisit(portal);
        Assert.Equal("/admin", ConsoleVisit.Location(await visit.SignInAsync(passkey)));
        return (id, ActionsOf(visit.ConsoleCookie));
    }

    [Fact]
    public async Task Console_actions_are_audited_with_the_administrator_as_actor()
    {
        var (adminId, actions) = await AdministratorAsync();
        var (customerId, _, _) = await ConsoleVisit.SignUpAsync(portal, "customer");
        var customer = Guid.Parse(customerId);

        Assert.Equal(1, (await actions.RevokeSessionsAsync(customer)).Value);
        Assert.True((await actions.DeactivateAsync(customer)).Done);
        Assert.True((await actions.ActivateAsync(customer)).Done);

        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<App.Data.PortalDbContext>();
        var byConsole = await db.AuditEvents.Where(e => e.IdentityId == customer && e.Actor == "admin:" + adminId).OrderBy(e => e.At).ToListAsync();
        Assert.Equal(["session.revoked", "admin.identity_updated", "session.revoked", "admin.identity_updated"], byConsole.Select(e => e.Type));
        Assert.All(byConsole, e => Assert.Equal("192.0.2.10", e.IpAddress));
        Assert.All(byConsole, e => Assert.Contains("Chrome", e.UserAgent));
    }

    [Fact]
    public async Task A_session_of_another_identity_is_not_revoked_from_this_one()
    {
        var (_, actions) = await AdministratorAsync();
        var (customerId, _, _) = await ConsoleVisit.SignUpAsync(portal, "customer");
        var (otherId, _, _) = await ConsoleVisit.SignUpAsync(portal, "other");
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<App.Data.PortalDbContext>();
        var othersSession = await db.Sessions.Where(s => s.IdentityId == Guid.Parse(otherId)).Select(s => s.Id).SingleAsync();

        var answer = await actions.RevokeSessionAsync(Guid.Parse(customerId), othersSession);

        Assert.Equal(ConsoleStatus.Refused, answer.Status);
        Assert.True(await db.Sessions.Where(s => s.Id == othersSession).Select(s => s.Active).SingleAsync());
    }

    [Fact]
    public async Task Without_a_console_session_nothing_is_done()
    {
        var (customerId, _, _) = await ConsoleVisit.SignUpAsync(portal, "customer");
        var actions = ActionsOf(null);

        Assert.Equal(ConsoleStatus.SignedOut, (await actions.DeactivateAsync(Guid.Parse(customerId))).Status);
        Assert.Equal(ConsoleStatus.SignedOut, (await ActionsOf("portal_ac_forged0000000000000000000000000").SearchAsync("")).Status);
        Assert.Equal(ConsoleStatus.SignedOut, (await ActionsOf("ory_st_notaconsoletoken00000000000000").SearchAsync("")).Status);
        using var scope = portal.Services.CreateScope();
        Assert.Equal("active", (await scope.ServiceProvider.GetRequiredService<IdentityAdministration>().FindAsync(customerId))!.State);
    }

    [Fact]
    public async Task An_administrator_who_lost_the_role_is_refused_before_anything_is_done()
    {
        var (adminId, actions) = await AdministratorAsync();
        var (customerId, _, _) = await ConsoleVisit.SignUpAsync(portal, "customer");
        await ConsoleVisit.MakeAdministratorAsync(portal, adminId, admin: false);

        Assert.Equal(ConsoleStatus.NoAccess, (await actions.DeactivateAsync(Guid.Parse(customerId))).Status);
        // The console session ended with the refusal.
        Assert.Equal(ConsoleStatus.SignedOut, (await actions.SearchAsync("")).Status);
        using var scope = portal.Services.CreateScope();
        Assert.Equal("active", (await scope.ServiceProvider.GetRequiredService<IdentityAdministration>().FindAsync(customerId))!.State);
    }

    [Fact]
    public async Task Search_finds_by_part_of_an_address_and_by_id_a_page_at_a_time()
    {
        var (_, actions) = await AdministratorAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        for (var i = 0; i < ConsoleQueries.SearchPageSize + 2; i++)
            ids.Add((await ConsoleVisit.SignUpAsync(portal, $"many-{tag}")).Id);

        var first = (await actions.SearchAsync(tag.ToUpperInvariant())).Value!;
        var next = (await actions.SearchAsync(tag, first.Last)).Value!;
        var byId = (await actions.SearchAsync(ids[3])).Value!;

        Assert.Equal(ConsoleQueries.SearchPageSize, first.Rows.Count);
        Assert.True(first.More);
        Assert.Equal(2, next.Rows.Count);
        Assert.False(next.More);
        Assert.Equal(ids, first.Rows.Concat(next.Rows).Select(r => r.Id.ToString()));
        Assert.Equal(ids[3], Assert.Single(byId.Rows).Id.ToString());
        Assert.Empty((await actions.SearchAsync("nobody-" + tag)).Value!.Rows);
    }

    [Fact]
    public async Task A_recovery_is_issued_with_the_reason_and_the_administrator()
    {
        var (adminId, actions) = await AdministratorAsync();
        var (customerId, _, _) = await ConsoleVisit.SignUpAsync(portal, "customer");
        var customer = Guid.Parse(customerId);

        Assert.True(actions.CanIssueRecovery);
        var refused = await actions.IssueRecoveryAsync(customer, " short  ", TimeSpan.FromHours(1));
        Assert.Equal(ConsoleStatus.Refused, refused.Status);
        Assert.Contains("reason", refused.Reason);
        Assert.Equal(ConsoleStatus.Refused, (await actions.IssueRecoveryAsync(Guid.NewGuid(), "Lost phone, verified by a call", TimeSpan.FromHours(1))).Status);
        var before = DateTime.UtcNow;
        var issued = (await actions.IssueRecoveryAsync(customer, "Lost phone, verified by a call", TimeSpan.FromHours(1))).Value!;

        Assert.Matches(@"^\d{6}$", issued.RecoveryCode);
        Assert.StartsWith(portal.BaseUrl + "/recovery?flow=" + issued.FlowId, issued.RecoveryLink);
        Assert.InRange(issued.ExpiresAt, before.AddMinutes(59), before.AddMinutes(61));
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<App.Data.PortalDbContext>();
        var row = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Type == App.Audit.AuditEvents.RecoveryIssued && e.IdentityId == customer);
        Assert.Equal("admin:" + adminId, row.Actor);
        Assert.Contains("Lost phone, verified by a call", row.Details);
        // The refused tries left nothing to use.
        Assert.Single(await db.AuditEvents.AsNoTracking().Where(e => e.Type == App.Audit.AuditEvents.RecoveryIssued).ToListAsync());
    }

    [Fact]
    public async Task Without_the_recovery_flow_the_console_offers_no_recovery()
    {
        using var plain = PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?> { ["selfservice.flows.recovery.enabled"] = "false" });
        var actions = new ConsoleActions(new CircuitRequest(new Facts(RequestFacts.None)), plain.Services.GetRequiredService<InProcessRequests>(),
            plain.Services.GetRequiredService<App.Configuration.PortalSettings>());

        Assert.False(actions.CanIssueRecovery);
    }

    private sealed class Facts(RequestFacts facts) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(facts.ToPrincipal()));
    }
}
