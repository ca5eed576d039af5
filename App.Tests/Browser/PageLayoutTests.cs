using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>The hosted pages on a small phone and on a desktop, light and dark.</summary>
public sealed class PageLayoutTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly int[] Widths = [1280, 360];
    private static readonly ColorScheme[] Schemes = [ColorScheme.Light, ColorScheme.Dark];

    /// <summary>Where the screenshots of every page, width and colour scheme are written.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(Path.GetTempPath(), "screens");

    [Theory]
    [InlineData("/login", "Sign in with passkey")]
    [InlineData("/registration", "Sign up with passkey")]
    public async Task Fits_a_360_pixel_wide_phone_with_the_main_button_in_view(string path, string button)
    {
        await using var session = await chromium.OpenAsync(options: new() { ViewportSize = new() { Width = 360, Height = 740 } });
        await session.Page.GotoAsync(path);

        await AssertNoSidewaysScrollAsync(session.Page, 360, path);
        var main = session.Page.GetByRole(AriaRole.Button, new() { Name = button });
        await Expect(main).ToBeVisibleAsync();
        await Expect(main).ToBeInViewportAsync(new() { Ratio = 1 });
        await Expect(session.EmailField).ToBeInViewportAsync(new() { Ratio = 1 });
    }

    /// <summary>
    /// Every page at 1280 and 360 pixels, light and dark, with a long but real-looking address on
    /// the signed-in page; the screenshots are kept in <see cref="ScreenshotDirectory"/> for people to look at.
    /// </summary>
    [Fact]
    public async Task Every_page_fits_every_width_and_colour_scheme_without_console_errors()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await using var session = await chromium.OpenAsync(options: new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        await session.AddAuthenticatorAsync();

        await session.Page.GotoAsync("/login");
        await ShootEveryWayAsync(session.Page, "login");
        await session.Page.GetByText("Can't use passkey?").ClickAsync();
        await ShootEveryWayAsync(session.Page, "login-fallback");
        await session.Page.GotoAsync("/registration");
        await ShootEveryWayAsync(session.Page, "registration");

        const string email = "margarethe.von-hohenzollern@research.example.com";
        await session.RegisterAsync(email);
        Assert.Equal(email, await session.WaitForWelcomeAsync());
        await ShootEveryWayAsync(session.Page, "welcome");
        await session.Page.GetByRole(AriaRole.Link, new() { Name = "Add a passkey" }).ClickAsync();
        await session.WaitForPathAsync("/settings");
        await ShootEveryWayAsync(session.Page, "settings");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Generate backup codes" }).ClickAsync();
        var codes = session.Page.GetByRole(AriaRole.List, new() { Name = "Your new backup codes" }).Locator("code");
        await Expect(codes).ToHaveCountAsync(10);
        await ShootEveryWayAsync(session.Page, "settings-backup-codes");
        var code = await codes.First.TextContentAsync();
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "I saved them" }).ClickAsync();
        await Expect(session.Page.Locator("#backup-codes-left")).ToBeVisibleAsync();

        Assert.Empty(session.Errors);

        // Another browser, with no passkey: "Use a backup code", refused once, then the restricted page.
        await using var other = await chromium.OpenAsync(options: new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = other.Page;
        await page.GotoAsync("/login");
        await page.GetByText("Can't use passkey?").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Use a backup code" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync(email);
        var field = page.GetByRole(AriaRole.Textbox, new() { Name = "Backup code", Exact = true });
        await field.FillAsync("wrongcode");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await ShootEveryWayAsync(page, "login-backup-code");
        await field.FillAsync(code!);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await other.WaitForPathAsync("/settings");
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await ShootEveryWayAsync(page, "settings-restricted");
        Assert.Empty(other.Errors);
    }

    /// <summary>The page <c>dotnet run</c> keeps mail in, below <c>/dev/</c>: its styles and pictures must load from there too.</summary>
    [Fact]
    public async Task The_development_mailbox_is_styled_and_fits_every_width()
    {
        using var portal = Infrastructure.PortalFactory.StartKestrel(environment: "Development");
        await using var session = await chromium.OpenAsync(portal, new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        await session.Page.GotoAsync("/login");
        var fallback = session.Page.Locator("details", new() { Has = session.Page.GetByText("Can't use passkey?") });
        await fallback.GetByText("Can't use passkey?").ClickAsync();
        await fallback.GetByRole(AriaRole.Textbox, new() { Name = "Email" }).FillAsync("someone@example.com");
        await fallback.GetByRole(AriaRole.Button, new() { Name = "Send link" }).ClickAsync();
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();

        await session.Page.GotoAsync("/dev/mailbox");
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Development mailbox" })).ToBeVisibleAsync();
        await Expect(session.Page.Locator("main")).ToHaveCSSAsync("border-top-style", "solid");
        await ShootEveryWayAsync(session.Page, "mailbox");
        Assert.Empty(session.Errors);
    }

    internal static async Task ShootEveryWayAsync(IPage page, string name)
    {
        foreach (var scheme in Schemes)
        foreach (var width in Widths)
        {
            await page.EmulateMediaAsync(new() { ColorScheme = scheme });
            await page.SetViewportSizeAsync(width, width < 600 ? 740 : 800);
            await page.ScreenshotAsync(new()
            {
                Path = Path.Combine(ScreenshotDirectory, $"{name}-{width}-{scheme.ToString().ToLowerInvariant()}.png"),
                FullPage = true,
            });
            await AssertNoSidewaysScrollAsync(page, width, $"{name} at {width}px, {scheme}");
        }
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, int width, string what)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{what}: the page is {scrollWidth}px wide, so it scrolls sideways.");
        var overflow = await page.EvaluateAsync<int>("() => { const m = document.querySelector('main'); return m.scrollWidth - m.clientWidth; }");
        Assert.True(overflow <= 0, $"{what}: the content sticks out of the card by {overflow}px.");
    }
}
