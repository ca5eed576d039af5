using System.Text.Json;
using App.Configuration;
using App.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Courier;

/// <summary>
/// Delivers the outbox. A message is claimed before it is sent, so two workers (or two instances)
/// never send it both: on PostgreSQL a batch at a time with <c>FOR UPDATE SKIP LOCKED</c>, on SQLite
/// one message at a time with a compare-and-swap. The claim is a lease, so a worker that dies
/// between sending and recording leaves the message to be tried again once the lease ends. A
/// failure is retried with doubling waits until <c>courier.message_retries</c>, then abandoned.
/// </summary>
public sealed class CourierWorker(
    IServiceScopeFactory scopes,
    IMailTransport transport,
    CourierSignal signal,
    PortalSettings settings,
    TimeProvider clock,
    ILogger<CourierWorker> logger) : BackgroundService
{
    /// <summary>Longer than the SMTP timeout, so a slow delivery is never claimed twice.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);
    private const int Batch = 20;

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (transport is Undeliverable)
        {
            logger.LogWarning("courier.smtp.connection_uri is not set: emails stay in the outbox until it is.");
            return;
        }
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                while (await DeliverDueAsync(stopping) == Batch) { }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The courier could not read the outbox; it tries again shortly.");
            }
            try
            {
                await signal.WaitAsync(settings.CourierPollInterval, stopping);
            }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Sends what is due now; returns how many messages it tried.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancel)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claim = now + Lease;
        List<Guid> due;
        bool batched;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            batched = db.Database.IsNpgsql();
            due = batched ? await ClaimBatchAsync(db, now, claim, cancel) : await NextBatch(db, now).ToListAsync(cancel);
        }
        foreach (var id in due) await DeliverAsync(id, batched ? claim : null, cancel);
        return due.Count;
    }

    private static IQueryable<CourierMessage> Due(PortalDbContext db, DateTime now) =>
        db.CourierMessages.Where(m =>
            (m.Status == CourierStatuses.Queued && m.NextAttemptAt <= now) ||
            (m.Status == CourierStatuses.Processing && m.ClaimedUntil < now));

    private static IQueryable<Guid> NextBatch(PortalDbContext db, DateTime now) =>
        Due(db, now).OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(Batch);

    /// <summary>
    /// PostgreSQL: the whole batch is claimed in one transaction. The rows read are locked, and rows
    /// another worker has locked are skipped rather than waited for, so workers on many instances
    /// each take a different batch at once instead of queueing on the same rows.
    /// </summary>
    private static async Task<List<Guid>> ClaimBatchAsync(PortalDbContext db, DateTime now, DateTime claim, CancellationToken cancel)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancel);
        var ids = await SkipLockedRows.Apply(NextBatch(db, now)).ToListAsync(cancel);
        if (ids.Count > 0)
            await db.CourierMessages.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(s => Claim(s, claim, now), cancel);
        await transaction.CommitAsync(cancel);
        return ids;
    }

    private static void Claim(Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<CourierMessage> s, DateTime claim, DateTime now) => s
        .SetProperty(m => m.Status, CourierStatuses.Processing)
        .SetProperty(m => m.ClaimedUntil, claim)
        .SetProperty(m => m.SendCount, m => m.SendCount + 1)
        .SetProperty(m => m.UpdatedAt, now);

    /// <summary>
    /// Sends one message. <paramref name="heldClaim"/> is the lease taken with its batch (PostgreSQL);
    /// without one (SQLite) the message is claimed here with a compare-and-swap, which fails when
    /// another worker got it first.
    /// </summary>
    private async Task DeliverAsync(Guid id, DateTime? heldClaim, CancellationToken cancel)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var claim = now + Lease;
        if (heldClaim is { } held)
        {
            // The batch's lease began before the messages ahead of this one were sent: it is renewed
            // for this send, so the lease is always longer than the send it covers. When it already
            // ran out and another worker took the message over, this one leaves it.
            var renewed = await db.CourierMessages
                .Where(m => m.Id == id && m.Status == CourierStatuses.Processing && m.ClaimedUntil == held)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntil, claim), cancel);
            if (renewed != 1) return;
        }
        else
        {
            var claimed = await Due(db, now).Where(m => m.Id == id).ExecuteUpdateAsync(s => Claim(s, claim, now), cancel);
            if (claimed != 1) return; // another worker has it
        }
        var message = await db.CourierMessages.AsNoTracking().FirstAsync(m => m.Id == id, cancel);

        string? error = null;
        var permanent = false;
        try
        {
            await transport.SendAsync(message, cancel);
        }
        catch (MailTransportException e)
        {
            (error, permanent) = (e.Message, e.Permanent);
        }
        catch (Exception e) when (!cancel.IsCancellationRequested)
        {
            // Anything else a transport throws is treated as a passing failure, never as the
            // portal stopping: the worker must outlive one bad delivery.
            error = e.Message;
        }
        await RecordAsync(db, message, claim, error, permanent);
    }

    /// <summary>
    /// Records the outcome only while this worker still holds its claim: if the claim ran out and
    /// another worker took the message over, that worker's outcome is the one that counts.
    /// </summary>
    private async Task RecordAsync(PortalDbContext db, CourierMessage message, DateTime claim, string? error, bool permanent)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (status, next) = error is null ? (CourierStatuses.Sent, message.NextAttemptAt)
            : permanent || message.SendCount >= settings.Options.Courier.MessageRetries ? (CourierStatuses.Abandoned, message.NextAttemptAt)
            : (CourierStatuses.Queued, now + Backoff(message.SendCount));
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var recorded = await db.CourierMessages
            .Where(m => m.Id == message.Id && m.Status == CourierStatuses.Processing && m.ClaimedUntil == claim)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, status)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null)
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.UpdatedAt, now), CancellationToken.None);
        if (recorded != 1) return;
        db.CourierDispatches.Add(new CourierDispatch
        {
            MessageId = message.Id, CreatedAt = now, UpdatedAt = now,
            Status = error is null ? "success" : "failed",
            Error = error is null ? null : JsonSerializer.Serialize(new { message = error }),
        });
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);

        if (status == CourierStatuses.Sent)
            logger.LogInformation("Sent {Template} message {Id} through {Transport}.", message.TemplateType, message.Id, transport.Describe());
        else if (status == CourierStatuses.Abandoned)
            logger.LogError("Abandoned {Template} message {Id} after {Count} attempts: {Error}", message.TemplateType, message.Id, message.SendCount, error);
        else
            logger.LogWarning("Could not send message {Id} (attempt {Count}); trying again at {At:u}: {Error}", message.Id, message.SendCount, next, error);
    }

    private TimeSpan Backoff(int attempts)
    {
        var wait = settings.CourierRetryBackoff * Math.Pow(2, Math.Min(attempts - 1, 16));
        return wait < MaxBackoff ? wait : MaxBackoff;
    }
}
