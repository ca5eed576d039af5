using App.Tests.Infrastructure;
using Microsoft.Playwright;

namespace App.Tests.Browser;

/// <summary>
/// Debian's Chromium, maildev as the SMTP server, and a portal on localhost that delivers its
/// outbox to maildev with a fast worker, shared by the tests of a class. Tests that need other
/// settings start their own portal with <see cref="StartPortal"/>.
/// </summary>
public sealed class MailBrowserFixture : IAsyncLifetime
{
    /// <summary>The sender the portals here are configured with.</summary>
    public const string FromAddress = "sign-in@identity.test";

    /// <summary>How often the courier looks at the outbox when nothing wakes it.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private IPlaywright? playwright;
    private IBrowser? browser;
    private Maildev? maildev;
    private PortalFactory? portal;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser is not started.");
    public Maildev Maildev => maildev ?? throw new InvalidOperationException("maildev is not started.");
    public PortalFactory Portal => portal ?? throw new InvalidOperationException("The portal is not started.");

    public async Task InitializeAsync()
    {
        maildev = await Maildev.StartAsync();
        portal = StartPortal(maildev);
        playwright = await Playwright.CreateAsync();
        browser = await ChromiumFixture.LaunchAsync(playwright);
    }

    /// <summary>
    /// A portal on free public and admin ports whose courier delivers to <paramref name="smtp"/>,
    /// polling every 200 ms and retrying after 300 ms (doubling), with <paramref name="overrides"/> on top.
    /// </summary>
    public static PortalFactory StartPortal(Maildev smtp, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["courier.smtp.connection_uri"] = smtp.ConnectionUri,
            ["courier.smtp.from_address"] = FromAddress,
            ["courier.worker.poll_interval"] = $"{PollInterval.TotalMilliseconds}ms",
            ["courier.worker.retry_backoff"] = "300ms",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        return PortalFactory.StartKestrelWithAdmin(settings);
    }

    /// <summary>A fresh browser context and page on <paramref name="on"/> (the shared portal by default).</summary>
    public Task<BrowserSession> OpenAsync(PortalFactory? on = null, BrowserNewContextOptions? options = null) =>
        BrowserSession.OpenAsync(Browser, on ?? Portal, options);

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        portal?.Dispose();
        if (maildev is not null) await maildev.DisposeAsync();
    }
}
