using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// A security key as a second factor, end to end in Chromium with a DevTools virtual authenticator
/// on USB: a legacy account imported with a password signs in with it ("Use password"), adds the
/// key in settings, then the next password sign-in asks for the key before whoami accepts the session.
/// </summary>
public sealed class SecondFactorJourneyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task After_the_password_the_sign_in_asks_for_the_security_key_added_in_settings()
    {
        using var portal = SecondFactorSteps.StartPortal();
        var account = await SecondFactorSteps.ImportAsync(portal, "second-factor");

        await using var session = await chromium.OpenAsync(portal, new() { ViewportSize = new() { Width = 1280, Height = 800 }, BypassCSP = true });
        var key = await session.AddAuthenticatorAsync(AuthenticatorKind.SecurityKey);
        await SignInWithPasswordAsync(session, account);
        // No key yet: the password sign-in goes on to the passkey nudge, which may be put off.
        await session.WaitForPathAsync("/passwordless");

        await session.Page.GotoAsync("/settings");
        var section = session.Page.Locator("section.security-keys");
        await Expect(section.GetByRole(AriaRole.Heading, new() { Name = "Security keys" })).ToBeVisibleAsync();
        await Expect(section.GetByRole(AriaRole.Button, new() { Name = "Add security key" })).ToBeEnabledAsync();
        Directory.CreateDirectory(PageLayoutTests.ScreenshotDirectory);
        await PageLayoutTests.ShootEveryWayAsync(session.Page, "settings-security-keys");
        await session.Page.SetViewportSizeAsync(1280, 800);
        await section.GetByLabel("Name of the security key").FillAsync("Desk key");
        await section.GetByRole(AriaRole.Button, new() { Name = "Add security key" }).ClickAsync();
        var remove = section.GetByRole(AriaRole.Button, new() { Name = "Remove security key \"Desk key\"" });
        try
        {
            await Expect(remove).ToBeVisibleAsync();
        }
        catch (PlaywrightException)
        {
            throw new Xunit.Sdk.XunitException($"The key was not listed.\n{await session.DescribeAsync()}");
        }
        var made = Assert.Single(await key.GetCredentialsAsync());
        Assert.False(made.IsResidentCredential);
        await AssertAccessibleAsync(session.Page, "settings with a security key");
        await PageLayoutTests.ShootEveryWayAsync(session.Page, "settings-security-key-added");
        await session.Page.SetViewportSizeAsync(1280, 800);

        await session.Page.GotoAsync("/welcome");
        await session.SignOutAsync();
        await SignInWithPasswordAsync(session, account);

        // The first factor is done; the browser flow sends the session on to its second factor, before any nudge.
        await session.WaitForPathAsync("/login");
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Use your security key" })).ToBeVisibleAsync();
        var buttons = session.Page.Locator("main").GetByRole(AriaRole.Button);
        await Expect(buttons).ToHaveCountAsync(1);
        await Expect(buttons).ToHaveAccessibleNameAsync("Use security key");
        var refused = await session.Context.APIRequest.GetAsync(portal.BaseUrl + "/sessions/whoami");
        Assert.Equal(403, refused.Status);
        var error = JsonNode.Parse(await refused.TextAsync())!;
        Assert.Equal("session_aal2_required", error["error"]!["id"]!.GetValue<string>());
        Assert.Equal(portal.BaseUrl + "/self-service/login/browser?aal=aal2", error["redirect_browser_to"]!.GetValue<string>());
        await AssertAccessibleAsync(session.Page, "the second step");
        await PageLayoutTests.ShootEveryWayAsync(session.Page, "login-second-factor");
        await session.Page.SetViewportSizeAsync(1280, 800);

        await buttons.ClickAsync();
        // With aal2 done the passkey nudge may follow (the account still has no passkey), or not.
        for (var waited = 0; session.PathNow is not ("/welcome" or "/passwordless"); waited += 200)
        {
            if (waited > 20_000) throw new Xunit.Sdk.XunitException($"The second step did not finish.\n{await session.DescribeAsync()}");
            await Task.Delay(200);
        }
        var whoami = await session.Context.APIRequest.GetAsync(portal.BaseUrl + "/sessions/whoami");
        Assert.Equal(200, whoami.Status);
        var signedIn = JsonNode.Parse(await whoami.TextAsync())!;
        Assert.Equal("aal2", signedIn["authenticator_assurance_level"]!.GetValue<string>());
        Assert.Equal([("password", "aal1"), ("webauthn", "aal2")], SecondFactorSteps.Methods(signedIn));
        Assert.Empty(session.Errors);
    }

    /// <summary>axe-core finds nothing serious in light or dark.</summary>
    private static async Task AssertAccessibleAsync(IPage page, string where)
    {
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            // Without transitions: a colour caught mid-fade after the switch is no finding.
            await page.EmulateMediaAsync(new() { ColorScheme = scheme, ReducedMotion = ReducedMotion.Reduce });
            Assert.Equal("", Axe.DescribeBlocking(await Axe.RunAsync(page), $"{where}, {scheme}"));
        }
    }

    /// <summary>"Use password" behind the passkey → Email and Password → "Sign in".</summary>
    private static async Task SignInWithPasswordAsync(BrowserSession session, LegacyAccount account)
    {
        var page = session.Page;
        await page.GotoAsync("/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use password" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync(account.Email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(account.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }
}
