using App.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// Themes change what the pages look like, never what they do: a theme's tokens change the computed
/// colours, its Razor parts replace the header, and the light/dark switch is remembered.
/// </summary>
public sealed class ThemeTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static Task<string> StyleAsync(IPage page, string selector, string property) =>
        page.EvalOnSelectorAsync<string>(selector, $"e => getComputedStyle(e).{property}");

    [Fact]
    public async Task The_harbour_theme_changes_colours_corners_fonts_and_the_header()
    {
        await using var plain = await chromium.OpenAsync();
        await plain.Page.GotoAsync("/login");
        using var portal = PortalFactory.StartKestrel(new Dictionary<string, string?>
        {
            ["ui.theme"] = "harbour", ["ui.brand_name"] = "Harbour Bank", ["ui.support_url"] = "https://help.example.com/",
        });
        await using var themed = await chromium.OpenAsync(portal);
        await themed.Page.GotoAsync("/login");

        const string button = "button.button-primary";
        Assert.Equal("rgb(47, 91, 211)", await StyleAsync(plain.Page, button, "backgroundColor"));
        Assert.Equal("rgb(11, 110, 110)", await StyleAsync(themed.Page, button, "backgroundColor"));
        Assert.NotEqual(await StyleAsync(plain.Page, "body", "backgroundColor"), await StyleAsync(themed.Page, "body", "backgroundColor"));
        Assert.Equal("2px", await StyleAsync(themed.Page, button, "borderTopLeftRadius"));
        Assert.Contains("Georgia", await StyleAsync(themed.Page, "h1", "fontFamily"));
        Assert.Equal("6px", await StyleAsync(themed.Page, "main", "borderLeftWidth"));

        // Harbour's own header part, with the configured brand, logo and help link.
        await Expect(themed.Page.Locator("header.harbour-band")).ToBeVisibleAsync();
        await Expect(themed.Page.Locator("header.harbour-band")).ToContainTextAsync("Harbour Bank");
        await Expect(themed.Page.Locator("header img")).ToHaveAttributeAsync("src", "/themes/harbour/logo.svg");
        await Expect(themed.Page.GetByRole(AriaRole.Link, new() { Name = "Get help" })).ToHaveAttributeAsync("href", "https://help.example.com/");
        await Expect(plain.Page.Locator("header.harbour-band")).ToHaveCountAsync(0);

        // The flow is the same: the same form, the same names.
        await Expect(themed.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with passkey" })).ToBeVisibleAsync();
        Assert.Empty(themed.Errors);
    }

    [Fact]
    public async Task The_dark_switch_overrides_the_system_and_is_remembered()
    {
        await using var session = await chromium.OpenAsync(options: new() { ColorScheme = ColorScheme.Light });
        await session.Page.GotoAsync("/login");
        var light = await StyleAsync(session.Page, "body", "backgroundColor");
        var toggle = session.Page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" });
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");

        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.Equal("rgb(17, 19, 23)", await StyleAsync(session.Page, "body", "backgroundColor"));

        // Rendered dark by the server from the first byte on the next page.
        var response = await session.Page.GotoAsync("/registration");
        Assert.Contains("data-scheme=\"dark\"", await response!.TextAsync());
        Assert.Equal("rgb(17, 19, 23)", await StyleAsync(session.Page, "body", "backgroundColor"));

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" }).ClickAsync();
        Assert.Equal(light, await StyleAsync(session.Page, "body", "backgroundColor"));
    }

    [Fact]
    public async Task Without_a_choice_the_system_scheme_decides()
    {
        await using var session = await chromium.OpenAsync(options: new() { ColorScheme = ColorScheme.Dark });
        await session.Page.GotoAsync("/login");
        Assert.Equal("rgb(17, 19, 23)", await StyleAsync(session.Page, "body", "backgroundColor"));
        await Expect(session.Page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" })).ToHaveAttributeAsync("aria-pressed", "true");
    }

    private static Task<string> MudVariableAsync(IPage page, string name) =>
        page.EvaluateAsync<string>($"() => getComputedStyle(document.documentElement).getPropertyValue('{name}').trim()");

    [Fact]
    public async Task The_dark_switch_turns_MudBlazors_dark_mode_on_over_the_circuit_and_is_remembered()
    {
        await using var session = await chromium.OpenAsync(options: new() { ColorScheme = ColorScheme.Light });
        await CircuitSteps.SignUpAndOpenSettingsAsync(session, $"mud-dark-{Guid.NewGuid():N}@example.com");
        var page = session.Page;
        // The theme provider's palette, built from the tokens' light values: the primary's channels.
        Assert.Equal("47,91,211", await MudVariableAsync(page, "--mud-palette-primary-rgb"));
        Assert.Equal("rgb(47, 91, 211)", await StyleAsync(page, "button.add", "backgroundColor"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" }).ClickAsync();

        // The tokens' dark values, switched by the circuit without a reload.
        await CircuitSteps.WaitForAsync(async () => await MudVariableAsync(page, "--mud-palette-primary-rgb") == "138,168,255", "MudBlazor's dark palette");
        Assert.Equal("rgb(138, 168, 255)", await StyleAsync(page, "button.add", "backgroundColor"));
        Assert.Equal("rgb(12, 20, 48)", await StyleAsync(page, "button.add", "color"));

        // Rendered dark from the first byte on the next visit.
        var html = await (await page.ReloadAsync())!.TextAsync();
        Assert.Contains("--mud-palette-primary-rgb: 138,168,255", html);
        await Expect(CircuitSteps.AddButton(page)).ToBeEnabledAsync();
        Assert.Equal("138,168,255", await MudVariableAsync(page, "--mud-palette-primary-rgb"));
    }

    [Fact]
    public async Task The_harbour_theme_reaches_MudBlazors_components_and_passes_axe_on_a_phone()
    {
        using var portal = PortalFactory.StartKestrel(new Dictionary<string, string?> { ["ui.theme"] = "harbour" });
        await using var session = await chromium.OpenAsync(portal, new() { BypassCSP = true, ViewportSize = new() { Width = 360, Height = 740 } });
        await CircuitSteps.SignUpAndOpenSettingsAsync(session, $"mud-harbour-{Guid.NewGuid():N}@example.com");
        var page = session.Page;

        Assert.Equal("rgb(11, 110, 110)", await StyleAsync(page, "button.add", "backgroundColor"));
        Assert.Equal("2px", await StyleAsync(page, "button.add", "borderTopLeftRadius"));
        Assert.Equal("11,110,110", await MudVariableAsync(page, "--mud-palette-primary-rgb"));
        Assert.Contains("Avenir Next", await MudVariableAsync(page, "--mud-typography-default-family"));
        await Expect(page.Locator("header.harbour-band")).ToBeVisibleAsync();
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = scheme });
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 360, $"/settings ({scheme}) is {width}px wide at 360px");
            var blocking = Axe.DescribeBlocking(await Axe.RunAsync(page), $"harbour /settings ({scheme})");
            Assert.True(blocking.Length == 0, blocking);
        }
    }

    [Fact]
    public async Task The_harbour_theme_fits_a_phone_and_passes_axe_in_light_and_dark()
    {
        using var portal = PortalFactory.StartKestrel(new Dictionary<string, string?> { ["ui.theme"] = "harbour" });
        await using var session = await chromium.OpenAsync(portal, new() { BypassCSP = true, ViewportSize = new() { Width = 360, Height = 740 } });
        foreach (var path in new[] { "/login", "/registration" })
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await session.Page.EmulateMediaAsync(new() { ColorScheme = scheme });
            await session.Page.GotoAsync(path);
            var width = await session.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 360, $"{path} ({scheme}) is {width}px wide at 360px");
            var blocking = Axe.DescribeBlocking(await Axe.RunAsync(session.Page), $"harbour {path} ({scheme})");
            Assert.True(blocking.Length == 0, blocking);
        }
    }
}
