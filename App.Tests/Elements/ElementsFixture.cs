using System.Diagnostics;
using App.Tests.Browser;
using App.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace App.Tests.Elements;

/// <summary>
/// A product team's setup: Ory Elements (tools/elements, built here with esbuild) served from its
/// own origin, and a portal that sends its flows there, allows that origin through CORS and as a
/// WebAuthn origin, and returns people to it. Both on localhost, so they share cookies as a
/// product's app.example.com and auth.example.com do.
/// </summary>
public sealed class ElementsFixture : IAsyncLifetime
{
    private readonly string bundle = Path.Combine(Path.GetTempPath(), "elements-" + Guid.NewGuid().ToString("N"));
    private WebApplication? site;
    private PortalFactory? portal;
    private IPlaywright? playwright;
    private IBrowser? browser;

    public string Origin { get; } = $"http://localhost:{LocalMachine.FreePort()}";
    public PortalFactory Portal => portal ?? throw new InvalidOperationException("The portal is not started.");
    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser is not started.");

    public async Task InitializeAsync()
    {
        await BuildAsync();
        portal = PortalFactory.StartKestrel(new Dictionary<string, string?>
        {
            ["selfservice.flows.login.ui_url"] = $"{Origin}/login",
            ["selfservice.flows.registration.ui_url"] = $"{Origin}/registration",
            ["selfservice.default_browser_return_url"] = $"{Origin}/welcome",
            ["selfservice.allowed_return_urls.0"] = $"{Origin}/",
            ["serve.public.cors.enabled"] = "true",
            ["serve.public.cors.allowed_origins.0"] = Origin,
            ["selfservice.methods.passkey.config.rp.origins.0"] = Origin,
        });
        site = Serve(bundle, Origin, portal.BaseUrl);
        await site.StartAsync();
        playwright = await Playwright.CreateAsync();
        browser = await ChromiumFixture.LaunchAsync(playwright);
    }

    /// <summary>A fresh browser context on the Elements site, its pages' errors recorded.</summary>
    public Task<BrowserSession> OpenAsync() =>
        BrowserSession.OpenAsync(Browser, Portal, new BrowserNewContextOptions { BaseURL = Origin });

    private async Task BuildAsync()
    {
        var start = new ProcessStartInfo("node") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(LocalMachine.RepositoryRoot(), "tools", "elements", "build.mjs"));
        start.ArgumentList.Add(bundle);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var output = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"tools/elements did not build (is `npm ci --prefix tools/elements` done?):\n{await output}");
    }

    /// <summary>The bundle at every path, as a single-page app is served, and where the portal is.</summary>
    private static WebApplication Serve(string folder, string origin, string portalUrl)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(origin);
        var app = builder.Build();
        app.MapGet("/config.json", () => Results.Json(new { portal = portalUrl }));
        app.MapGet("/app.js", () => Results.File(Path.Combine(folder, "app.js"), "text/javascript"));
        app.MapGet("/app.css", () => Results.File(Path.Combine(folder, "app.css"), "text/css"));
        app.MapFallback(() => Results.File(Path.Combine(folder, "index.html"), "text/html"));
        return app;
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.CloseAsync();
        playwright?.Dispose();
        if (site is not null) await site.DisposeAsync();
        portal?.Dispose();
        if (Directory.Exists(bundle)) Directory.Delete(bundle, recursive: true);
    }
}
