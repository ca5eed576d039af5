using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Authentication;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using ServerReply = SmtpServer.Protocol.SmtpResponse;

namespace App.Tests.Infrastructure;

public enum SmtpTls
{
    /// <summary>Plain text, no STARTTLS offered.</summary>
    None,
    /// <summary>Plain connect; STARTTLS offered, and AUTH only after it.</summary>
    StartTls,
    /// <summary>TLS from the first byte.</summary>
    Implicit,
}

/// <summary>What a <see cref="TestSmtpServer"/> does beyond accepting mail.</summary>
public sealed record SmtpServerOptions
{
    public SmtpTls Tls { get; init; } = SmtpTls.None;
    /// <summary>Users and their passwords; when set, AUTH (PLAIN and LOGIN) is required before MAIL.</summary>
    public IReadOnlyDictionary<string, string>? Users { get; init; }
    /// <summary>Offer AUTH over a plain connection too (the server refuses to by default).</summary>
    public bool AuthOverPlainText { get; init; }
    /// <summary>The AUTH mechanisms EHLO names, such as <c>["LOGIN"]</c>; empty for no AUTH line; null for PLAIN and LOGIN.</summary>
    public string[]? Mechanisms { get; init; }
    /// <summary>Every AUTH is answered with this reply (which may echo what it was sent).</summary>
    public Func<string, string, ServerReply>? AuthReply { get; init; }
    /// <summary>MAIL FROM with this address is answered with the reply returned; null accepts. It may also throw, which drops the connection.</summary>
    public Func<string, ServerReply?>? SenderReply { get; init; }
    /// <summary>RCPT TO, as <see cref="SenderReply"/>.</summary>
    public Func<string, ServerReply?>? RecipientReply { get; init; }
    /// <summary>The reply to the end of DATA; null for 250.</summary>
    public ServerReply? DataReply { get; init; }
    /// <summary>Never answers the end of DATA.</summary>
    public bool HoldData { get; init; }
    /// <summary>A fixed port (to come back on after <see cref="TestSmtpServer.StopAsync"/>); 0 for a free one.</summary>
    public int Port { get; init; }
}

/// <summary>One command as the server executed it.</summary>
public sealed record SmtpCommandSeen(string Name, bool OverTls);

/// <summary>One message the server accepted, with its envelope.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, byte[] Data, bool OverTls, string? User)
{
    public MimeMessage Message() => MimeMessage.Load(new MemoryStream(Data));

    /// <summary>The header lines as they were on the wire, folded lines kept apart.</summary>
    public IReadOnlyList<string> RawHeaderLines() =>
        System.Text.Encoding.ASCII.GetString(Data).Split("\r\n").TakeWhile(line => line.Length > 0).ToList();
}

/// <summary>
/// A real SMTP server (the SmtpServer package) inside the test process on 127.0.0.1, with STARTTLS
/// or implicit TLS on <see cref="TestCertificate"/> and AUTH PLAIN/LOGIN. It records each command,
/// whether it came over TLS, each login and each message it accepted.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<SmtpCommandSeen> commands = new();
    private readonly ConcurrentQueue<ReceivedMail> messages = new();
    private readonly ConcurrentQueue<(string User, string Password)> logins = new();
    private CancellationTokenSource? stop;
    private Task running = Task.CompletedTask;

    private TestSmtpServer(SmtpServerOptions options) => Options = options;

    public SmtpServerOptions Options { get; }
    public int Port { get; private set; }
    public IReadOnlyList<SmtpCommandSeen> Commands => [.. commands];
    public IReadOnlyList<string> CommandNames => [.. commands.Select(c => c.Name)];
    public IReadOnlyList<ReceivedMail> Messages => [.. messages];
    public IReadOnlyList<(string User, string Password)> Logins => [.. logins];

    /// <summary>A connection URI for this server; the certificate is self-signed, so TLS needs skip_ssl_verify.</summary>
    public string Uri(string userInfo = "", string query = "")
    {
        var scheme = Options.Tls == SmtpTls.Implicit ? "smtps" : "smtp";
        if (Options.Tls == SmtpTls.None) query = Join(query, "disable_starttls=true");
        else if (!query.Contains("skip_ssl_verify")) query = Join(query, "skip_ssl_verify=true");
        return $"{scheme}://{(userInfo.Length > 0 ? userInfo + "@" : "")}127.0.0.1:{Port}/?{query}";

        static string Join(string a, string b) => a.Length == 0 ? b : a + "&" + b;
    }

    public static async Task<TestSmtpServer> StartAsync(SmtpServerOptions? options = null)
    {
        var smtp = new TestSmtpServer(options ?? new SmtpServerOptions());
        await smtp.ListenAsync(smtp.Options.Port);
        return smtp;
    }

    private async Task ListenAsync(int port)
    {
        var o = Options;
        var built = new SmtpServerOptionsBuilder()
            .ServerName("test.smtp")
            .Endpoint(endpoint =>
            {
                endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, port))
                    .IsSecure(o.Tls == SmtpTls.Implicit)
                    .AllowUnsecureAuthentication(o.AuthOverPlainText)
                    .AuthenticationRequired(o.Users is not null)
                    .SupportedSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13);
                if (o.Tls != SmtpTls.None) endpoint.Certificate(TestCertificate.Instance);
            })
            .Build();
        var listeners = new EndpointListenerFactory();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        listeners.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(listeners);
        services.Add(new Store(this));
        services.Add(new DelegatingMailboxFilter(
            (ISessionContext _, IMailbox from) => Accept(o.SenderReply, from),
            (ISessionContext _, IMailbox to, IMailbox _) => Accept(o.RecipientReply, to)));
        services.Add(new DelegatingUserAuthenticator((user, password) =>
        {
            logins.Enqueue((user, password));
            if (o.AuthReply is { } reply) throw new SmtpResponseException(reply(user, password));
            return o.Users is not null && o.Users.TryGetValue(user, out var expected) && expected == password;
        }));
        if (o.Mechanisms is { } mechanisms) services.Add(new Offering(mechanisms));

        var server = new SmtpServer.SmtpServer(built, services);
        server.SessionCreated += (_, e) => e.Context.CommandExecuting += (_, c) =>
            commands.Enqueue(new SmtpCommandSeen(c.Command.Name, e.Context.Pipe?.IsSecure ?? false));
        stop = new CancellationTokenSource();
        running = server.StartAsync(stop.Token);
        var first = await Task.WhenAny(started.Task, running);
        if (first == running) await running; // failed to listen: let the error show
        Port = await started.Task;
    }

    private static bool Accept(Func<string, ServerReply?>? reply, IMailbox mailbox) =>
        reply?.Invoke(mailbox.AsAddress()) is { } refusal ? throw new SmtpResponseException(refusal) : true;

    /// <summary>Stops listening: connections are refused until <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (stop is null) return;
        await stop.CancelAsync();
        try { await running; }
        catch (OperationCanceledException) { }
        stop.Dispose();
        stop = null;
    }

    /// <summary>Listens again on the same port, keeping what was recorded.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await ListenAsync(Port);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private sealed class Store(TestSmtpServer owner) : MessageStore
    {
        public override async Task<ServerReply> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancel)
        {
            if (owner.Options.HoldData) await Task.Delay(Timeout.Infinite, cancel);
            if (owner.Options.DataReply is { } reply) return reply;
            owner.messages.Enqueue(new ReceivedMail(transaction.From.AsAddress(), [.. transaction.To.Select(to => to.AsAddress())],
                buffer.ToArray(), context.Pipe.IsSecure, context.Authentication.IsAuthenticated ? context.Authentication.User : null));
            return ServerReply.Ok;
        }
    }

    /// <summary>EHLO that names only some AUTH mechanisms, to play a server that lacks the others.</summary>
    private sealed class Offering(string[] mechanisms) : SmtpCommandFactory
    {
        public override SmtpCommand CreateEhlo(string domainOrAddress) => new Ehlo(domainOrAddress, mechanisms);

        private sealed class Ehlo(string domainOrAddress, string[] mechanisms) : EhloCommand(domainOrAddress)
        {
            protected override IEnumerable<string> GetExtensions(ISessionContext context) =>
                base.GetExtensions(context)
                    .Where(extension => !extension.StartsWith("AUTH", StringComparison.Ordinal) || mechanisms.Length > 0)
                    .Select(extension => extension.StartsWith("AUTH", StringComparison.Ordinal) ? "AUTH " + string.Join(' ', mechanisms) : extension);
        }
    }
}
