using App.Courier;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using MimeKit;

namespace App.Tests.Integration;

/// <summary>
/// The portal's courier delivering to a real SMTP server over STARTTLS with AUTH: what arrives,
/// in each language, and how the outbox treats a refused password and a server that is down.
/// </summary>
public sealed class CourierSmtpTests
{
    private const string From = "no-reply@acme.test";
    private readonly FakeClock clock = new();

    private static readonly Dictionary<string, string> Users = new() { ["portal"] = "s3cret-smtp-pass" };

    private PortalFactory Portal(TestSmtpServer smtp, string password = "s3cret-smtp-pass") => new(new Dictionary<string, string?>
    {
        ["courier.smtp.connection_uri"] = smtp.Uri("portal:" + Uri.EscapeDataString(password)),
        ["courier.smtp.from_address"] = From,
        ["courier.smtp.from_name"] = "Acme Anmeldung",
        ["courier.message_retries"] = "3",
    }) { Clock = clock };

    [Theory]
    [InlineData("de-DE", "ist dein Anmeldecode für", "de")]
    [InlineData("fr-FR", "est votre code de connexion à", "fr")]
    [InlineData("pt-BR", "é seu código de acesso a", "pt-BR")]
    public async Task A_sign_in_email_arrives_over_starttls_as_the_outbox_holds_it(string language, string subjectWords, string htmlLang)
    {
        await using var smtp = await TestSmtpServer.StartAsync(new() { Tls = SmtpTls.StartTls, Users = Users });
        using var portal = Portal(smtp);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var email = await EmailSteps.RegisterAndRequestCodeAsync(portal, language);

        var sent = await EmailSteps.WaitForEmailAsync(portal, email, m => m.Status == CourierStatuses.Sent);
        var received = Assert.Single(smtp.Messages, m => m.To.Contains(email));
        Assert.True(received.OverTls);
        Assert.Equal("portal", received.User);
        Assert.Equal(From, received.From);
        Assert.All(received.Data, b => Assert.True(b < 0x80, $"byte {b:x2} is not 7-bit"));

        var message = received.Message();
        Assert.Equal(sent.Subject, message.Subject);
        Assert.Contains(subjectWords, message.Subject);
        Assert.Contains(received.RawHeaderLines(), l => l.Contains("=?utf-8?", StringComparison.OrdinalIgnoreCase));
        var from = Assert.Single(message.From.Mailboxes);
        Assert.Equal(("Acme Anmeldung", From), (from.Name, from.Address));
        Assert.Equal(email, Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal($"{sent.Id:N}@acme.test", message.MessageId);
        Assert.InRange(message.Date, before, DateTimeOffset.UtcNow.AddSeconds(1));

        var alternative = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal(sent.Body.ReplaceLineEndings("\n"), message.TextBody.ReplaceLineEndings("\n"));
        Assert.Equal(sent.HtmlBody!.ReplaceLineEndings("\n"), message.HtmlBody.ReplaceLineEndings("\n"));
        Assert.Contains($"<html lang=\"{htmlLang}\">", message.HtmlBody);
        Assert.Contains(EmailSteps.CodeIn(sent), message.TextBody);
    }

    [Fact]
    public async Task A_refused_password_abandons_the_message_at_once_without_recording_the_password()
    {
        await using var smtp = await TestSmtpServer.StartAsync(new() { Tls = SmtpTls.StartTls, Users = Users });
        using var portal = Portal(smtp, password: "not-the-pass/word");

        var email = await EmailSteps.RegisterAndRequestCodeAsync(portal);

        var abandoned = await EmailSteps.WaitForEmailAsync(portal, email, m => m.Status == CourierStatuses.Abandoned);
        Assert.Equal(1, abandoned.SendCount);
        var error = Assert.Single(abandoned.Dispatches).Error;
        Assert.Contains("535", error);
        Assert.DoesNotContain("not-the-pass", error);
        Assert.Contains(("portal", "not-the-pass/word"), smtp.Logins);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task A_message_asked_for_while_the_server_is_down_is_delivered_once_when_it_is_back()
    {
        await using var smtp = await TestSmtpServer.StartAsync(new() { Tls = SmtpTls.StartTls, Users = Users });
        using var portal = Portal(smtp);
        await smtp.StopAsync();

        var email = await EmailSteps.RegisterAndRequestCodeAsync(portal);

        var waiting = await EmailSteps.WaitForEmailAsync(portal, email, m => m.SendCount == 1 && m.Status == CourierStatuses.Queued);
        Assert.Contains("connecting", Assert.Single(waiting.Dispatches).Error);
        await smtp.RestartAsync();
        clock.Advance(TimeSpan.FromSeconds(5));
        var sent = await EmailSteps.WaitForEmailAsync(portal, email, m => m.Status == CourierStatuses.Sent);
        Assert.Equal(2, sent.SendCount);
        await Task.Delay(300);
        var received = Assert.Single(smtp.Messages, m => m.To.Contains(email));
        Assert.Equal($"{sent.Id:N}@acme.test", received.Message().MessageId);
    }
}
