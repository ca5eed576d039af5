using System.Net.Http.Json;
using System.Text.Json.Nodes;
using App.Data;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// Someone whose only passkey is gone gets back in, end to end: Chromium on the hosted pages, the
/// courier delivering over SMTP to maildev, a new passkey on a fresh virtual authenticator, the
/// lost one removed, and a sign-in with the new one. Once by the emailed link, once by its code,
/// once by a link an administrator issued through the admin API, once by a link and code from
/// the admin console.
/// </summary>
public sealed class RecoveryJourneyTests(MailBrowserFixture fixture) : IClassFixture<MailBrowserFixture>
{
    private const string Reason = "Phone stolen; identity checked at the front desk";

    [Theory]
    [InlineData("link")]
    [InlineData("code")]
    public async Task A_lost_passkey_is_replaced_after_recovery_by_email(string by)
    {
        var (session, email, lost) = await LostPasskeyAsync("email-" + by);
        await using var _ = session;
        var page = session.Page;

        await page.GotoAsync("/login");
        await page.GetByRole(AriaRole.Link, new() { Name = "Lost your passkey?", Exact = true }).ClickAsync();
        await session.WaitForPathAsync("/recovery");
        await Expect(Heading(page, "Lost your passkey?")).ToBeVisibleAsync();
        await AssertNoPasswordAsync(session, "the recovery page");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send recovery link", Exact = true }).ClickAsync();

        await Expect(Heading(page, "Check your email")).ToBeVisibleAsync();
        await Expect(page.Locator("main")).ToContainTextAsync(email);
        await AssertNoPasswordAsync(session, "the code page");
        var mail = await fixture.Maildev.WaitForEmailAsync(email);
        Assert.Matches(@"^\d{6} is your .+ recovery code$", mail.Subject);
        Assert.StartsWith(fixture.Portal.BaseUrl + "/recovery?flow=", mail.Link());
        Assert.Contains(mail.Code(), mail.Text);
        Assert.DoesNotContain("password", mail.Subject + mail.Text + mail.Html, StringComparison.OrdinalIgnoreCase);

        if (by == "link")
        {
            await page.GotoAsync(mail.Link());
            // Opening the link signs nobody in: a mail scanner that follows it must not use it up.
            await Expect(Heading(page, "Recover your account")).ToBeVisibleAsync();
            Assert.Equal(401, await session.WhoAmIStatusAsync());
            await AssertNoPasswordAsync(session, "the link's page");
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        }
        else
        {
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Code", Exact = true }).FillAsync(mail.Code());
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        }

        await ReplaceLostPasskeyAsync(session, email, lost);
    }

    [Fact]
    public async Task A_lost_passkey_is_replaced_after_a_link_an_administrator_issued()
    {
        var (device, email, lost) = await LostPasskeyAsync("admin");
        await device.DisposeAsync();
        var portal = fixture.Portal;
        var identityId = await IdentityIdAsync(portal, email);

        using var admin = new HttpClient();
        var issued = await admin.PostAsJsonAsync(portal.AdminUrl + "/admin/recovery/link",
            new { identity_id = identityId, reason = Reason, admin_id = "desk-3" });
        var body = (await issued.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(issued.IsSuccessStatusCode, body.ToJsonString());
        var link = body["recovery_link"]!.GetValue<string>();

        // The person opens it on a new device, in a browser that has never seen the portal.
        await using var session = await fixture.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.Page.GotoAsync(link);
        await Expect(Heading(session.Page, "Recover your account")).ToBeVisibleAsync();
        await AssertNoPasswordAsync(session, "the administrator's link");
        Assert.Equal(401, await session.WhoAmIStatusAsync());
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await ReplaceLostPasskeyAsync(session, email, lost);

        var issuedEvent = await AssertUsedUpAndToldAsync(link, identityId, "admin:local");
        Assert.Equal("desk-3", Details(issuedEvent)["admin_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_lost_passkey_is_replaced_after_a_recovery_issued_in_the_admin_console()
    {
        var (device, email, lost) = await LostPasskeyAsync("console");
        await device.DisposeAsync();
        var portal = fixture.Portal;
        var identityId = await IdentityIdAsync(portal, email);

        // At the support desk: an administrator signs in to the console and issues a link and code.
        await using var desk = await fixture.OpenAsync();
        var adminId = await ConsoleSteps.SignUpAsync(desk, ConsoleSteps.NewEmail("desk"));
        await ConsoleSteps.MakeAdministratorAsync(desk, adminId);
        await ConsoleSteps.SignInAsAdministratorAsync(desk);
        await ConsoleSteps.OpenIdentityAsync(desk.Page, email);
        await desk.Page.GetByRole(AriaRole.Button, new() { Name = "Issue recovery link" }).ClickAsync();
        var dialog = desk.Page.GetByRole(AriaRole.Dialog, new() { Name = "Issue a recovery link" });
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Reason" }).FillAsync(Reason);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Issue link" }).ClickAsync();
        var shownCode = dialog.GetByRole(AriaRole.Textbox, new() { Name = "Recovery code" });
        await Expect(shownCode).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^\d{6}$"));
        var code = await shownCode.InputValueAsync();
        var link = await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Recovery link" }).InputValueAsync();
        Assert.StartsWith(portal.BaseUrl + "/recovery?flow=", link);

        // The person opens the link on a new device and types the code they were read.
        await using var session = await fixture.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.Page.GotoAsync(link);
        await Expect(session.Page.GetByText("Enter the recovery code you were given.")).ToBeVisibleAsync();
        await AssertNoPasswordAsync(session, "the page of a code from the console");
        await session.Page.GetByRole(AriaRole.Textbox, new() { Name = "Code", Exact = true }).FillAsync(code);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await ReplaceLostPasskeyAsync(session, email, lost);

        await AssertUsedUpAndToldAsync(link, identityId, "admin:" + adminId);
    }

    [Fact]
    public async Task Recovery_by_code_works_with_JavaScript_off()
    {
        var (device, email, _) = await LostPasskeyAsync("nojs");
        await device.DisposeAsync();
        await using var session = await fixture.OpenAsync(options: new BrowserNewContextOptions { JavaScriptEnabled = false });
        var page = session.Page;
        await page.GotoAsync("/recovery");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send recovery link", Exact = true }).ClickAsync();
        var mail = await fixture.Maildev.WaitForEmailAsync(email);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Code", Exact = true }).FillAsync(mail.Code());
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await session.WaitForPathAsync("/settings");
        Assert.Equal(200, await session.WhoAmIStatusAsync());
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("save a new passkey on this device");
    }

    [Fact]
    public async Task A_wrong_code_is_said_beside_the_field_and_the_page_offers_to_resend()
    {
        var (device, email, _) = await LostPasskeyAsync("wrong");
        await device.DisposeAsync();
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/recovery");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send recovery link", Exact = true }).ClickAsync();
        var code = (await fixture.Maildev.WaitForEmailAsync(email)).Code();

        await page.GetByRole(AriaRole.Textbox, new() { Name = "Code", Exact = true }).FillAsync(code == "000000" ? "111111" : "000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The code is wrong or has already been used");
        Assert.Equal(401, await session.WhoAmIStatusAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Resend code", Exact = true }).ClickAsync();
        await Expect(Heading(page, "Check your email")).ToBeVisibleAsync();
        await CircuitSteps.WaitForAsync(async () => (await fixture.Maildev.ListForAsync(email)).Count == 2, "the second email");
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Code", Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>
    /// An account whose one passkey was on a virtual authenticator that is now gone: registered in
    /// a browser, signed out, the authenticator removed. Returns that browser, the address and the
    /// lost credential's id (standard base64, as Chromium reports it).
    /// </summary>
    private async Task<(BrowserSession Session, string Email, string LostCredential)> LostPasskeyAsync(string purpose)
    {
        var email = PasskeySignInTests.NewEmail("recover-" + purpose);
        var session = await fixture.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        var phone = await session.AddAuthenticatorAsync();
        await session.RegisterAsync(email);
        Assert.Equal(email, await session.WaitForWelcomeAsync());
        var lost = (await phone.GetCredentialsAsync()).Single().CredentialId;
        await session.SignOutAsync();
        await phone.RemoveAsync();
        return (session, email, lost);
    }

    /// <summary>
    /// On the settings page a recovery leads to: "Add passkey" first, a new passkey on a fresh
    /// authenticator, the lost one named and removed, and a sign-in with the new one.
    /// </summary>
    private async Task ReplaceLostPasskeyAsync(BrowserSession session, string email, string lostCredential)
    {
        var page = session.Page;
        await session.WaitForPathAsync("/settings");
        var add = CircuitSteps.AddButton(page);
        await Expect(add).ToBeEnabledAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("save a new passkey on this device");
        await AssertNoPasswordAsync(session, "the settings page after recovery");
        // It leads with "Add passkey": the first button of the page's own content, before the passkeys.
        var firstButton = await page.Locator("main button").First.InnerTextAsync();
        Assert.Equal("Add passkey", firstButton.Trim());
        Assert.True(await page.EvaluateAsync<bool>("""
            () => {
              const add = [...document.querySelectorAll('main button')].find(b => b.textContent.trim() === 'Add passkey');
              const list = document.querySelector('main ul.passkey-list');
              return !!add && !!list && !!(add.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING);
            }
            """), "\"Add passkey\" should come before the list of passkeys.");
        var removes = page.GetByRole(AriaRole.List, new() { Name = "Saved passkeys" }).GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Remove passkey") });
        await Expect(removes).ToHaveCountAsync(1);
        await Expect(removes).ToBeDisabledAsync();
        Assert.Equal(200, await session.WhoAmIStatusAsync());

        var laptop = await session.AddAuthenticatorAsync();
        await add.ClickAsync();
        await Expect(CircuitSteps.Saved(page)).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        var fresh = (await laptop.GetCredentialsAsync()).Single().CredentialId;
        Assert.NotEqual(lostCredential, fresh);

        // The page names the passkeys from before the recovery and offers their removal.
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "If you lost any of the passkeys you had before" })).ToBeVisibleAsync();
        await AssertNoPasswordAsync(session, "the settings page after the new passkey");
        await Expect(removes).ToHaveCountAsync(2);
        await removes.First.ClickAsync();
        var question = page.GetByRole(AriaRole.Dialog, new() { Name = "Remove this passkey?" });
        await question.GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        await Expect(removes).ToHaveCountAsync(1);
        Assert.Equal([Convert.FromBase64String(fresh)], await CredentialsAsync(session.Portal, email));

        // Signed out, the new passkey signs in.
        await page.GotoAsync("/welcome");
        await session.SignOutAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with passkey" }).ClickAsync();
        Assert.Equal(email, await session.WaitForWelcomeAsync());
    }

    /// <summary>
    /// After an administrator's recovery: the link, opened again, is used up, and the audit log has
    /// each step, issued by <paramref name="actor"/> with the reason, then completed by the person in
    /// the same flow, whose session lifted its restriction by saving a passkey and removed the lost one.
    /// </summary>
    private async Task<App.Audit.AuditEvent> AssertUsedUpAndToldAsync(string link, string identityId, string actor)
    {
        await using var again = await fixture.OpenAsync();
        await again.Page.GotoAsync(link);
        await Expect(Heading(again.Page, "This recovery is already complete")).ToBeVisibleAsync();

        var audit = await AuditAsync(fixture.Portal, identityId);
        var issued = audit.Single(e => e.Type == "recovery.issued");
        Assert.Equal(actor, issued.Actor);
        Assert.Equal(Reason, Details(issued)["reason"]!.GetValue<string>());
        var completed = audit.Single(e => e.Type == "recovery.completed");
        Assert.Equal("identity", completed.Actor);
        Assert.Equal(Reason, Details(completed)["reason"]!.GetValue<string>());
        Assert.Equal(actor, Details(completed)["issued_by"]!.GetValue<string>());
        Assert.Equal(issued.FlowId, completed.FlowId);
        Assert.Contains(audit, e => e.Type == "session.restriction_lifted" && e.SessionId == completed.SessionId);
        Assert.Contains(audit, e => e.Type == "settings.passkey_added" && e.SessionId == completed.SessionId);
        Assert.Contains(audit, e => e.Type == "settings.passkey_removed" && e.SessionId == completed.SessionId);
        Assert.True(audit.FindIndex(e => e.Type == "recovery.issued") < audit.FindIndex(e => e.Type == "recovery.completed"));
        return issued;
    }

    /// <summary>kratos#3386: Kratos's recovery tells people to change a password. Nobody has one here.</summary>
    private static async Task AssertNoPasswordAsync(BrowserSession session, string where)
    {
        var text = await session.Page.Locator("body").InnerTextAsync();
        Assert.False(text.Contains("password", StringComparison.OrdinalIgnoreCase), $"{where} speaks of a password:\n{text}");
    }

    private static ILocator Heading(IPage page, string name) =>
        page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true });

    private static async Task<string> IdentityIdAsync(PortalFactory portal, string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return (await db.IdentityIdentifiers.Where(x => x.Value == email).Select(x => x.IdentityId).SingleAsync()).ToString();
    }

    private static async Task<List<byte[]>> CredentialsAsync(PortalFactory portal, string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var id = await db.IdentityIdentifiers.Where(x => x.Value == email).Select(x => x.IdentityId).SingleAsync();
        return await db.Passkeys.Where(p => p.IdentityId == id).Select(p => p.CredentialId).ToListAsync();
    }

    private static async Task<List<App.Audit.AuditEvent>> AuditAsync(PortalFactory portal, string identityId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var id = Guid.Parse(identityId);
        return await db.AuditEvents.AsNoTracking().Where(e => e.IdentityId == id).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync();
    }

    private static JsonObject Details(App.Audit.AuditEvent entry) => JsonNode.Parse(entry.Details ?? "{}")!.AsObject();
}
