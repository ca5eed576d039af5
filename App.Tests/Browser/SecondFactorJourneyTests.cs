using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// A security key as a second factor, end to end in Chromium with a DevTools virtual authenticator
/// on USB: signed in by an emailed code (delivered over SMTP to maildev), the key added in
/// settings, then the next sign-in asks for it before whoami accepts the session.
/// </summary>
public sealed class SecondFactorJourneyTests(MailBrowserFixture fixture) : IClassFixture<MailBrowserFixture>
{
    [Fact]
    public async Task After_the_first_factor_the_sign_in_asks_for_the_security_key_added_in_settings()
    {
        using var portal = MailBrowserFixture.StartPortal(fixture.Maildev, SecondFactorSteps.Enabled());
        var email = PasskeySignInTests.NewEmail("second-factor");
        using (var client = portal.NewClient())
        {
            var (response, body) = await Journeys.RegisterAsync(client, new SoftwareAuthenticator(), email);
            Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        }

        await using var session = await fixture.OpenAsync(portal, new() { ViewportSize = new() { Width = 1280, Height = 800 }, BypassCSP = true });
        var key = await session.AddAuthenticatorAsync(AuthenticatorKind.SecurityKey);
        await SignInWithEmailedCodeAsync(session, email);
        await session.WaitForWelcomeAsync();

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
        await SignInWithEmailedCodeAsync(session, email);

        // The first factor is done; the browser flow sends the session on to its second factor.
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
        await session.WaitForWelcomeAsync();
        var whoami = await session.Context.APIRequest.GetAsync(portal.BaseUrl + "/sessions/whoami");
        Assert.Equal(200, whoami.Status);
        var signedIn = JsonNode.Parse(await whoami.TextAsync())!;
        Assert.Equal("aal2", signedIn["authenticator_assurance_level"]!.GetValue<string>());
        Assert.Equal([("code", "aal1"), ("webauthn", "aal2")], SecondFactorSteps.Methods(signedIn));
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

    /// <summary>"Can't use passkey?" → Email → "Send link" → the code from maildev → "Continue".</summary>
    private async Task SignInWithEmailedCodeAsync(BrowserSession session, string email)
    {
        await fixture.Maildev.DeleteAllAsync();
        await session.Page.GotoAsync("/login");
        var fallback = session.Page.Locator("#passkey-fallback");
        await session.Page.GetByText("Can't use passkey?", new() { Exact = true }).ClickAsync();
        await fallback.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync(email);
        await fallback.GetByRole(AriaRole.Button, new() { Name = "Send link", Exact = true }).ClickAsync();
        var code = (await fixture.Maildev.WaitForEmailAsync(email)).Code();
        await session.Page.GetByRole(AriaRole.Textbox, new() { Name = "Code", Exact = true }).FillAsync(code);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
    }
}
