using App.Data;
using App.Identities;
using Microsoft.EntityFrameworkCore;

namespace App.Sessions.Circuits;

/// <summary>
/// Every few seconds, ends the circuits whose session no longer works, whatever ended it: expiry,
/// a deactivated or deleted identity, or a sign-out on another instance of the portal. Sign-outs
/// on this instance end their circuits at once (<see cref="SessionService.RevokeAsync"/>).
/// </summary>
public sealed class SessionCircuitSweep(IServiceScopeFactory scopes, SessionCircuits circuits, TimeProvider clock, ILogger<SessionCircuitSweep> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stopping))
        {
            try
            {
                await SweepAsync(stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Checking the sessions of live circuits failed");
            }
        }
    }

    public async Task SweepAsync(CancellationToken cancel = default)
    {
        var tracked = circuits.Sessions;
        if (tracked.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var alive = await db.Sessions.Where(s => tracked.Contains(s.Id) && s.Active && s.ExpiresAt > now && s.Identity!.State == IdentityStates.Active)
            .Select(s => s.Id).ToListAsync(cancel);
        var ended = tracked.Except(alive).ToHashSet();
        if (ended.Count > 0) circuits.EndSessions(ended);
    }
}
