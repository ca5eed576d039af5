using System.Net;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using Microsoft.Playwright;
using static App.Tests.Browser.ConsoleSteps;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// axe-core on the admin console in each state an administrator meets it in, at desktop and phone
/// width, light and dark: no serious or critical violation of WCAG 2.x A/AA.
/// </summary>
public sealed class ConsoleAccessibilityTests(ConsoleBrowserFixture fixture) : IClassFixture<ConsoleBrowserFixture>
{
    /// <summary>Someone with a synced Google passkey and a 1Password one, signed in from a Mac and an iPhone.</summary>
    private async Task<string> CustomerAsync()
    {
        var email = NewEmail("customer");
        var google = new SoftwareAuthenticator(aaguid: Guid.Parse("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4"));
        using var mac = fixture.Portal.NewClient();
        mac.Http.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36");
        Assert.Equal(HttpStatusCode.OK, (await Journeys.RegisterAsync(mac, google, email)).Response.StatusCode);
        using var phone = fixture.Portal.NewClient();
        phone.Http.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1");
        Assert.Equal(HttpStatusCode.OK, (await Journeys.LoginAsync(phone, google)).Response.StatusCode);
        return email;
    }

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task The_console_passes_axe_in_light_and_dark(int width, int height)
    {
        var customer = await CustomerAsync();
        await using var session = await fixture.OpenAsync(new() { BypassCSP = true, ViewportSize = new() { Width = width, Height = height } });
        var adminId = await SignUpAsync(session, NewEmail("admin"));
        await MakeAdministratorAsync(session, adminId);
        var page = session.Page;
        var audit = new AxeAudit();
        var at = $"at {width}px";

        await page.GotoAsync(fixture.Portal.ConsoleOrigin + "/admin/sign-in?error=refused");
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await audit.CheckAsync(page, $"the console's sign-in after a refusal {at}");
        await SignInAsAdministratorAsync(session);
        await audit.CheckAsync(page, $"the console with the identities {at}");
        await OpenIdentityAsync(page, customer);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = customer, Level = 2 })).ToBeFocusedAsync();
        await Expect(Region(page, "Passkeys")).ToContainTextAsync("Google Password Manager");
        await audit.CheckAsync(page, $"an identity {at}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Deactivate", Exact = true }).ClickAsync();
        var question = page.GetByRole(AriaRole.Dialog, new() { Name = "Deactivate this identity?" });
        await Expect(question).ToBeVisibleAsync();
        await audit.CheckAsync(page, $"the question before deactivating {at}");
        await question.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(question).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Issue recovery link" }).ClickAsync();
        var recovery = page.GetByRole(AriaRole.Dialog, new() { Name = "Issue a recovery link" });
        await recovery.GetByRole(AriaRole.Button, new() { Name = "Issue link" }).ClickAsync();
        await Expect(recovery.GetByText("Write at least 8 characters.")).ToBeVisibleAsync();
        await audit.CheckAsync(page, $"the recovery dialog with a short reason {at}");
        await recovery.GetByRole(AriaRole.Textbox, new() { Name = "Reason" }).FillAsync("Lost phone; called back on the number on file");
        await recovery.GetByRole(AriaRole.Radio, new() { Name = "24 hours" }).CheckAsync();
        await recovery.GetByRole(AriaRole.Button, new() { Name = "Issue link" }).ClickAsync();
        await Expect(recovery.GetByRole(AriaRole.Textbox, new() { Name = "Recovery code" })).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^\d{6}$"));
        await audit.CheckAsync(page, $"the recovery link, shown once {at}");
        await recovery.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(recovery).ToHaveCountAsync(0);

        await using var visitor = await fixture.OpenAsync(new() { BypassCSP = true, ViewportSize = new() { Width = width, Height = height } });
        await SignUpAsync(visitor, NewEmail("visitor"));
        await SignInAsync(visitor);
        await Expect(visitor.Page.GetByRole(AriaRole.Heading, new() { Name = "You don't have access" })).ToBeVisibleAsync();
        await audit.CheckAsync(visitor.Page, $"\"You don't have access\" {at}");

        audit.AssertClean();
        Assert.Empty(session.Errors);
    }
}
