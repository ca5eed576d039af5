using System.Text.Json;
using App.Configuration;
using App.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Courier;

/// <summary>
/// Delivers the outbox. A message is claimed with a compare-and-swap before it is sent, so two
/// workers (or two instances) never send it both; the claim is a lease, so a worker that dies
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
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            due = await Due(db, now).OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(Batch).ToListAsync(cancel);
        }
        foreach (var id in due) await DeliverAsync(id, cancel);
        return due.Count;
    }

    private static IQueryable<CourierMessage> Due(PortalDbContext db, DateTime now) =>
        db.CourierMessages.Where(m =>
            (m.Status == CourierStatuses.Queued && m.NextAttemptAt <= now) ||
            (m.Status == CourierStatuses.Processing && m.ClaimedUntil < now));

    private async Task DeliverAsync(Guid id, CancellationToken cancel)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var claim = now + Lease;
        var claimed = await Due(db, now).Where(m => m.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, CourierStatuses.Processing)
            .SetProperty(m => m.ClaimedUntil, claim)
            .SetProperty(m => m.SendCount, m => m.SendCount + 1)
            .SetProperty(m => m.UpdatedAt, now), cancel);
        if (claimed != 1) return; // another worker has it
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
