using App.Tests.Infrastructure;
using Microsoft.Playwright;

namespace App.Tests.Browser;

/// <summary>
/// Debian's Chromium and a portal with its admin listener on a port of its own, shared by the tests
/// of a class. Administrators sign up on the public pages and then reach the console at
/// <see cref="PortalFactory.ConsoleOrigin"/>, in the same browser context.
/// </summary>
public class ConsoleBrowserFixture : IAsyncLifetime
{
    private IPlaywright? playwright;
    private IBrowser? browser;
    private PortalFactory? portal;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser is not started.");
    public PortalFactory Portal => portal ?? throw new InvalidOperationException("The portal is not started.");

    public async Task InitializeAsync()
    {
        portal = StartPortal();
        playwright = await Playwright.CreateAsync();
        browser = await ChromiumFixture.LaunchAsync(playwright);
    }

    /// <summary>The portal the tests use; a fixture may add services (a recovery issuer) to it.</summary>
    protected virtual PortalFactory StartPortal() => PortalFactory.StartKestrelWithAdmin();

    public Task<BrowserSession> OpenAsync(BrowserNewContextOptions? options = null) => BrowserSession.OpenAsync(Browser, Portal, options);

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        portal?.Dispose();
    }
}
