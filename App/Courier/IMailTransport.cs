namespace App.Courier;

/// <summary>Where the worker hands a message: an SMTP server, or the development mailbox.</summary>
public interface IMailTransport
{
    /// <summary>A short description for the dispatch record, such as the server's address.</summary>
    string Describe();

    /// <summary>Delivers the message or throws <see cref="MailTransportException"/>.</summary>
    Task SendAsync(CourierMessage message, CancellationToken cancel);
}

/// <summary>
/// A delivery that failed. <see cref="Permanent"/> failures are not retried: only a 5xx reply, which
/// RFC 5321 §4.2.1 says will fail again if repeated unchanged. Everything else (4xx replies, lost
/// connections, TLS trouble, timeouts, settings the server cannot serve) may succeed later. The
/// message never holds a password.
/// </summary>
public sealed class MailTransportException(string message, bool permanent, Exception? inner = null, int? replyCode = null)
    : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;

    /// <summary>The SMTP reply code that refused the message, when a server answered.</summary>
    public int? ReplyCode { get; } = replyCode;
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
