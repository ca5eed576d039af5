using App.Tests.Infrastructure;
using Microsoft.Playwright;

namespace App.Tests.Browser;

/// <summary>
/// Debian's Chromium and a portal in the Development environment, shared by the tests of a class:
/// with no SMTP server set, its emails land on <c>/dev/mailbox</c>, so the email pages and the
/// mailbox itself can be visited without maildev. A session won by email must save a passkey
/// first, so the restricted settings page can be reached too.
/// </summary>
public sealed class DevelopmentBrowserFixture : IAsyncLifetime
{
    private IPlaywright? playwright;
    private IBrowser? browser;
    private PortalFactory? portal;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser is not started.");
    public PortalFactory Portal => portal ?? throw new InvalidOperationException("The portal is not started.");

    public async Task InitializeAsync()
    {
        portal = PortalFactory.StartKestrel(
            new Dictionary<string, string?> { ["selfservice.methods.code.config.require_passkey_after_sign_in"] = "always" },
            environment: "Development");
        playwright = await Playwright.CreateAsync();
        browser = await ChromiumFixture.LaunchAsync(playwright);
    }

    /// <summary>A fresh browser context and page on the portal.</summary>
    public Task<BrowserSession> OpenAsync(BrowserNewContextOptions? options = null) =>
        BrowserSession.OpenAsync(Browser, Portal, options);

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        portal?.Dispose();
    }
}
