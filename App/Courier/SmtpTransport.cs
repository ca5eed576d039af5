using App.Configuration;
using App.Courier.Smtp;

namespace App.Courier;

/// <summary>Delivers outbox messages to the SMTP server of <c>courier.smtp.connection_uri</c>.</summary>
public sealed class SmtpTransport(PortalSettings settings) : IMailTransport
{
    private readonly SmtpEndpoint endpoint = SmtpEndpoint.Parse(settings.Options.Courier.Smtp.ConnectionUri!);
    private readonly SmtpSender sender = new();

    public string Describe() => endpoint.ToString();

    public Task SendAsync(CourierMessage message, CancellationToken cancel)
    {
        var smtp = settings.Options.Courier.Smtp;
        var domain = smtp.FromAddress[(smtp.FromAddress.LastIndexOf('@') + 1)..];
        var email = new OutgoingEmail(smtp.FromAddress, smtp.FromName, message.Recipient, message.Subject,
            message.Body, message.HtmlBody, $"{message.Id:N}@{domain}");
        return sender.SendAsync(endpoint, email, DateTimeOffset.UtcNow, cancel);
    }
}
