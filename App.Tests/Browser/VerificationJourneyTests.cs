using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using App.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// Someone proves their address end to end: Chromium on <c>/verification</c>, the courier delivering
/// over SMTP to maildev, and whoami saying <c>verified</c>. Once by the code, once by the link.
/// </summary>
public sealed partial class VerificationJourneyTests(MailBrowserFixture fixture) : IClassFixture<MailBrowserFixture>
{
    [Theory]
    [InlineData("code")]
    [InlineData("link")]
    public async Task A_registered_user_verifies_their_email(string by)
    {
        var email = PasskeySignInTests.NewEmail("verify-" + by);
        await using var session = await fixture.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.AddAuthenticatorAsync();
        await session.RegisterAsync(email);
        Assert.Equal(email, await session.WaitForWelcomeAsync());
        var page = session.Page;

        await page.GotoAsync("/verification");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Verify your email", Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send verification code", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your email", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("main")).ToContainTextAsync(email);
        var mail = await fixture.Maildev.WaitForEmailAsync(email);
        Assert.Matches(@"^\d{6} is your .+ verification code$", mail.Subject);
        var link = Link().Match(mail.Text).Value;
        Assert.StartsWith(fixture.Portal.BaseUrl + "/self-service/verification?flow=", link);

        if (by == "code")
        {
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Code", Exact = true }).FillAsync(mail.Code());
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        }
        else
        {
            await page.GotoAsync(link);
        }

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your email is verified", Exact = true })).ToBeVisibleAsync();
        var onward = page.GetByRole(AriaRole.Link, new() { Name = "Continue", Exact = true });
        await Expect(onward).ToHaveAttributeAsync("href", fixture.Portal.BaseUrl + "/welcome");

        var whoami = await session.Context.APIRequest.GetAsync(fixture.Portal.BaseUrl + "/sessions/whoami");
        var address = JsonNode.Parse(await whoami.TextAsync())!["identity"]!["verifiable_addresses"]![0]!;
        Assert.True(address["verified"]!.GetValue<bool>());
        Assert.Equal("completed", address["status"]!.GetValue<string>());
        Assert.NotNull(address["verified_at"]);

        await onward.ClickAsync();
        Assert.Equal(email, await session.WaitForWelcomeAsync());
    }

    /// <summary>
    /// Each state of the page (the address, refused, the code, a wrong code, done) passes axe and fits
    /// 1280 and 360 pixels in light and dark; the screenshots are kept with the other pages'.
    /// </summary>
    [Fact]
    public async Task The_verification_pages_pass_axe_and_fit_every_width_in_light_and_dark()
    {
        Directory.CreateDirectory(PageLayoutTests.ScreenshotDirectory);
        // axe-core is added to the page as a script, which the portal's CSP would refuse.
        await using var session = await fixture.OpenAsync(options: new() { BypassCSP = true, ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = session.Page;
        var audit = new AxeAudit();
        const string email = "margarethe.von-hohenzollern@research.example.com";

        await page.GotoAsync("/verification");
        await Expect(page).ToHaveTitleAsync("Verify your email");
        await ShootAndCheckAsync(page, audit, "verification");
        var field = page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true });
        await field.FillAsync("not an address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send verification code", Exact = true }).ClickAsync();
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(field).ToBeFocusedAsync();
        await ShootAndCheckAsync(page, audit, "verification-refused");

        await field.FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send verification code", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();
        await ShootAndCheckAsync(page, audit, "verification-code");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Code", Exact = true }).FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The code is wrong or has already been used");
        await ShootAndCheckAsync(page, audit, "verification-code-wrong");

        // An account to verify, so the last page is the real one.
        await using var owner = await fixture.OpenAsync(options: new() { BypassCSP = true, ViewportSize = new() { Width = 1280, Height = 800 } });
        await owner.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await owner.AddAuthenticatorAsync();
        var other = PasskeySignInTests.NewEmail("verify-layout");
        await owner.RegisterAsync(other);
        await owner.WaitForWelcomeAsync();
        await owner.Page.GotoAsync("/verification");
        await owner.Page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync(other);
        await owner.Page.GetByRole(AriaRole.Button, new() { Name = "Send verification code", Exact = true }).ClickAsync();
        var mail = await fixture.Maildev.WaitForEmailAsync(other);
        await owner.Page.GetByRole(AriaRole.Textbox, new() { Name = "Code", Exact = true }).FillAsync(mail.Code());
        await owner.Page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(owner.Page.GetByRole(AriaRole.Heading, new() { Name = "Your email is verified" })).ToBeVisibleAsync();
        await ShootAndCheckAsync(owner.Page, audit, "verification-done");

        audit.AssertClean();
        Assert.Empty(session.Errors);
        Assert.Empty(owner.Errors);
    }

    private static async Task ShootAndCheckAsync(IPage page, AxeAudit audit, string name)
    {
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        foreach (var width in new[] { 1280, 360 })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = scheme });
            await page.SetViewportSizeAsync(width, width < 600 ? 740 : 800);
            await page.ScreenshotAsync(new()
            {
                Path = Path.Combine(PageLayoutTests.ScreenshotDirectory, $"{name}-{width}-{scheme.ToString().ToLowerInvariant()}.png"),
                FullPage = true,
            });
            var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(scrollWidth <= width, $"{name} at {width}px, {scheme}: the page is {scrollWidth}px wide.");
            await audit.CheckAsync(page, $"{name} at {width}px, {scheme}");
        }
    }

    [GeneratedRegex(@"https?://[^\s""'<>]+/self-service/verification\?flow=[^\s""'<>]+")] private static partial Regex Link();
}
