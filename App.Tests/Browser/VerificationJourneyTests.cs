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

    [GeneratedRegex(@"https?://[^\s""'<>]+/self-service/verification\?flow=[^\s""'<>]+")] private static partial Regex Link();
}
