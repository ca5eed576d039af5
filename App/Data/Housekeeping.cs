using Microsoft.EntityFrameworkCore;

namespace App.Data;

/// <summary>
/// Deletes flows long past their expiry and sessions long past theirs, expired codes and session
/// token exchanges, old rate-limit hits and kept errors, so the tables stay the size of current use. Expired rows are kept a while first: an expired flow still answers 410 with a
/// replacement, and an ended session stays visible to audits for a month. Audit events are kept for
/// <c>audit.retention</c>; this sweep is the only thing that ever removes one.
/// </summary>
public sealed class Housekeeping(IServiceScopeFactory scopes, TimeProvider clock, ILogger<Housekeeping> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan FlowGrace = TimeSpan.FromDays(1);
    private static readonly TimeSpan SessionGrace = TimeSpan.FromDays(30);
    /// <summary>Longer than any rate-limit window an operator would set.</summary>
    private static readonly TimeSpan HitGrace = TimeSpan.FromDays(1);

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

    /// <summary>Any fixed number works while every instance uses the same; this one spells "idsweeps".</summary>
    public const long LockKey = 0x6964737765657073;

    /// <summary>
    /// Sweeps once; false when another instance on the same PostgreSQL database was sweeping, which
    /// leaves this one nothing to do. One at a time, because two sweeps deleting the same rows in a
    /// different order could deadlock. The lock is a transaction's advisory lock, so it ends with the
    /// sweep, or with the connection of an instance that died mid-sweep. SQLite has one writer anyway.
    /// </summary>
    public async Task<bool> SweepAsync(CancellationToken cancel)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await using var transaction = db.Database.IsNpgsql() ? await db.Database.BeginTransactionAsync(cancel) : null;
        if (transaction is not null
            && !await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({LockKey}) AS \"Value\"").SingleAsync(cancel))
            return false;
        var now = clock.GetUtcNow().UtcDateTime;
        var flows = await db.Flows.Where(f => f.ExpiresAt < now - FlowGrace).ExecuteDeleteAsync(cancel);
        var sessions = await db.Sessions.Where(s => s.ExpiresAt < now - SessionGrace).ExecuteDeleteAsync(cancel);
        sessions += await db.ConsoleSessions.Where(s => s.ExpiresAt < now - SessionGrace).ExecuteDeleteAsync(cancel);
        // Codes are useless once expired; hits older than the longest window count for nothing.
        var codes = await db.OneTimeCodes.Where(c => c.ExpiresAt < now - FlowGrace).ExecuteDeleteAsync(cancel);
        var settings = scope.ServiceProvider.GetRequiredService<Configuration.PortalSettings>();
        var window = settings.RateLimitWindow;
        var hits = await db.RateLimitHits.Where(h => h.At < now - (window > HitGrace ? window : HitGrace)).ExecuteDeleteAsync(cancel);
        var errors = await db.FlowErrors.Where(e => e.CreatedAt < now - FlowGrace).ExecuteDeleteAsync(cancel);
        // An exchange is useless once its flow expired; no grace, as nothing answers for it after.
        var exchanges = await db.SessionTokenExchanges.Where(e => e.ExpiresAt < now).ExecuteDeleteAsync(cancel);
        var audit = await db.AuditEvents.Where(e => e.At < now - settings.AuditRetention).ExecuteDeleteAsync(cancel);
        if (flows + sessions + codes + hits + errors + exchanges + audit > 0)
            logger.LogInformation("Housekeeping removed {Flows} flows, {Sessions} sessions, {Codes} codes, {Hits} rate-limit hits, {Errors} errors, {Exchanges} session token exchanges and {Audit} audit events past retention.",
                flows, sessions, codes, hits, errors, exchanges, audit);
        if (transaction is not null) await transaction.CommitAsync(cancel);
        return true;
    }
}
