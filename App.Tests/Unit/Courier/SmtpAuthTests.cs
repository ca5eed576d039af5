using System.Net;
using System.Text;
using App.Courier;
using App.Courier.Smtp;
using App.Tests.Infrastructure;
using SmtpServer.Protocol;
using static App.Tests.Unit.Courier.SmtpSenderTests;

namespace App.Tests.Unit.Courier;

/// <summary>AUTH with the user name and password of the connection URI, against a real SMTP server.</summary>
public sealed class SmtpAuthTests
{
    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    public async Task Authenticates_with_the_mechanism_the_server_offers(string mechanism)
    {
        await using var server = await TestSmtpServer.StartAsync(new() { Tls = SmtpTls.StartTls, Users = Users, Mechanisms = [mechanism] });

        await Sender.SendAsync(SmtpEndpoint.Parse(server.Uri("user:secret-pass")), Email(), Now);

        Assert.Equal([("user", "secret-pass")], server.Logins);
        Assert.Equal("user", Assert.Single(server.Messages).User);
        var commands = server.CommandNames.ToList();
        Assert.True(commands.IndexOf("AUTH") < commands.IndexOf("MAIL"), string.Join(" ", commands));
    }

    [Fact]
    public async Task Sends_percent_decoded_utf8_credentials()
    {
        var users = new Dictionary<string, string> { ["jürgen@example.com"] = "pässwörd 日本:/@" };
        await using var server = await TestSmtpServer.StartAsync(new() { Tls = SmtpTls.Implicit, Users = users });
        var userInfo = Uri.EscapeDataString("jürgen@example.com") + ":" + Uri.EscapeDataString("pässwörd 日本:/@");

        await Sender.SendAsync(SmtpEndpoint.Parse(server.Uri(userInfo)), Email(), Now);

        Assert.Equal([("jürgen@example.com", "pässwörd 日本:/@")], server.Logins);
        Assert.Single(server.Messages);
    }

    [Fact]
    public async Task A_wrong_password_is_a_permanent_failure_that_never_shows_the_password()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { Tls = SmtpTls.StartTls, Users = Users });

        var failure = await Assert.ThrowsAsync<MailTransportException>(() =>
            Sender.SendAsync(SmtpEndpoint.Parse(server.Uri("user:wrong-password")), Email(), Now));

        Assert.True(failure.Permanent);
        Assert.Equal(535, failure.ReplyCode);
        Assert.Contains("authenticating", failure.Message);
        Assert.DoesNotContain("wrong-password", failure.Message);
        Assert.Contains(("user", "wrong-password"), server.Logins);
        Assert.DoesNotContain("MAIL", server.CommandNames);
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task A_refusal_that_echoes_the_credentials_is_shown_without_them()
    {
        static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
        await using var server = await TestSmtpServer.StartAsync(new()
        {
            Tls = SmtpTls.StartTls,
            Users = Users,
            AuthReply = (user, password) => new(SmtpReplyCode.AuthenticationFailed,
                $"5.7.8 Authentication failed for {Base64("\0" + user + "\0" + password)} {Base64(password)} ({password})"),
        });

        var failure = await Assert.ThrowsAsync<MailTransportException>(() =>
            Sender.SendAsync(SmtpEndpoint.Parse(server.Uri("user:secret-pass")), Email(), Now));

        Assert.True(failure.Permanent);
        Assert.Contains("Authentication failed for", failure.Message);
        Assert.DoesNotContain("secret-pass", failure.Message);
        Assert.DoesNotContain(Base64("\0user\0secret-pass"), failure.Message);
        Assert.DoesNotContain(Base64("secret-pass"), failure.Message);
        Assert.DoesNotContain('\n', failure.Message);
    }

    [Fact]
    public async Task A_server_that_offers_no_auth_is_a_passing_failure_that_says_what_to_change()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { Tls = SmtpTls.StartTls, Mechanisms = [] });

        var failure = await Assert.ThrowsAsync<MailTransportException>(() =>
            Sender.SendAsync(SmtpEndpoint.Parse(server.Uri("user:secret-pass")), Email(), Now));

        Assert.False(failure.Permanent);
        Assert.Null(failure.ReplyCode);
        Assert.Contains("Remove the user name and password", failure.Message);
        Assert.Empty(server.Logins);
        Assert.DoesNotContain("MAIL", server.CommandNames);
    }

    [Fact]
    public async Task Sends_the_password_in_plain_text_to_this_machine()
    {
        await using var server = await TestSmtpServer.StartAsync(new() { AuthOverPlainText = true, Users = Users });

        await Sender.SendAsync(SmtpEndpoint.Parse(server.Uri("user:secret-pass")), Email(), Now);

        Assert.Equal([("user", "secret-pass")], server.Logins);
        Assert.False(Assert.Single(server.Messages).OverTls);
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
}
