using Microsoft.EntityFrameworkCore;

namespace App.Data;

/// <summary>
/// Deletes flows long past their expiry and sessions long past theirs, so the tables stay the size
/// of current use. Expired rows are kept a while first: an expired flow still answers 410 with a
/// replacement, and an ended session stays visible to audits for a month.
/// </summary>
public sealed class Housekeeping(IServiceScopeFactory scopes, TimeProvider clock, ILogger<Housekeeping> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan FlowGrace = TimeSpan.FromDays(1);
    private static readonly TimeSpan SessionGrace = TimeSpan.FromDays(30);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await SweepAsync(stopping);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Housekeeping failed; it will run again in {Interval}.", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stopping));
    }

    public async Task SweepAsync(CancellationToken cancel)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var flows = await db.Flows.Where(f => f.ExpiresAt < now - FlowGrace).ExecuteDeleteAsync(cancel);
        var sessions = await db.Sessions.Where(s => s.ExpiresAt < now - SessionGrace).ExecuteDeleteAsync(cancel);
        if (flows + sessions > 0) logger.LogInformation("Housekeeping removed {Flows} flows and {Sessions} sessions.", flows, sessions);
    }
}
