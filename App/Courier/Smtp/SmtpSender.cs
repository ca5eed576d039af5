using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace App.Courier.Smtp;

/// <summary>
/// Delivers one message per connection with MailKit's SMTP client. What the portal adds: a password
/// crosses the network only inside TLS, the whole delivery has one time limit (shorter than the
/// worker's claim, so a slow delivery is never claimed twice), and every failure says whether trying
/// again may help, without ever showing the password.
/// </summary>
public sealed class SmtpSender
{
    private readonly TimeSpan timeout;

    /// <param name="timeout">Limit for a whole delivery, from connecting to the server's last reply; 60 seconds when null.</param>
    public SmtpSender(TimeSpan? timeout = null)
    {
        this.timeout = timeout ?? TimeSpan.FromSeconds(60);
        if (this.timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "The timeout must be positive.");
    }

    /// <summary>Returns once the server has accepted the message. One instance may send several messages at once.</summary>
    /// <exception cref="ArgumentException">The message cannot be written (see <see cref="OutgoingEmail.ToMimeMessage"/>); nothing was sent.</exception>
    /// <exception cref="MailTransportException">The server refused the message or could not be reached.</exception>
    public async Task SendAsync(SmtpEndpoint endpoint, OutgoingEmail email, DateTimeOffset now, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var message = email.ToMimeMessage(now);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(timeout);
        // The socket is opened here so that the peer's address is known (see MaySendCredentials) and
        // TLS can expect the certificate of server_name rather than of the host connected to.
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        if (endpoint.SkipCertificateVerification) client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        var step = "connecting";
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, limit.Token);
            step = "starting the SMTP session";
            await client.ConnectAsync(socket, endpoint.ServerName ?? endpoint.Host, endpoint.Port, endpoint.Security, limit.Token);
            if (endpoint.UserName is not null)
            {
                step = "authenticating";
                if (!MaySendCredentials(client.IsSecure, (socket.RemoteEndPoint as IPEndPoint)?.Address))
                    throw new MailTransportException($"SMTP {Server(endpoint)}: refusing to send the password over an unencrypted connection to another machine. " +
                        "Use smtps:// or smtp:// without disable_starttls=true.", permanent: false);
                await client.AuthenticateAsync(new NetworkCredential(endpoint.UserName, endpoint.Password ?? ""), limit.Token);
            }
            step = "sending the message";
            await client.SendAsync(message, limit.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (Failure(e, endpoint, step) is { } failure)
        {
            throw failure;
        }
        try
        {
            await client.DisconnectAsync(quit: true, limit.Token);
        }
        catch (Exception)
        {
            // The server has the message: whatever goes wrong while leaving must not make the worker send it again.
        }
    }

    /// <summary>
    /// A password may cross the network only inside TLS. Over plain text it is allowed to this machine
    /// alone, where a local test server (maildev, mailpit) listens and nothing is on the wire.
    /// </summary>
    internal static bool MaySendCredentials(bool encrypted, IPAddress? remote)
    {
        if (encrypted) return true;
        if (remote is null) return false;
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        return IPAddress.IsLoopback(remote);
    }

    /// <summary>What went wrong, in one line, and whether it may pass; null for what is not a delivery failure.</summary>
    private MailTransportException? Failure(Exception e, SmtpEndpoint endpoint, string step)
    {
        var server = Server(endpoint);
        var text = Scrub(e.Message, endpoint);
        return e switch
        {
            SmtpCommandException refusal => Refused(server, refusal, text, step),
            AuthenticationException { InnerException: SmtpCommandException refusal } => Refused(server, refusal, Scrub(refusal.Message, endpoint), step),
            OperationCanceledException or TimeoutException => new(
                $"SMTP {server} timed out after {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s while {step}.",
                permanent: false, e as TimeoutException ?? new TimeoutException(e.Message, e)),
            NotSupportedException when step == "authenticating" => new(
                $"SMTP {server}: {text} Remove the user name and password from the connection URI if the server needs none.", permanent: false, e),
            NotSupportedException when endpoint.Security == SecureSocketOptions.StartTls && step == "starting the SMTP session" => new(
                $"SMTP {server}: {text} An smtp:// connection URI requires STARTTLS: use smtps:// if the server speaks TLS " +
                "from the start, or add ?disable_starttls=true only for a local test server.", permanent: false, e),
            NotSupportedException or SslHandshakeException or AuthenticationException or SmtpProtocolException or SocketException or IOException =>
                new($"SMTP {server}: {text} (while {step}).", permanent: false, e),
            _ => null,
        };
    }

    private static MailTransportException Refused(string server, SmtpCommandException refusal, string text, string step)
    {
        var code = (int)refusal.StatusCode;
        var reply = code.ToString(CultureInfo.InvariantCulture) + " " + text;
        var message = refusal.ErrorCode switch
        {
            SmtpErrorCode.SenderNotAccepted => $"SMTP {server} answered MAIL FROM:<{refusal.Mailbox?.Address}> with {reply}",
            SmtpErrorCode.RecipientNotAccepted => $"SMTP {server} answered RCPT TO:<{refusal.Mailbox?.Address}> with {reply}",
            SmtpErrorCode.MessageNotAccepted => $"SMTP {server} answered the message (end of DATA) with {reply}",
            _ => $"SMTP {server} answered {reply} while {step}",
        };
        return new(message, permanent: code >= 500, refusal, code);
    }

    private static string Server(SmtpEndpoint endpoint) =>
        endpoint.Host.Contains(':') ? $"[{endpoint.Host}]:{endpoint.Port}" : $"{endpoint.Host}:{endpoint.Port}";

    /// <summary>
    /// Text from MailKit and the server goes into the outbox's records and the log: on one line,
    /// without control characters, and without the password or the AUTH tokens that carry it (a
    /// server may echo them back in a refusal).
    /// </summary>
    private static string Scrub(string text, SmtpEndpoint endpoint)
    {
        if (endpoint.Password is { Length: >= 4 } password)
        {
            string[] secrets =
            [
                password,
                Base64("\0" + endpoint.UserName + "\0" + password), // AUTH PLAIN
                Base64(password), // AUTH LOGIN
            ];
            foreach (var secret in secrets) text = text.Replace(secret, "***", StringComparison.Ordinal);
        }
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(word => new string([.. word.Where(c => !char.IsControl(c))])));
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
