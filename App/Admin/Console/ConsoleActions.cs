using App.Audit;
using App.Configuration;
using App.Http;
using App.KratosJson;

namespace App.Admin.Console;

/// <summary>
/// The console's way to the admin services from its circuit. Every call runs in a fresh scope on a
/// request rebuilt from the browser's facts (<see cref="InProcessRequests.RunAsync{T}"/>), asks the
/// <see cref="ConsoleGate"/> who is there, marks the administrator as the actor and only then acts.
/// </summary>
public sealed class ConsoleActions(CircuitRequest request, InProcessRequests requests, PortalSettings settings) : IAdminConsole
{
    /// <summary>Recovery by an administrator ends in the recovery flow, so it is offered only while that flow is on.</summary>
    public bool CanIssueRecovery => settings.RecoveryEnabled;

    public Task<ConsoleAnswer<ConsoleAdmin>> WhoAsync() => RunAsync((_, admin, _) => Task.FromResult(ConsoleAnswer<ConsoleAdmin>.Ok(admin)));

    public Task<ConsoleAnswer<IdentityPage>> SearchAsync(string? query, Guid? after = null) =>
        RunAsync(async (sp, _, _) => ConsoleAnswer<IdentityPage>.Ok(await sp.GetRequiredService<ConsoleQueries>().SearchAsync(query, after)));

    public Task<ConsoleAnswer<IdentityOverview>> OverviewAsync(Guid identityId) => RunAsync(async (sp, _, _) =>
        await sp.GetRequiredService<ConsoleQueries>().OverviewAsync(identityId) is { } overview
            ? ConsoleAnswer<IdentityOverview>.Ok(overview)
            : Refused<IdentityOverview>(AdminErrors.IdentityNotFound()));

    public Task<ConsoleAnswer<AuditPage>> AuditAsync(Guid identityId, Guid? after) =>
        RunAsync(async (sp, _, _) => ConsoleAnswer<AuditPage>.Ok(await sp.GetRequiredService<ConsoleQueries>().AuditAsync(identityId, after)));

    public Task<ConsoleAnswer<bool>> RevokeSessionAsync(Guid identityId, Guid sessionId) => RunAsync(async (sp, _, http) =>
    {
        var sessions = sp.GetRequiredService<SessionAdministration>();
        // Only a session of the identity on screen: the button was for that one.
        if (await sessions.FindAsync(sessionId) is not { } session || session.IdentityId != identityId) return Refused<bool>(AdminErrors.SessionNotFound());
        var outcome = await sessions.RevokeAsync(sessionId, http);
        return outcome.Error is { } error ? Refused<bool>(error) : ConsoleAnswer<bool>.Ok(true);
    });

    public Task<ConsoleAnswer<int>> RevokeSessionsAsync(Guid identityId) => RunAsync(async (sp, _, http) =>
    {
        var outcome = await sp.GetRequiredService<SessionAdministration>().RevokeAllAsync(identityId, http);
        return outcome.Error is { } error ? Refused<int>(error) : ConsoleAnswer<int>.Ok(outcome.Value);
    });

    public Task<ConsoleAnswer<bool>> DeactivateAsync(Guid identityId) => RunAsync(async (sp, _, http) =>
        Answer(await sp.GetRequiredService<IdentityStateChanges>().DeactivateAsync(identityId, http)));

    public Task<ConsoleAnswer<bool>> ActivateAsync(Guid identityId) => RunAsync(async (sp, _, http) =>
        Answer(await sp.GetRequiredService<IdentityStateChanges>().ActivateAsync(identityId, http)));

    /// <summary>
    /// A recovery link and a code for it (Kratos <c>createRecoveryCodeForIdentity</c>): the person opens
    /// the link and types the code, so the two can go by different channels. The reason's rules are
    /// the recovery service's, as for the admin API.
    /// </summary>
    public Task<ConsoleAnswer<IssuedRecovery>> IssueRecoveryAsync(Guid identityId, string reason, TimeSpan expiresIn) => RunAsync(async (sp, admin, http) =>
    {
        var (issued, error) = await sp.GetRequiredService<AdminRecovery>().IssueCodeAsync(new RecoveryOrder(identityId, reason, admin.Email, expiresIn), http);
        return error is not null ? Refused<IssuedRecovery>(error) : ConsoleAnswer<IssuedRecovery>.Ok(issued!);
    });

    private async Task<ConsoleAnswer<T>> RunAsync<T>(Func<IServiceProvider, ConsoleAdmin, HttpContext, Task<ConsoleAnswer<T>>> work)
    {
        var facts = await request.FactsAsync();
        return await requests.RunAsync(facts, async http =>
        {
            var visitor = await http.RequestServices.GetRequiredService<ConsoleGate>().CheckAsync(facts.Cookie(ConsoleSessions.CookieName), http);
            if (visitor is not ConsoleVisitor.Administrator { Admin: var admin })
                return new ConsoleAnswer<T>(visitor is ConsoleVisitor.NoAccess ? ConsoleStatus.NoAccess : ConsoleStatus.SignedOut);
            AuditActor.SetAdmin(http, admin.ActorName);
            return await work(http.RequestServices, admin, http);
        });
    }

    private static ConsoleAnswer<bool> Answer<TValue>(AdminOutcome<TValue> outcome) =>
        outcome.Error is { } error ? Refused<bool>(error) : ConsoleAnswer<bool>.Ok(true);

    private static ConsoleAnswer<T> Refused<T>(ErrorEnvelope error) => new(ConsoleStatus.Refused, default, error.Error.Reason ?? error.Error.Message);
}
