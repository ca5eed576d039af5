using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using App.Courier;
using App.Courier.Smtp;
using App.Tests.Infrastructure;
using MailKit.Net.Smtp;
using SmtpServer.Protocol;
using static App.Tests.Unit.Courier.SmtpSenderTests;

namespace App.Tests.Unit.Courier;

/// <summary>
/// Failures as the courier worker needs them: a 5xx reply is permanent (the message is abandoned at
/// once), everything else passes (the message is tried again).
/// </summary>
public sealed class SmtpFailureTests
{
    private static Task<MailTransportException> FailAsync(int port, SmtpSender? sender = null) =>
        Assert.ThrowsAsync<MailTransportException>(() =>
            (sender ?? Sender).SendAsync(SmtpEndpoint.Parse($"smtp://127.0.0.1:{port}/?disable_starttls=true"), Email(), Now));

    [Fact]
    public async Task A_rejected_recipient_is_permanent_and_names_the_command_and_the_reply()
    {
        await using var server = await TestSmtpServer.StartAsync(new()
        {
            RecipientReply = to => to == "user@example.com" ? new(SmtpReplyCode.MailboxUnavailable, "5.1.1 User unknown in virtual mailbox table") : null,
        });

        var failure = await FailAsync(server.Port);

        Assert.True(failure.Permanent);
        Assert.Equal(550, failure.ReplyCode);
        Assert.Contains("RCPT TO:<user@example.com>", failure.Message);
        Assert.Contains("User unknown in virtual mailbox table", failure.Message);
        Assert.DoesNotContain("DATA", server.CommandNames);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task A_451_on_mail_is_temporary()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { SenderReply = _ => new(SmtpReplyCode.Aborted, "4.3.0 Try again later") });

        var failure = await FailAsync(server.Port);

        Assert.False(failure.Permanent);
        Assert.Equal(451, failure.ReplyCode);
        Assert.Contains("MAIL FROM:<no-reply@acme.test>", failure.Message);
        Assert.Contains("Try again later", failure.Message);
    }

    [Theory]
    [InlineData(SmtpReplyCode.InsufficientStorage, "4.3.1 Insufficient system storage", 452, false)]
    [InlineData(SmtpReplyCode.TransactionFailed, "5.7.1 Message rejected as spam", 554, true)]
    public async Task The_reply_to_the_end_of_the_data_decides(SmtpReplyCode reply, string text, int code, bool permanent)
    {
        await using var server = await TestSmtpServer.StartAsync(new() { DataReply = new(reply, text) });

        var failure = await FailAsync(server.Port);

        Assert.Equal(code, failure.ReplyCode);
        Assert.Equal(permanent, failure.Permanent);
        Assert.Contains("end of DATA", failure.Message);
        Assert.Contains(text[6..], failure.Message);
        Assert.Contains("DATA", server.CommandNames);
    }

    [Fact]
    public async Task A_refused_greeting_is_permanent()
    {
        await using var peer = RawTcpPeer.Saying("554 5.3.2 No service here");

        var failure = await FailAsync(peer.Port);

        Assert.Equal(554, failure.ReplyCode);
        Assert.True(failure.Permanent);
        Assert.Contains("No service here", failure.Message);
        Assert.Contains("starting the SMTP session", failure.Message);
    }

    [Fact]
    public async Task A_server_that_hangs_up_at_once_gives_a_temporary_failure()
    {
        await using var peer = RawTcpPeer.HangingUp();

        var failure = await FailAsync(peer.Port);

        Assert.False(failure.Permanent);
        Assert.Null(failure.ReplyCode);
        Assert.Contains($"127.0.0.1:{peer.Port}", failure.Message);
    }

    [Fact]
    public async Task A_server_that_drops_the_connection_in_the_middle_gives_a_temporary_failure()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { RecipientReply = _ => throw new InvalidOperationException("the server crashed") });

        var failure = await FailAsync(server.Port);

        Assert.False(failure.Permanent);
        Assert.Null(failure.ReplyCode);
        Assert.Contains("RCPT", server.CommandNames);
        Assert.Contains("sending the message", failure.Message);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task Something_that_is_not_smtp_gives_a_temporary_failure()
    {
        await using var peer = RawTcpPeer.Saying("HTTP/1.1 400 Bad Request");

        var failure = await FailAsync(peer.Port);

        Assert.False(failure.Permanent);
        Assert.IsType<SmtpProtocolException>(failure.InnerException);
    }

    [Fact]
    public async Task A_server_that_never_greets_times_out()
    {
        await using var peer = RawTcpPeer.Silent();
        var clock = Stopwatch.StartNew();

        var failure = await FailAsync(peer.Port, new SmtpSender(TimeSpan.FromSeconds(1)));

        Assert.False(failure.Permanent);
        Assert.Contains("timed out after 1 s while starting the SMTP session", failure.Message);
        Assert.IsType<TimeoutException>(failure.InnerException);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_server_that_never_confirms_the_data_times_out()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { HoldData = true });

        var failure = await FailAsync(server.Port, new SmtpSender(TimeSpan.FromSeconds(1)));

        Assert.False(failure.Permanent);
        Assert.Contains("timed out after 1 s while sending the message", failure.Message);
        Assert.Contains("DATA", server.CommandNames);
    }

    [Fact]
    public async Task A_closed_port_gives_a_temporary_failure()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var failure = await FailAsync(port);

        Assert.False(failure.Permanent);
        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(failure.InnerException).SocketErrorCode);
        Assert.Contains("connecting", failure.Message);
    }
}
