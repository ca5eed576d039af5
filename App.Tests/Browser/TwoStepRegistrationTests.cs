using App.Tests.Infrastructure;
using Microsoft.Playwright;
using static App.Tests.Browser.PasskeySignInTests;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// The hosted registration page with <c>style: profile_first</c> in Chromium: the email on one
/// screen, the passkey on the next, Back in between, by role and accessible name, with axe on both.
/// </summary>
public sealed class TwoStepRegistrationTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Signs_up_with_the_email_first_then_the_passkey_and_back_keeps_the_email()
    {
        using var portal = PortalFactory.StartKestrel(new Dictionary<string, string?> { ["selfservice.flows.registration.style"] = "profile_first" });
        await using var session = await chromium.OpenAsync(portal, new() { BypassCSP = true });
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        var authenticator = await session.AddAuthenticatorAsync();
        var page = session.Page;
        var email = NewEmail("two-step");
        var signUp = page.GetByRole(AriaRole.Button, new() { Name = "Sign up", Exact = true });
        var withPasskey = page.GetByRole(AriaRole.Button, new() { Name = "Sign up with passkey" });

        await page.GotoAsync("/registration");
        await Expect(withPasskey).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page, "profile screen");
        await page.GetByLabel("Email").FillAsync(email);
        await signUp.ClickAsync();

        await Expect(withPasskey).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page, "credential screen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Back" }).ClickAsync();

        await Expect(page.GetByLabel("Email")).ToHaveValueAsync(email);
        await signUp.ClickAsync();
        await withPasskey.ClickAsync();

        await session.WaitForPathAsync("/settings");
        Assert.Equal(200, await session.WhoAmIStatusAsync());
        Assert.Single(await authenticator.GetCredentialsAsync());
        Assert.Empty(session.Errors);
    }

    private static async Task AssertAccessibleAsync(IPage page, string where)
    {
        var blocking = Axe.DescribeBlocking(await Axe.RunAsync(page), where);
        Assert.True(blocking.Length == 0, blocking);
    }
}
