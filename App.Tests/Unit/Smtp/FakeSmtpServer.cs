using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace App.Tests.Unit.Smtp;

/// <summary>
/// An SMTP server on 127.0.0.1 for one connection. It answers like a simple server unless a reply is
/// scripted for a verb, and records every command line, whether it came over TLS, the SNI name and
/// the DATA bytes exactly as they crossed the wire (still dot-stuffed).
/// </summary>
internal sealed class FakeSmtpServer : IAsyncDisposable
{
    /// <summary>A scripted reply that closes the connection instead of answering.</summary>
    public const string Close = "<close>";

    /// <summary>A scripted reply that never comes.</summary>
    public const string Silent = "<silent>";

    private static readonly Lazy<X509Certificate2> SelfSigned = new(CreateCertificate);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _commands = [];
    private readonly List<string> _commandsOverTls = [];
    private readonly List<string> _authLines = [];
    private Task _serving = Task.CompletedTask;

    /// <summary>The greeting; <see cref="Silent"/> or <see cref="Close"/> to misbehave at once.</summary>
    public string Greeting { get; init; } = "220 fake.test ESMTP ready";

    public string Ehlo { get; init; } = "250-fake.test greets you\r\n250-PIPELINING\r\n250 8BITMIME";

    public string EhloOverTls { get; init; } = "250-fake.test greets you over TLS\r\n250 AUTH PLAIN LOGIN";

    /// <summary>Replies by verb (EHLO, MAIL, RCPT, DATA, AUTH, ...); "." is the reply to the end of the data.</summary>
    public Dictionary<string, string> Replies { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public bool ImplicitTls { get; init; }

    /// <summary>Sent straight after the 220 to STARTTLS, before the handshake, as an attacker in the path could.</summary>
    public string? InjectAfterStartTls { get; init; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IReadOnlyList<string> Commands { get { lock (_commands) return [.. _commands]; } }

    public IReadOnlyList<string> CommandsOverTls { get { lock (_commands) return [.. _commandsOverTls]; } }

    /// <summary>The lines the client sent inside AUTH exchanges and with AUTH PLAIN as its initial response.</summary>
    public IReadOnlyList<string> AuthLines { get { lock (_commands) return [.. _authLines]; } }

    public byte[]? Data { get; private set; }

    public string? SniName { get; private set; }

    public Exception? Error { get; private set; }

    public FakeSmtpServer Start()
    {
        _listener.Start();
        _serving = Task.Run(ServeAsync);
        return this;
    }

    private async Task ServeAsync()
    {
        try
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Stream stream = client.GetStream();
            try
            {
                if (ImplicitTls) stream = await ServerTlsAsync(stream);
                if (!await AnswerAsync(stream, Greeting)) return;
                var tls = ImplicitTls;
                while (await ReadLineAsync(stream) is { } line)
                {
                    var verb = line.Split(' ')[0].ToUpperInvariant();
                    lock (_commands)
                    {
                        _commands.Add(line);
                        if (tls) _commandsOverTls.Add(line);
                    }
                    if (Replies.TryGetValue(verb, out var scripted))
                    {
                        if (verb == "AUTH") Record(line.Split(' ').Skip(2));
                        if (!await AnswerAsync(stream, scripted)) return;
                        continue;
                    }
                    switch (verb)
                    {
                        case "EHLO":
                            await SendAsync(stream, tls ? EhloOverTls : Ehlo);
                            break;
                        case "HELO":
                            await SendAsync(stream, "250 fake.test");
                            break;
                        case "STARTTLS":
                            await SendAsync(stream, "220 2.0.0 Ready to start TLS" + (InjectAfterStartTls is null ? "" : "\r\n" + InjectAfterStartTls.TrimEnd()));
                            stream = await ServerTlsAsync(stream);
                            tls = true;
                            break;
                        case "AUTH":
                            await AuthenticateAsync(stream, line);
                            break;
                        case "MAIL" or "RCPT" or "RSET" or "NOOP":
                            await SendAsync(stream, "250 2.1.0 OK");
                            break;
                        case "DATA":
                            await SendAsync(stream, "354 End data with <CR><LF>.<CR><LF>");
                            Data = await ReadDataAsync(stream);
                            if (!await AnswerAsync(stream, Replies.GetValueOrDefault(".", "250 2.0.0 Ok: queued as 12345"))) return;
                            break;
                        case "QUIT":
                            await SendAsync(stream, "221 2.0.0 Bye");
                            return;
                        default:
                            await SendAsync(stream, "502 5.5.2 Error: command not recognized");
                            break;
                    }
                }
            }
            finally
            {
                await stream.DisposeAsync();
            }
        }
        catch (Exception e) when (!_stop.IsCancellationRequested)
        {
            Error = e;
        }
        catch (Exception)
        {
            // Stopped by the test.
        }
    }

    private async Task AuthenticateAsync(Stream stream, string line)
    {
        var parts = line.Split(' ');
        switch (parts.ElementAtOrDefault(1)?.ToUpperInvariant())
        {
            case "PLAIN" when parts.Length > 2:
                Record([parts[2]]);
                break;
            case "PLAIN":
                await SendAsync(stream, "334 ");
                Record([await ReadLineAsync(stream) ?? ""]);
                break;
            case "LOGIN":
                await SendAsync(stream, "334 VXNlcm5hbWU6");
                Record([await ReadLineAsync(stream) ?? ""]);
                await SendAsync(stream, "334 UGFzc3dvcmQ6");
                Record([await ReadLineAsync(stream) ?? ""]);
                break;
            default:
                await SendAsync(stream, "504 5.5.4 Unrecognized authentication type");
                return;
        }
        await SendAsync(stream, "235 2.7.0 Authentication successful");
    }

    private void Record(IEnumerable<string> lines)
    {
        lock (_commands) _authLines.AddRange(lines);
    }

    /// <summary>Sends a scripted reply; false when the script says to stop answering.</summary>
    private async Task<bool> AnswerAsync(Stream stream, string reply)
    {
        if (reply == Close) return false;
        if (reply == Silent)
        {
            await Task.Delay(Timeout.Infinite, _stop.Token);
            return false;
        }
        await SendAsync(stream, reply);
        return true;
    }

    private async Task SendAsync(Stream stream, string reply)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(reply + "\r\n"), _stop.Token);
        await stream.FlushAsync(_stop.Token);
    }

    private async Task<SslStream> ServerTlsAsync(Stream stream)
    {
        var tls = new SslStream(stream);
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = SelfSigned.Value }, _stop.Token);
        SniName = tls.TargetHostName;
        return tls;
    }

    private async Task<string?> ReadLineAsync(Stream stream)
    {
        var line = await ReadRawLineAsync(stream);
        return line is null ? null : Encoding.UTF8.GetString(line).TrimEnd('\r', '\n');
    }

    /// <summary>One byte at a time, so nothing is read past the line (and past a STARTTLS).</summary>
    private async Task<byte[]?> ReadRawLineAsync(Stream stream)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (await stream.ReadAsync(one, _stop.Token) == 1)
        {
            line.Add(one[0]);
            if (one[0] == '\n') return [.. line];
        }
        return line.Count > 0 ? [.. line] : null;
    }

    private async Task<byte[]> ReadDataAsync(Stream stream)
    {
        var data = new List<byte>();
        while (await ReadRawLineAsync(stream) is { } line && !line.AsSpan().SequenceEqual(".\r\n"u8))
            data.AddRange(line);
        return [.. data];
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=fake.test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("fake.test");
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // A certificate with an ephemeral key cannot serve TLS on every platform; one loaded from PKCS#12 can.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
