using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace App.Courier.Smtp;

/// <summary>
/// Delivering a message failed. <see cref="Permanent"/> is true only when the server answered with a
/// 5xx reply, which RFC 5321 §4.2.1 says will fail again if repeated unchanged; everything else
/// (4xx replies, lost connections, TLS trouble, timeouts, settings the server cannot serve) may
/// succeed on a later attempt. The message never holds the password.
/// </summary>
public sealed class SmtpFailure(string message, int? replyCode, bool permanent, Exception? innerException = null)
    : Exception(message, innerException)
{
    public int? ReplyCode { get; } = replyCode;

    public bool Permanent { get; } = permanent;
}

/// <summary>
/// A small SMTP client (RFC 5321) for one message per connection, with STARTTLS (RFC 3207), implicit
/// TLS (RFC 8314) and AUTH PLAIN or LOGIN (RFC 4954). Each connect, handshake, write and reply has its
/// own time limit, so a server that stops answering costs at most that long.
/// </summary>
public sealed class SmtpSender
{
    private readonly TimeSpan _timeout;
    private readonly string? _localName;

    /// <param name="timeout">Limit for the connection, the TLS handshake and each reply; 30 seconds when null.</param>
    /// <param name="localName">The name sent with EHLO; by default the local address as an address literal.</param>
    public SmtpSender(TimeSpan? timeout = null, string? localName = null)
    {
        _timeout = timeout ?? TimeSpan.FromSeconds(30);
        if (_timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "The timeout must be positive.");
        if (localName is not null && (localName.Length == 0 || !localName.All(c => c is > ' ' and < '\x7f')))
            throw new ArgumentException("The local name must be a host name or address literal without spaces.", nameof(localName));
        _localName = localName;
    }

    /// <summary>
    /// Delivers one message and returns when the server has accepted it (250 after DATA). The sender
    /// keeps no state between calls, so one instance may send several messages at once.
    /// </summary>
    /// <exception cref="ArgumentException">The message cannot be written (see <see cref="MimeWriter"/>).</exception>
    /// <exception cref="SmtpFailure">The server refused the message or could not be reached.</exception>
    public async Task SendAsync(SmtpEndpoint endpoint, OutgoingEmail email, DateTimeOffset now, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint.Host, nameof(endpoint));
        if (endpoint.Port is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(endpoint), "The port must be between 1 and 65535.");
        var message = MimeWriter.Write(email, now);
        var from = MimeWriter.NormalizeAddress(email.FromAddress, "sender address");
        var to = MimeWriter.NormalizeAddress(email.To, "recipient address");

        await using var session = new Session(endpoint, _timeout, _localName, cancel);
        try
        {
            await session.DeliverAsync(from, to, message);
        }
        catch (SmtpFailure)
        {
            await session.QuitQuietlyAsync();
            throw;
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or ObjectDisposedException)
        {
            throw session.Broken(e);
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

    /// <summary>
    /// RFC 5321 §4.5.2: a line of the message that starts with "." gets one more, so no line of it can
    /// be taken for the end of the data. Also makes sure the data ends with CRLF before ".".
    /// </summary>
    internal static byte[] DotStuff(ReadOnlySpan<byte> message)
    {
        var output = new MemoryStream(message.Length + 64);
        var lineStart = true;
        foreach (var b in message)
        {
            if (lineStart && b == '.') output.WriteByte((byte)'.');
            output.WriteByte(b);
            lineStart = b == '\n';
        }
        if (!message.EndsWith("\r\n"u8)) output.Write("\r\n"u8);
        return output.ToArray();
    }

    private sealed record Reply(int Code, IReadOnlyList<string> Lines)
    {
        public string Text => string.Join(" ", Lines);
    }

    /// <summary>One connection: the stream, the bytes read but not yet used, and what the server offers.</summary>
    private sealed class Session(SmtpEndpoint endpoint, TimeSpan timeout, string? localName, CancellationToken cancel) : IAsyncDisposable
    {
        private const int MaxLine = 8192;

        private readonly TcpClient _tcp = new() { NoDelay = true };
        private readonly byte[] _buffer = new byte[MaxLine];
        private readonly List<string> _secrets = [];
        private Stream _stream = Stream.Null;
        private int _start, _end;
        private Dictionary<string, string> _extensions = new(StringComparer.OrdinalIgnoreCase);
        private string _step = "connecting";
        /// <summary>True while client and server agree where the conversation is, so a QUIT still makes sense.</summary>
        private bool _inSync;

        private string Server => endpoint.Host.Contains(':') ? $"[{endpoint.Host}]:{endpoint.Port}" : $"{endpoint.Host}:{endpoint.Port}";

        public async Task DeliverAsync(string from, string to, byte[] message)
        {
            _step = "connecting";
            await Timed(t => _tcp.ConnectAsync(endpoint.Host, endpoint.Port, t).AsTask());
            _stream = _tcp.GetStream();
            _inSync = true;
            if (endpoint.Security == SmtpSecurity.ImplicitTls) await UpgradeAsync();
            _step = "waiting for the greeting";
            Expect(await Timed(ReadReplyAsync), "the greeting", 220);

            await HelloAsync();
            if (endpoint.Security == SmtpSecurity.StartTls)
            {
                if (!_extensions.ContainsKey("STARTTLS"))
                    throw new SmtpFailure($"SMTP {Server} does not offer STARTTLS, which an smtp:// connection URI requires. " +
                        "Use smtps:// if the server speaks TLS from the start, or add ?disable_starttls=true only for a local test server.", null, false);
                Expect(await CommandAsync("STARTTLS"), "STARTTLS", 220);
                // Bytes that arrived before the handshake were not protected by it, and a man in the
                // middle could have injected replies there; a correct server sends nothing more.
                if (_start != _end)
                    throw Unusable(new SmtpFailure($"SMTP {Server} sent data after its reply to STARTTLS, before the TLS handshake.", null, false));
                await UpgradeAsync();
                // RFC 3207 §4.2: forget what the server said before TLS and ask again.
                await HelloAsync();
            }
            if (endpoint.UserName is not null) await AuthenticateAsync(endpoint.UserName, endpoint.Password ?? "");

            Expect(await CommandAsync($"MAIL FROM:<{from}>"), $"MAIL FROM:<{from}>", 250);
            Expect(await CommandAsync($"RCPT TO:<{to}>"), $"RCPT TO:<{to}>", 250, 251);
            Expect(await CommandAsync("DATA"), "DATA", 354);
            _step = "sending the message";
            var data = DotStuff(message);
            await Timed(t => WriteAsync([.. data, .. ".\r\n"u8], t));
            _step = "waiting for the reply to the end of the message";
            Expect(await Timed(ReadReplyAsync), "the message (end of DATA)", 250);
            await QuitQuietlyAsync();
        }

        /// <summary>EHLO, or HELO from a server too old for EHLO (RFC 5321 §3.2), which then offers no extensions.</summary>
        private async Task HelloAsync()
        {
            var name = localName ?? AddressLiteral((_tcp.Client.LocalEndPoint as IPEndPoint)?.Address);
            var reply = await CommandAsync("EHLO " + name, "EHLO");
            if (reply.Code is >= 500 and < 600)
            {
                Expect(await CommandAsync("HELO " + name, "HELO"), "HELO", 250);
                _extensions = new(StringComparer.OrdinalIgnoreCase);
                return;
            }
            Expect(reply, "EHLO", 250);
            // The first line greets; each further one is a keyword and its parameters (RFC 5321 §4.1.1.1).
            _extensions = new(StringComparer.OrdinalIgnoreCase);
            foreach (var line in reply.Lines.Skip(1))
            {
                var parts = line.Trim().Split([' ', '='], 2);
                if (parts[0].Length > 0) _extensions.TryAdd(parts[0], parts.Length > 1 ? parts[1].ToUpperInvariant() : "");
            }
        }

        /// <summary>RFC 5321 §4.1.3: without a name of its own the client gives its address in brackets.</summary>
        private static string AddressLiteral(IPAddress? address)
        {
            if (address is null) return "[127.0.0.1]";
            if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
            return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[IPv6:{address}]" : $"[{address}]";
        }

        private async Task UpgradeAsync()
        {
            _step = "negotiating TLS";
            var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
            _stream = tls;
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = endpoint.ServerName ?? endpoint.Host,
                RemoteCertificateValidationCallback = endpoint.SkipCertificateVerification ? (_, _, _, _) => true : null,
            };
            await Timed(t => tls.AuthenticateAsClientAsync(options, t));
            _start = _end = 0;
        }

        /// <summary>RFC 4954; PLAIN (RFC 4616) sends both names and the password in one step, so it is preferred.</summary>
        private async Task AuthenticateAsync(string user, string password)
        {
            if (!MaySendCredentials(_stream is SslStream, (_tcp.Client.RemoteEndPoint as IPEndPoint)?.Address))
                throw new SmtpFailure($"SMTP {Server}: refusing to send the password over an unencrypted connection to another machine. " +
                    "Use smtps:// or smtp:// without disable_starttls=true.", null, false);
            if (password.Length >= 4) _secrets.Add(password);
            _extensions.TryGetValue("AUTH", out var offered);
            var mechanisms = (offered ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (mechanisms.Contains("PLAIN"))
            {
                var token = Secret("\0" + user + "\0" + password);
                var reply = await CommandAsync("AUTH PLAIN " + token, "AUTH PLAIN");
                // A server that ignores the initial response asks with an empty challenge (RFC 4954 §4).
                if (reply.Code == 334) reply = await CommandAsync(token, "AUTH PLAIN");
                Expect(reply, "AUTH PLAIN", 235);
            }
            else if (mechanisms.Contains("LOGIN"))
            {
                Expect(await CommandAsync("AUTH LOGIN"), "AUTH LOGIN", 334);
                Expect(await CommandAsync(Secret(user), "AUTH LOGIN"), "AUTH LOGIN (user name)", 334);
                Expect(await CommandAsync(Secret(password), "AUTH LOGIN"), "AUTH LOGIN (password)", 235);
            }
            else
            {
                throw new SmtpFailure($"SMTP {Server} offers neither AUTH PLAIN nor AUTH LOGIN (it offers: {(offered is null ? "no AUTH" : Clean(offered))}). " +
                    "Remove the user name and password from the connection URI if the server needs none.", null, false);
            }
        }

        private string Secret(string text)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
            _secrets.Add(token);
            return token;
        }

        private async Task<Reply> CommandAsync(string line, string? shown = null)
        {
            shown ??= line;
            _step = "sending " + shown;
            await Timed(t => WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), t));
            _step = "waiting for the reply to " + shown;
            return await Timed(ReadReplyAsync);
        }

        private async Task WriteAsync(byte[] bytes, CancellationToken token)
        {
            await _stream.WriteAsync(bytes, token);
            await _stream.FlushAsync(token);
        }

        private void Expect(Reply reply, string shown, params int[] expected)
        {
            if (expected.Contains(reply.Code)) return;
            throw new SmtpFailure($"SMTP {Server} answered {shown} with {reply.Code} {Clean(reply.Text)}", reply.Code, reply.Code >= 500);
        }

        /// <summary>RFC 5321 §4.2: "250-text" lines continue a reply, "250 text" (or a bare "250") ends it.</summary>
        private async Task<Reply> ReadReplyAsync(CancellationToken token)
        {
            var lines = new List<string>();
            while (true)
            {
                var line = await ReadLineAsync(token);
                if (line.Length < 3 || line[0] is < '2' or > '5' || !char.IsAsciiDigit(line[1]) || !char.IsAsciiDigit(line[2]) ||
                    (line.Length > 3 && line[3] is not (' ' or '-')) || lines.Count > 100)
                    throw Unusable(new SmtpFailure($"SMTP {Server} sent something that is not an SMTP reply while {_step}: {Clean(line)}", null, false));
                lines.Add(line.Length > 4 ? line[4..] : "");
                if (line.Length == 3 || line[3] == ' ') return new Reply(int.Parse(line.AsSpan(0, 3), CultureInfo.InvariantCulture), lines);
            }
        }

        private async Task<string> ReadLineAsync(CancellationToken token)
        {
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline >= 0)
                {
                    var length = newline - _start;
                    if (length > 0 && _buffer[newline - 1] == '\r') length--;
                    var line = Encoding.UTF8.GetString(_buffer, _start, length);
                    _start = newline + 1;
                    return line;
                }
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    (_end, _start) = (_end - _start, 0);
                }
                if (_end == _buffer.Length)
                    throw Unusable(new SmtpFailure($"SMTP {Server} sent a reply line longer than {MaxLine} bytes while {_step}.", null, false));
                var read = await _stream.ReadAsync(_buffer.AsMemory(_end), token);
                if (read == 0)
                    throw Unusable(new SmtpFailure($"SMTP {Server} closed the connection while {_step}.", null, false, new EndOfStreamException()));
                _end += read;
            }
        }

        private Task Timed(Func<CancellationToken, Task> operation) => Timed(async t => { await operation(t); return true; });

        private async Task<T> Timed<T>(Func<CancellationToken, Task<T>> operation)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            limit.CancelAfter(timeout);
            try
            {
                return await operation(limit.Token);
            }
            catch (OperationCanceledException e) when (!cancel.IsCancellationRequested)
            {
                _inSync = false;
                throw new SmtpFailure($"SMTP {Server} timed out after {timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s while {_step}.",
                    null, false, new TimeoutException(e.Message, e));
            }
        }

        /// <summary>After an I/O error the conversation is out of step and QUIT would only wait for nothing.</summary>
        public SmtpFailure Broken(Exception e)
        {
            _inSync = false;
            return new SmtpFailure($"SMTP {Server}: {Clean(e.Message)} (while {_step}).", null, false, e);
        }

        private SmtpFailure Unusable(SmtpFailure failure)
        {
            _inSync = false;
            return failure;
        }

        /// <summary>RFC 5321 §4.1.1.10; the message is delivered or already failed, so errors here change nothing.</summary>
        public async Task QuitQuietlyAsync()
        {
            if (!_inSync) return;
            _inSync = false;
            try
            {
                using var limit = new CancellationTokenSource(timeout);
                await WriteAsync("QUIT\r\n"u8.ToArray(), limit.Token);
                await ReadReplyAsync(limit.Token);
            }
            catch (Exception)
            {
                // Whatever goes wrong while leaving, the outcome is already decided.
            }
        }

        /// <summary>Server text goes into exception messages and logs: without control characters or credentials.</summary>
        private string Clean(string text)
        {
            foreach (var secret in _secrets) text = text.Replace(secret, "***", StringComparison.Ordinal);
            return new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        }

        public async ValueTask DisposeAsync()
        {
            await _stream.DisposeAsync();
            _tcp.Dispose();
        }
    }
}
