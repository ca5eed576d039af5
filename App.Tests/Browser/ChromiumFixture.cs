using App.Tests.Infrastructure;
using Microsoft.Playwright;

namespace App.Tests.Browser;

/// <summary>
/// One Debian Chromium and one portal on localhost, shared by the tests of a class. Every test gets
/// its own browser context (cookies, storage, virtual authenticators), so tests stay independent.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;
    private PortalFactory? portal;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser is not started.");
    public PortalFactory Portal => portal ?? throw new InvalidOperationException("The portal is not started.");

    public async Task InitializeAsync()
    {
        portal = PortalFactory.StartKestrel();
        playwright = await Playwright.CreateAsync();
        browser = await LaunchAsync(playwright);
    }

    /// <summary>Starts Debian's Chromium headless, with the flags every browser test uses.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });

    /// <summary>A fresh browser context and page on <paramref name="portal"/> (the shared one by default).</summary>
    public Task<BrowserSession> OpenAsync(PortalFactory? portal = null, BrowserNewContextOptions? options = null) =>
        BrowserSession.OpenAsync(Browser, portal ?? Portal, options);

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        portal?.Dispose();
    }
}
