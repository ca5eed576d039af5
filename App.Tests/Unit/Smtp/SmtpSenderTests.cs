using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using App.Courier.Smtp;

namespace App.Tests.Unit.Smtp;

public sealed class SmtpSenderTests
{
    private static readonly DateTimeOffset Now = new(2025, 7, 1, 9, 5, 3, TimeSpan.Zero);

    /// <summary>Generous: only the tests about timeouts wait for it, and a busy machine must not fail the rest.</summary>
    private static readonly SmtpSender Sender = new(TimeSpan.FromSeconds(20));

    private static OutgoingEmail Email(string text = "Your code is 123456.", string? html = null) =>
        MimeWriterTests.Email(text: text, html: html);

    private static SmtpEndpoint Plain(FakeSmtpServer server, string? user = null, string? password = null) =>
        new("127.0.0.1", server.Port, SmtpSecurity.None, user, password, false, null);

    private static byte[] Unstuff(byte[] wire)
    {
        var text = Encoding.ASCII.GetString(wire);
        Assert.DoesNotContain("\r\n.\r\n", "\r\n" + text);
        var lines = text.Split("\r\n");
        return Encoding.ASCII.GetBytes(string.Join("\r\n", lines.Select(l => l.StartsWith('.') ? l[1..] : l)));
    }

    /// <summary>The multipart boundary is random, so two writes of one email differ only there.</summary>
    private static string Boundary(byte[] message)
    {
        var contentType = MimeReader.Parse(message).Headers["Content-Type"];
        return contentType[(contentType.IndexOf("boundary=\"", StringComparison.Ordinal) + 10)..^1];
    }

    [Fact]
    public async Task Delivers_over_a_plain_connection_with_envelope_and_data()
    {
        await using var server = new FakeSmtpServer().Start();
        var email = Email();

        await Sender.SendAsync(Plain(server), email, Now);

        Assert.Equal(["EHLO [127.0.0.1]", "MAIL FROM:<no-reply@acme.test>", "RCPT TO:<user@example.com>", "DATA", "QUIT"], server.Commands);
        Assert.Equal(MimeWriter.Write(email, Now), server.Data);
        Assert.Null(server.Error);
    }

    [Fact]
    public async Task Uses_the_configured_local_name_in_ehlo()
    {
        await using var server = new FakeSmtpServer().Start();

        await new SmtpSender(TimeSpan.FromSeconds(20), "portal.acme.test").SendAsync(Plain(server), Email(), Now);

        Assert.Equal("EHLO portal.acme.test", server.Commands[0]);
    }

    [Fact]
    public async Task Envelope_uses_the_ascii_form_of_the_addresses()
    {
        await using var server = new FakeSmtpServer().Start();

        await Sender.SendAsync(Plain(server), Email() with { To = "a..b@bücher.example" }, Now);

        Assert.Equal("RCPT TO:<\"a..b\"@xn--bcher-kva.example>", server.Commands[2]);
    }

    [Fact]
    public async Task Dot_stuffs_lines_that_start_with_a_dot_and_the_server_gets_the_message_back_exactly()
    {
        await using var server = new FakeSmtpServer().Start();
        var email = Email(text: ".\n.hidden\n..two\nmiddle.dot\n.", html: ".<p>\n.</p>");
        var message = MimeWriter.Write(email, Now);

        await Sender.SendAsync(Plain(server), email, Now);

        var wire = Encoding.ASCII.GetString(server.Data!);
        Assert.Contains("\r\n..\r\n", wire);
        Assert.Contains("\r\n..hidden\r\n", wire);
        Assert.Contains("\r\n...two\r\n", wire);
        Assert.Contains("\r\n..<p>\r\n", wire);
        Assert.Contains("\r\nmiddle.dot\r\n", wire);
        Assert.Equal(Encoding.ASCII.GetString(message).Replace(Boundary(message), Boundary(server.Data!)), Encoding.ASCII.GetString(Unstuff(server.Data!)));
    }

    [Theory]
    [InlineData(".", "..\r\n")]
    [InlineData(".a\r\nb\r\n", "..a\r\nb\r\n")]
    [InlineData("a\r\n.\r\n", "a\r\n..\r\n")]
    [InlineData("a\r\n..\r\n.b", "a\r\n...\r\n..b\r\n")]
    [InlineData("a.b\r\n", "a.b\r\n")]
    [InlineData("", "\r\n")]
    public void Dot_stuffing_doubles_leading_dots_and_ends_with_crlf(string input, string output)
    {
        Assert.Equal(output, Encoding.ASCII.GetString(SmtpSender.DotStuff(Encoding.ASCII.GetBytes(input))));
    }

    [Fact]
    public async Task Reads_multi_line_ehlo_replies_and_authenticates_with_plain()
    {
        await using var server = new FakeSmtpServer
        {
            Ehlo = "250-fake.test at your service\r\n250-SIZE 35882577\r\n250-8BITMIME\r\n250-AUTH LOGIN PLAIN\r\n250-ENHANCEDSTATUSCODES\r\n250 CHUNKING",
        }.Start();

        await Sender.SendAsync(Plain(server, "user", "pass"), Email(), Now);

        Assert.Equal("AUTH PLAIN AHVzZXIAcGFzcw==", server.Commands[1]);
        Assert.Equal(["AHVzZXIAcGFzcw=="], server.AuthLines);
        Assert.Equal("MAIL FROM:<no-reply@acme.test>", server.Commands[2]);
    }

    [Fact]
    public async Task Sends_utf8_credentials_with_auth_plain()
    {
        await using var server = new FakeSmtpServer { Ehlo = "250-fake.test\r\n250 AUTH=PLAIN" }.Start();

        await Sender.SendAsync(Plain(server, "jürgen@example.com", "pässwörd 日本"), Email(), Now);

        Assert.Equal(["AGrDvHJnZW5AZXhhbXBsZS5jb20AcMOkc3N3w7ZyZCDml6XmnKw="], server.AuthLines);
    }

    [Fact]
    public async Task Answers_an_empty_plain_challenge_with_the_credentials()
    {
        await using var server = new FakeSmtpServer
        {
            Ehlo = "250-fake.test\r\n250 AUTH PLAIN",
            Replies = { ["AUTH"] = "334 " },
        }.Start();

        var failure = await Assert.ThrowsAsync<SmtpFailure>(() => Sender.SendAsync(Plain(server, "user", "pass"), Email(), Now));

        // The fake answers the repeated credentials as an unknown command.
        Assert.Equal(["AUTH PLAIN AHVzZXIAcGFzcw==", "AHVzZXIAcGFzcw=="], server.Commands.Skip(1).Take(2));
        Assert.Equal(502, failure.ReplyCode);
        Assert.DoesNotContain("AHVzZXIAcGFzcw==", failure.Message);
    }

    [Fact]
    public async Task Falls_back_to_auth_login()
    {
        await using var server = new FakeSmtpServer { Ehlo = "250-fake.test\r\n250 AUTH LOGIN CRAM-MD5" }.Start();

        await Sender.SendAsync(Plain(server, "user", "pass"), Email(), Now);

        Assert.Equal("AUTH LOGIN", server.Commands[1]);
        Assert.Equal(["dXNlcg==", "cGFzcw=="], server.AuthLines);
        Assert.Contains("DATA", server.Commands);
    }

    [Fact]
    public async Task Refuses_to_authenticate_when_the_server_offers_no_known_mechanism()
    {
        await using var server = new FakeSmtpServer { Ehlo = "250-fake.test\r\n250 AUTH CRAM-MD5" }.Start();

        var failure = await Assert.ThrowsAsync<SmtpFailure>(() => Sender.SendAsync(Plain(server, "user", "secret-pass"), Email(), Now));

        Assert.Contains("neither AUTH PLAIN nor AUTH LOGIN", failure.Message);
        Assert.Contains("CRAM-MD5", failure.Message);
        Assert.False(failure.Permanent);
        Assert.Null(failure.ReplyCode);
        Assert.Equal(["EHLO [127.0.0.1]", "QUIT"], server.Commands);
    }

    [Fact]
    public async Task A_rejected_password_is_permanent_and_never_shown()
    {
        await using var server = new FakeSmtpServer
        {
            Ehlo = "250-fake.test\r\n250 AUTH PLAIN",
            Replies = { ["AUTH"] = "535 5.7.8 Authentication failed for AHVzZXIAc2VjcmV0LXBhc3M= (secret-pass)" },
        }.Start();

        var failure = await Assert.ThrowsAsync<SmtpFailure>(() => Sender.SendAsync(Plain(server, "user", "secret-pass"), Email(), Now));

        Assert.Equal(535, failure.ReplyCode);
        Assert.True(failure.Permanent);
        Assert.Contains("AUTH PLAIN", failure.Message);
        Assert.Contains("Authentication failed", failure.Message);
        Assert.DoesNotContain("secret-pass", failure.Message);
        Assert.DoesNotContain("AHVzZXIAc2VjcmV0LXBhc3M=", failure.Message);
        Assert.DoesNotContain("MAIL FROM:<no-reply@acme.test>", server.Commands);
    }

    [Fact]
    public async Task Falls_back_to_helo_when_ehlo_is_not_understood()
    {
        await using var server = new FakeSmtpServer { Replies = { ["EHLO"] = "500 5.5.1 Command unrecognized" } }.Start();
        var email = Email();

        await Sender.SendAsync(Plain(server), email, Now);

        Assert.Equal(["EHLO [127.0.0.1]", "HELO [127.0.0.1]", "MAIL FROM:<no-reply@acme.test>", "RCPT TO:<user@example.com>", "DATA", "QUIT"], server.Commands);
        Assert.Equal(MimeWriter.Write(email, Now), server.Data);
    }

    [Fact]
    public async Task Upgrades_with_starttls_then_says_ehlo_again_and_sends_everything_else_encrypted()
    {
        await using var server = new FakeSmtpServer { Ehlo = "250-fake.test\r\n250-STARTTLS\r\n250 SIZE 1000000" }.Start();
        var email = Email(html: "<p>Your code is <b>123456</b>.</p>");
        var endpoint = SmtpEndpoint.Parse($"smtp://user:pass@127.0.0.1:{server.Port}/?skip_ssl_verify=true");

        await Sender.SendAsync(endpoint, email, Now);

        Assert.Equal(["EHLO [127.0.0.1]", "STARTTLS", "EHLO [127.0.0.1]", "AUTH PLAIN AHVzZXIAcGFzcw==", "MAIL FROM:<no-reply@acme.test>",
            "RCPT TO:<user@example.com>", "DATA", "QUIT"], server.Commands);
        Assert.Equal(server.Commands.Skip(2), server.CommandsOverTls);
        var data = Unstuff(server.Data!);
        var sent = MimeReader.Parse(data);
        Assert.Equal("Acme Portal <no-reply@acme.test>", sent.Headers["From"]);
        Assert.StartsWith("multipart/alternative", sent.Headers["Content-Type"]);
    }

    [Fact]
    public async Task Refuses_to_continue_when_starttls_is_required_but_not_offered()
    {
        await using var server = new FakeSmtpServer { Ehlo = "250-fake.test\r\n250 AUTH PLAIN LOGIN" }.Start();
        var endpoint = SmtpEndpoint.Parse($"smtp://user:pass@127.0.0.1:{server.Port}/");

        var failure = await Assert.ThrowsAsync<SmtpFailure>(() => Sender.SendAsync(endpoint, Email(), Now));

        Assert.Contains("does not offer STARTTLS", failure.Message);
        Assert.False(failure.Permanent);
        Assert.Equal(["EHLO [127.0.0.1]", "QUIT"], server.Commands);
        Assert.Empty(server.AuthLines);
    }

    [Fact]
    public async Task Verifies_the_certificate_unless_told_not_to()
    {
        await using var server = new FakeSmtpServer { Ehlo = "250-fake.test\r\n250 STARTTLS" }.Start();
        var endpoint = SmtpEndpoint.Parse($"smtp://127.0.0.1:{server.Port}/");

        var failure = await Assert.ThrowsAsync<SmtpFailure>(() => Sender.SendAsync(endpoint, Email(), Now));

        Assert.False(failure.Permanent);
        Assert.IsType<AuthenticationException>(failure.InnerException);
        Assert.Contains("negotiating TLS", failure.Message);
        Assert.DoesNotContain(server.Commands, c => c.StartsWith("MAIL"));
    }

    [Fact]
    public async Task Sends_the_server_name_as_sni()
    {
        await using var server = new FakeSmtpServer { Ehlo = "250-fake.test\r\n250 STARTTLS" }.Start();
        var endpoint = SmtpEndpoint.Parse($"smtp://127.0.0.1:{server.Port}/?skip_ssl_verify=true&server_name=mail.fake.test");

        await Sender.SendAsync(endpoint, Email(), Now);

        Assert.Equal("mail.fake.test", server.SniName);
    }

    [Fact]
    public async Task Does_not_trust_bytes_sent_between_the_starttls_reply_and_the_handshake()
    {
        await using var server = new FakeSmtpServer
        {
            Ehlo = "250-fake.test\r\n250 STARTTLS",
            InjectAfterStartTls = "250-fake.test\r\n250 AUTH PLAIN",
        }.Start();
        var endpoint = SmtpEndpoint.Parse($"smtp://user:pass@127.0.0.1:{server.Port}/?skip_ssl_verify=true");

        var failure = await Assert.ThrowsAsync<SmtpFailure>(() => Sender.SendAsync(endpoint, Email(), Now));

        Assert.False(failure.Permanent);
        Assert.Empty(server.AuthLines);
        Assert.DoesNotContain(server.Commands, c => c.StartsWith("MAIL"));
    }

    [Fact]
    public async Task Speaks_tls_from_the_first_byte_with_smtps()
    {
        await using var server = new FakeSmtpServer { ImplicitTls = true, Ehlo = "250-fake.test\r\n250 AUTH LOGIN PLAIN" }.Start();
        var email = Email(text: "Grüße 🔐\n.dot");
        var endpoint = SmtpEndpoint.Parse($"smtps://user:pass@127.0.0.1:{server.Port}/?skip_ssl_verify=true");

        await Sender.SendAsync(endpoint, email, Now);

        Assert.Equal(["EHLO [127.0.0.1]", "AUTH PLAIN AHVzZXIAcGFzcw==", "MAIL FROM:<no-reply@acme.test>", "RCPT TO:<user@example.com>", "DATA", "QUIT"],
            server.CommandsOverTls);
        Assert.Equal(server.Commands, server.CommandsOverTls);
        Assert.Equal(MimeWriter.Write(email, Now), Unstuff(server.Data!));
    }

    [Fact]
    public async Task A_550_on_rcpt_is_permanent_and_names_the_command_and_the_reply()
    {
        await using var server = new FakeSmtpServer
        {
            Replies = { ["RCPT"] = "550-5.1.1 <user@example.com>: Recipient address rejected:\r\n550 5.1.1 User unknown in virtual mailbox table" },
        }.Start();

        var failure = await Assert.ThrowsAsync<SmtpFailure>(() => Sender.SendAsync(Plain(server), Email(), Now));

        Assert.Equal(550, failure.ReplyCode);
        Assert.True(failure.Permanent);
        Assert.Contains("RCPT TO:<user@example.com>", failure.Message);
        Assert.Contains("Recipient address rejected", failure.Message);
        Assert.Contains("User unknown in virtual mailbox table", failure.Message);
        Assert.Equal(["EHLO [127.0.0.1]", "MAIL FROM:<no-reply@acme.test>", "RCPT TO:<user@example.com>", "QUIT"], server.Commands);
        Assert.Null(server.Data);
    }

    [Fact]
    public async Task A_451_on_mail_is_temporary()
    {
        await using var server = new FakeSmtpServer { Replies = { ["MAIL"] = "451 4.3.0 Try again later" } }.Start();

        var failure = await Assert.ThrowsAsync<SmtpFailure>(() => Sender.SendAsync(Plain(server), Email(), Now));

        Assert.Equal(451, failure.ReplyCode);
        Assert.False(failure.Permanent);
        Assert.Contains("MAIL FROM:<no-reply@acme.test>", failure.Message);
        Assert.Contains("Try again later", failure.Message);
    }

    [Theory]
    [InlineData("452 4.3.1 Insufficient system storage", 452, false)]
    [InlineData("554 5.7.1 Message rejected as spam", 554, true)]
    public async Task The_reply_to_the_end_of_the_data_decides(string reply, int code, bool permanent)
    {
        await using var server = new FakeSmtpServer { Replies = { ["."] = reply } }.Start();

        var failure = await Assert.ThrowsAsync<SmtpFailure>(() => Sender.SendAsync(Plain(server), Email(), Now));

        Assert.Equal(code, failure.ReplyCode);
        Assert.Equal(permanent, failure.Permanent);
        Assert.Contains("end of DATA", failure.Message);
        Assert.NotNull(server.Data);
    }

    [Fact]
    public async Task A_refused_greeting_fails()
    {
        await using var server = new FakeSmtpServer { Greeting = "554 5.3.2 No service here" }.Start();

        var failure = await Assert.ThrowsAsync<SmtpFailure>(() => Sender.SendAsync(Plain(server), Email(), Now));

        Assert.Equal(554, failure.ReplyCode);
        Assert.True(failure.Permanent);
        Assert.Contains("greeting", failure.Message);
    }

    [Fact]
    public async Task A_server_that_closes_at_once_gives_a_temporary_failure()
    {
        await using var server = new FakeSmtpServer { Greeting = FakeSmtpServer.Close }.Start();

        var failure = await Assert.ThrowsAsync<SmtpFailure>(() => Sender.SendAsync(Plain(server), Email(), Now));

        Assert.False(failure.Permanent);
        Assert.Null(failure.ReplyCode);
        Assert.Contains("127.0.0.1", failure.Message);
    }

    [Fact]
    public async Task A_server_that_closes_in_the_middle_gives_a_temporary_failure()
    {
        await using var server = new FakeSmtpServer { Replies = { ["RCPT"] = FakeSmtpServer.Close } }.Start();

        var failure = await Assert.ThrowsAsync<SmtpFailure>(() => Sender.SendAsync(Plain(server), Email(), Now));

        Assert.False(failure.Permanent);
        Assert.Contains("RCPT TO", failure.Message);
    }

    [Fact]
    public async Task Something_that_is_not_smtp_gives_a_temporary_failure()
    {
        await using var server = new FakeSmtpServer { Greeting = "HTTP/1.1 400 Bad Request" }.Start();

        var failure = await Assert.ThrowsAsync<SmtpFailure>(() => Sender.SendAsync(Plain(server), Email(), Now));

        Assert.False(failure.Permanent);
        Assert.Contains("not an SMTP reply", failure.Message);
        Assert.Empty(server.Commands);
    }

    [Fact]
    public async Task A_server_that_never_greets_times_out()
    {
        await using var server = new FakeSmtpServer { Greeting = FakeSmtpServer.Silent }.Start();
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<SmtpFailure>(() => new SmtpSender(TimeSpan.FromSeconds(1)).SendAsync(Plain(server), Email(), Now));

        Assert.False(failure.Permanent);
        Assert.Contains("timed out after 1 s while waiting for the greeting", failure.Message);
        Assert.IsType<TimeoutException>(failure.InnerException);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_server_that_never_confirms_the_data_times_out()
    {
        await using var server = new FakeSmtpServer { Replies = { ["."] = FakeSmtpServer.Silent } }.Start();

        var failure = await Assert.ThrowsAsync<SmtpFailure>(() => new SmtpSender(TimeSpan.FromSeconds(1)).SendAsync(Plain(server), Email(), Now));

        Assert.False(failure.Permanent);
        Assert.Contains("timed out", failure.Message);
        Assert.Contains("end of the message", failure.Message);
    }

    [Fact]
    public async Task A_closed_port_gives_a_temporary_failure()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var failure = await Assert.ThrowsAsync<SmtpFailure>(() =>
            Sender.SendAsync(new SmtpEndpoint("127.0.0.1", port, SmtpSecurity.None, null, null, false, null), Email(), Now));

        Assert.False(failure.Permanent);
        Assert.IsType<SocketException>(failure.InnerException);
        Assert.Contains("connecting", failure.Message);
    }

    [Fact]
    public async Task Cancelling_is_not_a_delivery_failure()
    {
        await using var server = new FakeSmtpServer { Greeting = FakeSmtpServer.Silent }.Start();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sender.SendAsync(Plain(server), Email(), Now, cancel.Token));
    }

    [Fact]
    public async Task A_message_that_cannot_be_written_fails_before_connecting()
    {
        await using var server = new FakeSmtpServer().Start();

        await Assert.ThrowsAsync<ArgumentException>(() => Sender.SendAsync(Plain(server), Email() with { Subject = "x\r\nBcc: a@b.c" }, Now));

        Assert.Empty(server.Commands);
    }

    [Theory]
    [InlineData(false, "203.0.113.5", false)]
    [InlineData(false, "10.0.0.1", false)]
    [InlineData(false, "2001:db8::1", false)]
    [InlineData(false, "::ffff:203.0.113.5", false)]
    [InlineData(false, "127.0.0.1", true)]
    [InlineData(false, "127.0.0.53", true)]
    [InlineData(false, "::1", true)]
    [InlineData(false, "::ffff:127.0.0.1", true)]
    [InlineData(true, "203.0.113.5", true)]
    public void Sends_a_password_in_plain_text_only_to_this_machine(bool encrypted, string address, bool allowed)
    {
        Assert.Equal(allowed, SmtpSender.MaySendCredentials(encrypted, IPAddress.Parse(address)));
    }

    [Fact]
    public void Sends_no_password_in_plain_text_to_an_unknown_peer()
    {
        Assert.False(SmtpSender.MaySendCredentials(false, null));
    }

    [Fact]
    public void Refuses_a_timeout_that_is_not_positive_and_a_local_name_with_spaces()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmtpSender(TimeSpan.Zero));
        Assert.Throws<ArgumentException>(() => new SmtpSender(localName: "my host"));
        Assert.Throws<ArgumentException>(() => new SmtpSender(localName: "host\r\nRCPT TO:<x@y.z>"));
    }
}
