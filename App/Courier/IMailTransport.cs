namespace App.Courier;

/// <summary>Where the worker hands a message: an SMTP server, or the development mailbox.</summary>
public interface IMailTransport
{
    /// <summary>A short description for the dispatch record, such as the server's address.</summary>
    string Describe();

    /// <summary>Delivers the message or throws <see cref="MailTransportException"/>.</summary>
    Task SendAsync(CourierMessage message, CancellationToken cancel);
}

/// <summary>A delivery that failed; <paramref name="Permanent"/> failures (a 5xx reply) are not retried.</summary>
public sealed class MailTransportException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>
/// No SMTP server is configured and the portal runs in development: mail stays in the outbox and is
/// read at <c>/dev/mailbox</c>. Delivery is recorded as done so the admin view tells the truth.
/// </summary>
public sealed class DevelopmentMailbox : IMailTransport
{
    public string Describe() => "the development mailbox at /dev/mailbox";
    public Task SendAsync(CourierMessage message, CancellationToken cancel) => Task.CompletedTask;
}
