using App.Configuration;

namespace App.Courier;

/// <summary>
/// Chooses where mail goes: the configured SMTP server; without one, in development, the
/// development mailbox; otherwise nowhere, and messages wait in the outbox until a server is
/// configured. Production refuses to start with email sign-in on and no server (Program.cs).
/// </summary>
public static class MailTransports
{
    public static IMailTransport Create(IServiceProvider services)
    {
        var settings = services.GetRequiredService<PortalSettings>();
        if (settings.SmtpConfigured) return new SmtpTransport(settings);
        return services.GetRequiredService<IWebHostEnvironment>().IsDevelopment() ? new DevelopmentMailbox() : new Undeliverable();
    }
}

/// <summary>No way to deliver: the worker leaves the outbox alone, so nothing is counted as an attempt.</summary>
public sealed class Undeliverable : IMailTransport
{
    public string Describe() => "nowhere (courier.smtp.connection_uri is not set)";
    public Task SendAsync(CourierMessage message, CancellationToken cancel) =>
        throw new MailTransportException("courier.smtp.connection_uri is not set.", permanent: false);
}
