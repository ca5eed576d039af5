using App.Courier;
using App.Courier.Smtp;
using App.Tests.Infrastructure;
using MailKit.Security;
using MimeKit;

namespace App.Tests.Unit.Courier;

/// <summary>Delivery over plain text, STARTTLS and implicit TLS to a real SMTP server with a self-signed certificate.</summary>
public sealed class SmtpSenderTests
{
    internal static readonly DateTimeOffset Now = new(2025, 7, 1, 9, 5, 3, TimeSpan.Zero);

    /// <summary>Generous: only the tests about timeouts wait for it, and a busy machine must not fail the rest.</summary>
    internal static readonly SmtpSender Sender = new(TimeSpan.FromSeconds(20));

    internal static OutgoingEmail Email(string text = "Your code is 123456.", string? html = null) =>
        OutgoingEmailTests.Email(text: text, html: html);

    internal static readonly Dictionary<string, string> Users = new() { ["user"] = "secret-pass" };

    [Fact]
    public async Task Delivers_over_plain_text_when_starttls_is_disabled()
    {
        await using var server = await TestSmtpServer.StartAsync();
        var endpoint = SmtpEndpoint.Parse(server.Uri());

        await Sender.SendAsync(endpoint, Email(), Now);

        Assert.Equal(SecureSocketOptions.None, endpoint.Security);
        Assert.Equal(["EHLO", "MAIL", "RCPT", "DATA", "QUIT"], server.CommandNames);
        var received = Assert.Single(server.Messages);
        Assert.False(received.OverTls);
        Assert.Equal("no-reply@acme.test", received.From);
        Assert.Equal(["user@example.com"], received.To);
        Assert.Equal("Your code is 123456.", received.Message().TextBody);
    }

    [Fact]
    public async Task Upgrades_with_starttls_then_says_ehlo_again_and_sends_everything_else_encrypted()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { Tls = SmtpTls.StartTls, Users = Users });
        var endpoint = SmtpEndpoint.Parse(server.Uri("user:secret-pass"));

        await Sender.SendAsync(endpoint, Email(html: "<p>Your code is <b>123456</b>.</p>"), Now);

        Assert.Equal(SecureSocketOptions.StartTls, endpoint.Security);
        Assert.Equal(
        [
            new("EHLO", false), new("STARTTLS", false), new("EHLO", true), new("AUTH", true),
            new("MAIL", true), new("RCPT", true), new("DATA", true), new("QUIT", true),
        ], server.Commands);
        var received = Assert.Single(server.Messages);
        Assert.True(received.OverTls);
        Assert.Equal("user", received.User);
        Assert.IsType<MultipartAlternative>(received.Message().Body);
    }

    [Fact]
    public async Task Speaks_tls_from_the_first_byte_with_smtps()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { Tls = SmtpTls.Implicit, Users = Users });
        var endpoint = SmtpEndpoint.Parse(server.Uri("user:secret-pass"));

        await Sender.SendAsync(endpoint, Email(text: "Grüße 🔐\n.dot"), Now);

        Assert.Equal(SecureSocketOptions.SslOnConnect, endpoint.Security);
        Assert.Equal(["EHLO", "AUTH", "MAIL", "RCPT", "DATA", "QUIT"], server.CommandNames);
        Assert.All(server.Commands, c => Assert.True(c.OverTls, c.Name));
        Assert.Equal("Grüße 🔐\n.dot", Assert.Single(server.Messages).Message().TextBody.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Refuses_to_continue_when_starttls_is_required_but_not_offered()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { AuthOverPlainText = true, Users = Users });
        var endpoint = SmtpEndpoint.Parse($"smtp://user:secret-pass@127.0.0.1:{server.Port}/");

        var failure = await Assert.ThrowsAsync<MailTransportException>(() => Sender.SendAsync(endpoint, Email(), Now));

        Assert.Contains("STARTTLS", failure.Message);
        Assert.Contains("smtps://", failure.Message);
        Assert.False(failure.Permanent);
        Assert.Equal(["EHLO"], server.CommandNames);
        Assert.Empty(server.Logins);
    }

    [Theory]
    [InlineData(SmtpTls.StartTls)]
    [InlineData(SmtpTls.Implicit)]
    public async Task Verifies_the_certificate_by_default_and_refuses_a_self_signed_one(SmtpTls tls)
    {
        await using var server = await TestSmtpServer.StartAsync(new() { Tls = tls, Users = Users });
        var endpoint = SmtpEndpoint.Parse(server.Uri("user:secret-pass", "skip_ssl_verify=false"));

        var failure = await Assert.ThrowsAsync<MailTransportException>(() => Sender.SendAsync(endpoint, Email(), Now));

        Assert.False(endpoint.SkipCertificateVerification);
        Assert.False(failure.Permanent);
        Assert.IsType<SslHandshakeException>(failure.InnerException);
        Assert.Contains("starting the SMTP session", failure.Message);
        Assert.Empty(server.Logins);
        Assert.DoesNotContain("MAIL", server.CommandNames);
        Assert.Empty(server.Messages);
    }

    [Theory]
    [InlineData(SmtpTls.StartTls)]
    [InlineData(SmtpTls.Implicit)]
    public async Task Skip_ssl_verify_accepts_the_self_signed_certificate(SmtpTls tls)
    {
        await using var server = await TestSmtpServer.StartAsync(new() { Tls = tls });
        var endpoint = SmtpEndpoint.Parse(server.Uri(query: "skip_ssl_verify=true"));

        await Sender.SendAsync(endpoint, Email(), Now);

        Assert.True(Assert.Single(server.Messages).OverTls);
    }

    [Fact]
    public async Task Expects_the_certificate_of_server_name_rather_than_of_the_address_connected_to()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { Tls = SmtpTls.StartTls });

        var byAddress = await Assert.ThrowsAsync<MailTransportException>(() =>
            Sender.SendAsync(SmtpEndpoint.Parse(server.Uri(query: "skip_ssl_verify=false")), Email(), Now));
        var byName = await Assert.ThrowsAsync<MailTransportException>(() =>
            Sender.SendAsync(SmtpEndpoint.Parse(server.Uri(query: $"skip_ssl_verify=false&server_name={TestCertificate.HostName}")), Email(), Now));
        await Sender.SendAsync(SmtpEndpoint.Parse(server.Uri(query: $"skip_ssl_verify=true&server_name={TestCertificate.HostName}")), Email(), Now);

        // Connected to 127.0.0.1, the certificate's name is wrong; named, only its issuer is unknown.
        Assert.Contains($"did not match the name given in the server's SSL certificate ({TestCertificate.HostName})", byAddress.Message);
        Assert.DoesNotContain("did not match", byName.Message);
        Assert.Contains("self-signed", byName.Message);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task Cancelling_is_not_a_delivery_failure()
    {
        await using var peer = RawTcpPeer.Silent();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var endpoint = SmtpEndpoint.Parse($"smtp://127.0.0.1:{peer.Port}/?disable_starttls=true");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Sender.SendAsync(endpoint, Email(), Now, cancel.Token));
    }

    [Fact]
    public async Task A_message_that_cannot_be_written_fails_before_connecting()
    {
        await using var server = await TestSmtpServer.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Sender.SendAsync(SmtpEndpoint.Parse(server.Uri()), Email() with { Subject = "x\r\nBcc: a@b.c" }, Now));

        Assert.Empty(server.Commands);
    }

    [Fact]
    public void Refuses_a_timeout_that_is_not_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmtpSender(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmtpSender(TimeSpan.FromSeconds(-1)));
    }
}
