using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// The public pages stay static: no circuit, no framework script, nothing of MudBlazor. Only the
/// passkeys page loads those.
/// </summary>
public sealed class StaticPagesTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly string[] InteractiveOnly = ["/_framework/", "/_content/", "/_blazor", "/js/interactive.js", "/css/interactive.css"];

    [Fact]
    public async Task Sign_in_registration_the_code_page_error_and_welcome_load_no_framework_and_hold_no_circuit()
    {
        await using var session = await chromium.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.AddAuthenticatorAsync();
        var requests = new List<string>();
        var sockets = new List<string>();
        session.Page.Request += (_, request) => requests.Add(new Uri(request.Url).AbsolutePath);
        session.Page.WebSocket += (_, socket) => sockets.Add(socket.Url);
        var page = session.Page;
        var seen = new List<(string Page, string Html)>();
        async Task VisitedAsync(string name) => seen.Add((name, await page.ContentAsync()));

        await page.GotoAsync("/login");
        await VisitedAsync("/login");
        await page.GetByText("Can't use passkey?", new() { Exact = true }).ClickAsync();
        await page.Locator("#fallback-email").FillAsync($"static-{Guid.NewGuid():N}@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send link", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();
        await VisitedAsync("the code page");
        await page.GotoAsync("/error?id=security_csrf_violation");
        await VisitedAsync("/error");
        var beforeSignUp = requests.ToList();
        var cookiesBeforeSignUp = await session.Context.CookiesAsync();
        await session.RegisterAsync($"static-{Guid.NewGuid():N}@example.com");
        await session.WaitForWelcomeAsync();
        // The sign-up went by the live settings page (its backup passkey question); from here on
        // the pages are static again, so count only what they load.
        requests.Clear();
        requests.AddRange(beforeSignUp);
        sockets.Clear();
        await page.ReloadAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await VisitedAsync("/welcome");
        await page.GotoAsync("/registration");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Contains("/registration", requests);
        Assert.Contains("/js/passkeys.js", requests);
        foreach (var part in InteractiveOnly) Assert.DoesNotContain(requests, r => r.StartsWith(part, StringComparison.Ordinal));
        Assert.Empty(sockets);
        foreach (var (name, html) in seen)
        {
            Assert.False(html.Contains("blazor.web", StringComparison.Ordinal), $"{name} refers to the framework's script.");
            Assert.False(html.Contains("MudBlazor", StringComparison.Ordinal), $"{name} refers to MudBlazor.");
            // Nor the framework's saved state for a circuit that never starts.
            Assert.False(html.Contains("Blazor-Server-Component-State", StringComparison.Ordinal), $"{name} carries state for a circuit.");
        }
        // Until the live settings page: the sign-up passes by it, and it is the page that uses one.
        Assert.DoesNotContain(cookiesBeforeSignUp, c => c.Name.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));

        // The passkeys page, for contrast, is the one that does.
        await page.GotoAsync("/self-service/settings/browser");
        await session.WaitForPathAsync("/settings");
        await Expect(CircuitSteps.AddButton(page)).ToBeEnabledAsync();
        Assert.Contains(requests, r => r.StartsWith("/_framework/blazor.web.", StringComparison.Ordinal));
        Assert.Contains(requests, r => r == "/_content/MudBlazor/MudBlazor.min.css");
        Assert.Single(sockets);
    }
}
