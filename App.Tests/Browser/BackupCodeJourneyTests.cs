using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// Backup codes in Chromium: made and saved on the passkeys page, then, with every passkey lost,
/// the way back in: "Use a backup code", a session that may only save a new passkey, and a new
/// passkey on a fresh authenticator. The code used does not work twice.
/// </summary>
public sealed class BackupCodeJourneyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    /// <summary>Counts the page's calls to print(), which headless Chromium would otherwise swallow.</summary>
    private const string CountPrints = "window.__prints = 0; window.print = () => { window.__prints++; };";

    private static ILocator Section(IPage page) => page.Locator("section.backup-codes");

    [Fact]
    public async Task Saved_backup_codes_let_someone_who_lost_every_passkey_back_in_to_save_a_new_one()
    {
        var email = $"backup-{Guid.NewGuid():N}@example.com";
        await using var session = await chromium.OpenAsync(options: new() { AcceptDownloads = true });
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.AddInitScriptAsync(CountPrints);
        var phone = await session.AddAuthenticatorAsync();
        await session.RegisterAsync(email);
        await session.WaitForWelcomeAsync();
        var page = session.Page;

        await page.GotoAsync("/self-service/settings/browser");
        await session.WaitForPathAsync("/settings");
        await Expect(Section(page).GetByText("You have no backup codes yet.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate backup codes" }).ClickAsync();
        var list = page.GetByRole(AriaRole.List, new() { Name = "Your new backup codes" });
        await Expect(list.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(10);
        var codes = (await list.Locator("code").AllTextContentsAsync()).ToList();
        Assert.Equal(10, codes.Distinct().Count());
        // The focus moves from the pressed button to the codes that replaced it.
        await Expect(page.Locator("#backup-code-sheet")).ToBeFocusedAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download" }).ClickAsync());
        Assert.Equal("backup-codes.txt", download.SuggestedFilename);
        var lines = await File.ReadAllLinesAsync((await download.PathAsync())!);
        Assert.StartsWith("Backup codes for ", lines[0]);
        Assert.Equal(codes, lines.Where(l => l.Length == 8));
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "backup-codes.txt" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Print" }).ClickAsync();
        await page.WaitForFunctionAsync("() => window.__prints === 1");
        // On paper: the codes and what they are for, nothing else of the page.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Expect(list).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your passkeys" })).ToBeHiddenAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "I saved them" })).ToBeHiddenAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await page.GetByRole(AriaRole.Button, new() { Name = "I saved them" }).ClickAsync();
        await Expect(Section(page).GetByText("10 of 10 backup codes left.")).ToBeVisibleAsync();
        await Expect(list).ToHaveCountAsync(0);
        foreach (var code in codes) Assert.DoesNotContain(code, await page.ContentAsync());

        // Every passkey lost: signed out, and the phone gone.
        await page.GotoAsync("/welcome");
        await session.SignOutAsync();
        await phone.RemoveAsync();

        await page.GetByText("Can't use passkey?", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Use a backup code" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Use a backup code" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Backup code", Exact = true }).FillAsync(codes[4].ToUpperInvariant());
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();

        // A session whose only job is a new passkey: the page leads with "Add passkey".
        await session.WaitForPathAsync("/settings");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("save a new passkey on this device");
        await Expect(page.Locator("main").GetByRole(AriaRole.Button).First).ToHaveTextAsync("Add passkey");
        await Expect(Section(page)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Signed in elsewhere" })).ToHaveCountAsync(0);
        await page.GotoAsync("/welcome");
        await session.WaitForPathAsync("/settings");

        var laptop = await session.AddAuthenticatorAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your changes have been saved!" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        Assert.Single(await laptop.GetCredentialsAsync());
        await Expect(Section(page).GetByText("9 of 10 backup codes left.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Continue" }).ClickAsync();
        Assert.Equal(email, await session.WaitForWelcomeAsync());

        // The new passkey signs in; the code used does not, anywhere.
        await session.SignOutAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with passkey" }).ClickAsync();
        Assert.Equal(email, await session.WaitForWelcomeAsync());
        await using var elsewhere = await chromium.OpenAsync();
        await UseBackupCodeAsync(elsewhere, email, codes[4]);
        var field = elsewhere.Page.GetByRole(AriaRole.Textbox, new() { Name = "Backup code", Exact = true });
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(field).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("does not work for this email"));
        await Expect(field).ToBeFocusedAsync();
        Assert.Equal(401, await elsewhere.WhoAmIStatusAsync());
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Use_a_backup_code_works_with_JavaScript_off()
    {
        var email = $"backup-nojs-{Guid.NewGuid():N}@example.com";
        List<string> codes;
        await using (var device = await chromium.OpenAsync())
        {
            await device.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
            await device.AddAuthenticatorAsync();
            await device.RegisterAsync(email);
            await device.WaitForWelcomeAsync();
            await device.Page.GotoAsync("/self-service/settings/browser");
            await device.Page.GetByRole(AriaRole.Button, new() { Name = "Generate backup codes" }).ClickAsync();
            var list = device.Page.GetByRole(AriaRole.List, new() { Name = "Your new backup codes" });
            await Expect(list.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(10);
            codes = (await list.Locator("code").AllTextContentsAsync()).ToList();
            await device.Page.GetByRole(AriaRole.Button, new() { Name = "I saved them" }).ClickAsync();
            await Expect(Section(device.Page).GetByText("10 of 10 backup codes left.")).ToBeVisibleAsync();
        }

        await using var session = await chromium.OpenAsync(options: new() { JavaScriptEnabled = false });
        await UseBackupCodeAsync(session, email, codes[0]);
        await session.WaitForPathAsync("/settings");
        Assert.Equal(200, await session.WhoAmIStatusAsync());
    }

    /// <summary>/login → "Can't use passkey?" → "Use a backup code" → Email, Backup code → "Continue".</summary>
    private static async Task UseBackupCodeAsync(BrowserSession session, string email, string code)
    {
        await session.Page.GotoAsync("/login");
        await session.Page.GetByText("Can't use passkey?", new() { Exact = true }).ClickAsync();
        await session.Page.GetByRole(AriaRole.Link, new() { Name = "Use a backup code" }).ClickAsync();
        await session.Page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync(email);
        await session.Page.GetByRole(AriaRole.Textbox, new() { Name = "Backup code", Exact = true }).FillAsync(code);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
    }
}
