using App.Configuration;
using App.Data;

namespace App.Courier;

/// <summary>
/// Puts emails into the outbox within the caller's unit of work: the message exists exactly when
/// the change that caused it was saved. The worker is woken once the save has committed.
/// </summary>
public sealed class Outbox(PortalDbContext db, CourierSignal signal, TimeProvider clock)
{
    private bool listening;

    public CourierMessage Enqueue(RenderedEmail email, string recipient, Guid? identityId) =>
        Add(email, recipient, identityId, CourierStatuses.Queued);

    /// <summary>
    /// Records an email that is deliberately not sent (an address without an account, when the
    /// operator chose silence): abandoned, with no delivery attempt. Writing it anyway keeps the
    /// work, and so the time, of a request the same whether or not the address has an account, and
    /// lets an admin see the attempt.
    /// </summary>
    public CourierMessage Withhold(RenderedEmail email, string recipient) =>
        Add(email, recipient, null, CourierStatuses.Abandoned);

    private CourierMessage Add(RenderedEmail email, string recipient, Guid? identityId, string status)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var message = new CourierMessage
        {
            Status = status,
            Recipient = recipient,
            Subject = email.Subject,
            Body = email.Text,
            HtmlBody = email.Html,
            TemplateType = email.TemplateType,
            NextAttemptAt = now,
            IdentityId = identityId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.CourierMessages.Add(message);
        if (status == CourierStatuses.Queued && !listening)
        {
            listening = true;
            db.SavedChanges += (_, _) => signal.Wake();
        }
        return message;
    }
}

/// <summary>Wakes the courier worker when a message was queued, so mail leaves at once instead of at the next poll.</summary>
public sealed class CourierSignal
{
    private readonly SemaphoreSlim wake = new(0, 1);

    public void Wake()
    {
        try { wake.Release(); }
        catch (SemaphoreFullException) { } // already awake
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancel) => wake.WaitAsync(timeout, cancel);
}
