using System.Text.RegularExpressions;
using App.Tests.Integration.Support;
using Microsoft.Playwright;
using static App.Tests.Browser.PasskeySignInTests;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// axe-core on every hosted page, in every state a person meets it in (fresh, with an error, after
/// a refused passkey), light and dark: no serious or critical violation of WCAG 2.0, 2.1 or 2.2 A/AA.
/// Each test visits all its pages and then lists every violation found, not only the first.
/// </summary>
public sealed class AccessibilityTests(DevelopmentBrowserFixture fixture) : IClassFixture<DevelopmentBrowserFixture>
{
    private static readonly ColorScheme[] Schemes = [ColorScheme.Light, ColorScheme.Dark];

    [Fact]
    public async Task The_signed_out_pages_pass_axe_in_light_and_dark()
    {
        await using var session = await OpenAsync();
        var page = session.Page;
        var audit = new AxeAudit();

        await page.GotoAsync("/login");
        await audit.CheckAsync(page, "/login");
        await page.GetByText("Can't use passkey?", new() { Exact = true }).ClickAsync();
        await audit.CheckAsync(page, "/login with \"Can't use passkey?\" open");
        await FallbackEmail(page).FillAsync("not an address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send link", Exact = true }).ClickAsync();
        await Expect(page.Locator("#fallback-email-error")).ToBeVisibleAsync();
        // The refused field says why in its description, and the page lands on it.
        await Expect(FallbackEmail(page)).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(FallbackEmail(page)).ToHaveAccessibleDescriptionAsync(new Regex("email", RegexOptions.IgnoreCase));
        await Expect(FallbackEmail(page)).ToBeFocusedAsync();
        await audit.CheckAsync(page, "/login with the email refused");

        await page.GotoAsync("/registration");
        await audit.CheckAsync(page, "/registration");
        await page.GotoAsync("/error");
        await audit.CheckAsync(page, "/error");
        await page.GotoAsync("/error?id=security_csrf_violation");
        await audit.CheckAsync(page, "/error?id=security_csrf_violation");

        audit.AssertClean();
    }

    [Fact]
    public async Task The_passkey_pages_pass_axe_in_light_and_dark()
    {
        await using var session = await OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        var phone = await session.AddAuthenticatorAsync();
        var page = session.Page;
        var audit = new AxeAudit();

        await page.GotoAsync("/registration");
        await Expect(page.Locator("#passkey-status")).ToHaveAttributeAsync("aria-live", "polite");
        await session.RegisterAsync(NewEmail("axe-passkey"));
        await session.WaitForWelcomeAsync();
        await audit.CheckAsync(page, "/welcome");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a passkey" }).ClickAsync();
        await session.WaitForPathAsync("/settings");
        await audit.CheckAsync(page, "/settings with one passkey");
        // The phone already holds this account's passkey; a laptop saves the second.
        await phone.RemoveAsync();
        var laptop = await session.AddAuthenticatorAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Saved passkeys" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await audit.CheckAsync(page, "/settings with two passkeys, saved");
        // The live page's own states: the question before a removal, and MudBlazor's dark mode
        // turned on by the switch over the circuit.
        await page.GetByRole(AriaRole.List, new() { Name = "Saved passkeys" }).GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Remove passkey") }).First.ClickAsync();
        var question = page.GetByRole(AriaRole.Dialog, new() { Name = "Remove this passkey?" });
        await Expect(question).ToBeVisibleAsync();
        await audit.CheckAsync(page, "/settings asking before a passkey is removed");
        await question.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(question).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-scheme", "dark");
        await audit.CheckAsync(page, "/settings after the dark switch");
        await page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" }).ClickAsync();

        await page.GotoAsync("/welcome");
        await session.SignOutAsync();
        await laptop.SetUserVerifiedAsync(false);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Use email instead" })).ToBeVisibleAsync();
        // The ceremony's outcome is announced at once, from a region that was live before it changed.
        var status = page.Locator("#passkey-status");
        await Expect(status).ToHaveAttributeAsync("role", "alert");
        await Expect(status).ToHaveAttributeAsync("aria-live", "assertive");
        await Expect(status).ToContainTextAsync("No passkey was used");
        await audit.CheckAsync(page, "/login after a refused passkey");

        await page.GotoAsync("/registration");
        await page.GetByLabel("Email").FillAsync(NewEmail("axe-refused"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up with passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("No passkey was created");
        await audit.CheckAsync(page, "/registration after a refused passkey");

        audit.AssertClean();
    }

    [Fact]
    public async Task The_email_pages_and_the_development_mailbox_pass_axe_in_light_and_dark()
    {
        await using var session = await OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.AddAuthenticatorAsync();
        var page = session.Page;
        var audit = new AxeAudit();
        var email = NewEmail("axe-email");
        await session.RegisterAsync(email);
        await session.WaitForWelcomeAsync();
        await session.SignOutAsync();

        await page.GetByText("Can't use passkey?", new() { Exact = true }).ClickAsync();
        await FallbackEmail(page).FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send link", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();
        await Expect(page).ToHaveTitleAsync("Check your email");
        await audit.CheckAsync(page, "Check your email");
        var code = page.GetByRole(AriaRole.Textbox, new() { Name = "Code", Exact = true });
        await code.FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(code).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(code).ToHaveAccessibleDescriptionAsync(new Regex("The code is wrong or has already been used"));
        await Expect(code).ToBeFocusedAsync();
        await audit.CheckAsync(page, "Check your email with a wrong code");

        await page.GotoAsync("/dev/mailbox");
        var mail = page.GetByTestId("mail").Filter(new() { HasText = email }).First;
        await audit.CheckAsync(page, "/dev/mailbox");
        var link = await mail.GetByRole(AriaRole.Link, new() { Name = "Open the sign-in link" }).GetAttributeAsync("href")
                   ?? throw new Xunit.Sdk.XunitException("The mail has no sign-in link.");

        await using (var elsewhere = await OpenAsync())
        {
            await elsewhere.Page.GotoAsync(link);
            await Expect(elsewhere.Page.GetByRole(AriaRole.Heading, new() { Name = "Open the link where you asked for it" })).ToBeVisibleAsync();
            await Expect(elsewhere.Page).ToHaveTitleAsync("Open the link where you asked for it");
            await audit.CheckAsync(elsewhere.Page, "the sign-in link in another browser");
        }

        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Finish signing in" })).ToBeVisibleAsync();
        await Expect(page).ToHaveTitleAsync("Finish signing in");
        await audit.CheckAsync(page, "the sign-in link (Finish signing in)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await session.WaitForPathAsync("/settings");
        await audit.CheckAsync(page, "/settings after an email sign-in (restricted)");

        audit.AssertClean();
    }

    [Fact]
    public async Task The_recovery_pages_pass_axe_in_light_and_dark()
    {
        await using var session = await OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        var phone = await session.AddAuthenticatorAsync();
        var page = session.Page;
        var audit = new AxeAudit();
        var email = NewEmail("axe-recovery");
        await session.RegisterAsync(email);
        await session.WaitForWelcomeAsync();
        await session.SignOutAsync();
        await phone.RemoveAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Lost your passkey?" }).ClickAsync();
        await session.WaitForPathAsync("/recovery");
        await Expect(page).ToHaveTitleAsync("Recover your account");
        await audit.CheckAsync(page, "/recovery");
        var field = page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true });
        await field.FillAsync("not an address");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send recovery link", Exact = true }).ClickAsync();
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(field).ToHaveAccessibleDescriptionAsync(new Regex("email", RegexOptions.IgnoreCase));
        await Expect(field).ToBeFocusedAsync();
        await audit.CheckAsync(page, "/recovery with the email refused");

        await field.FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send recovery link", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();
        await audit.CheckAsync(page, "the recovery code page");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Code", Exact = true }).FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The code is wrong or has already been used");
        await audit.CheckAsync(page, "the recovery code page with a wrong code");

        await page.GotoAsync("/dev/mailbox");
        var link = await page.GetByTestId("mail").Filter(new() { HasText = email }).First
                       .GetByRole(AriaRole.Link, new() { Name = "Open the recovery link" }).GetAttributeAsync("href")
                   ?? throw new Xunit.Sdk.XunitException("The mail has no recovery link.");
        await using (var elsewhere = await OpenAsync())
        {
            await elsewhere.Page.GotoAsync(link);
            await Expect(elsewhere.Page.GetByRole(AriaRole.Heading, new() { Name = "Open the link where you asked for it" })).ToBeVisibleAsync();
            await audit.CheckAsync(elsewhere.Page, "the recovery link in another browser");
        }
        await page.GotoAsync(link);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Recover your account" })).ToBeVisibleAsync();
        await audit.CheckAsync(page, "the recovery link (Recover your account)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await session.WaitForPathAsync("/settings");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add passkey" })).ToBeEnabledAsync();
        await audit.CheckAsync(page, "/settings after a recovery (restricted)");
        await session.AddAuthenticatorAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add passkey" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Saved passkeys" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await audit.CheckAsync(page, "/settings after a recovery, naming the passkeys from before it");

        audit.AssertClean();
    }

    [Fact]
    public async Task The_backup_code_pages_pass_axe_in_light_and_dark()
    {
        await using var session = await OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        var phone = await session.AddAuthenticatorAsync();
        var page = session.Page;
        var audit = new AxeAudit();
        var email = NewEmail("axe-backup");
        await session.RegisterAsync(email);
        await session.WaitForWelcomeAsync();

        await page.GotoAsync("/self-service/settings/browser");
        await session.WaitForPathAsync("/settings");
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate backup codes" }).ClickAsync();
        var list = page.GetByRole(AriaRole.List, new() { Name = "Your new backup codes" });
        await Expect(list.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(10);
        await audit.CheckAsync(page, "/settings showing new backup codes");
        var codes = await list.Locator("code").AllTextContentsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "I saved them" }).ClickAsync();
        await Expect(page.Locator("#backup-codes-left")).ToBeVisibleAsync();
        await audit.CheckAsync(page, "/settings with backup codes saved");
        await BackupCodeSteps.UseAllButAsync(fixture.Portal, email, 2);
        await page.GotoAsync("/self-service/settings/browser");
        await Expect(page.Locator("#backup-codes-low")).ToBeVisibleAsync();
        await audit.CheckAsync(page, "/settings warning that two backup codes are left");

        await page.GotoAsync("/welcome");
        await session.SignOutAsync();
        await phone.RemoveAsync();
        await page.GetByText("Can't use passkey?", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Use a backup code" }).ClickAsync();
        var code = page.GetByRole(AriaRole.Textbox, new() { Name = "Backup code", Exact = true });
        await Expect(page).ToHaveTitleAsync("Use a backup code");
        await audit.CheckAsync(page, "/login, Use a backup code");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync(email);
        await code.FillAsync("wrongcode");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await Expect(code).ToHaveAttributeAsync("aria-invalid", "true");
        await audit.CheckAsync(page, "/login with a wrong backup code");
        await code.FillAsync(codes[^1]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        await session.WaitForPathAsync("/settings");
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await audit.CheckAsync(page, "/settings after a backup code sign-in (restricted)");

        audit.AssertClean();
    }

    /// <summary>The check itself: a label-less field and grey-on-white text must fail it, naming the rule and the element.</summary>
    [Fact]
    public async Task Axe_reports_a_broken_page_with_rule_impact_and_selector()
    {
        await using var session = await OpenAsync();
        await session.Page.GotoAsync("/login");
        await session.Page.EvaluateAsync("""
            () => {
              const main = document.querySelector('main');
              main.insertAdjacentHTML('beforeend', '<input type="text" id="unlabelled"><p id="faint" style="color:#bbb;background:#fff">faint</p>');
            }
            """);

        var violations = await Axe.RunAsync(session.Page);
        var described = Axe.DescribeBlocking(violations, "broken /login");

        Assert.Contains(violations, v => v.Id == "label" && v.Impact == "critical" && v.Nodes.Any(n => n.Target == "#unlabelled"));
        Assert.Contains(violations, v => v.Id == "color-contrast" && v.Impact == "serious" && v.Nodes.Any(n => n.Target == "#faint"));
        Assert.Contains("label (critical)", described);
        Assert.Contains("#unlabelled", described);
    }

    /// <summary>
    /// WCAG 1.4.11: a text field's edge is how people see where to type, so it needs 3:1 against
    /// what surrounds it. axe does not check the contrast of borders.
    /// </summary>
    [Fact]
    public async Task Text_fields_have_an_edge_of_at_least_3_to_1_in_light_and_dark()
    {
        await using var session = await OpenAsync();
        await session.Page.GotoAsync("/registration");
        foreach (var scheme in Schemes)
        {
            await session.Page.EmulateMediaAsync(new() { ColorScheme = scheme });
            var ratio = await session.Page.GetByLabel("Email").EvaluateAsync<double>("""
                (field) => {
                  const rgb = (c) => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
                  const luminance = (c) => {
                    const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
                  };
                  const edge = luminance(getComputedStyle(field).borderTopColor);
                  const around = luminance(getComputedStyle(field.closest('main')).backgroundColor);
                  return (Math.max(edge, around) + 0.05) / (Math.min(edge, around) + 0.05);
                }
                """);
            Assert.True(ratio >= 3, $"In {scheme} the email field's border has {ratio:0.00}:1 against the card; it needs 3:1.");
        }
    }

    /// <summary>Inline scripts are refused by the portal's CSP; axe goes in as one, so this context bypasses it.</summary>
    /// <summary>
    /// Every page in every other language: translations change lengths and names, not structure. The
    /// pages are reached by role and position, not by English names.
    /// </summary>
    [Theory]
    [InlineData("de")]
    [InlineData("fr")]
    [InlineData("es")]
    [InlineData("pt-BR")]
    public async Task Every_page_passes_axe_in_every_language(string language)
    {
        await using var session = await fixture.OpenAsync(new()
        {
            BypassCSP = true, Locale = language, ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = language },
        });
        var page = session.Page;
        var audit = new AxeAudit();
        foreach (var path in new[] { "/login", "/registration", "/recovery", "/verification", "/error?id=security_csrf_violation" })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
            await audit.CheckAsync(page, $"{path} in {language}");
        }
        await page.GotoAsync("/login");
        await page.Locator("details.fallback summary").ClickAsync();
        await audit.CheckAsync(page, $"/login with the email form open in {language}");
        var email = NewEmail("axe-" + language);
        await page.Locator("#fallback-email").FillAsync(email);
        await page.Locator("#passkey-fallback button[type=submit]").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Textbox)).ToHaveCountAsync(1);
        await audit.CheckAsync(page, $"the code page in {language}");
        await page.GotoAsync("/login");
        await page.Locator("details.fallback summary").ClickAsync();
        await page.Locator("#use-backup-code").ClickAsync();
        await page.Locator("#backup-email").FillAsync(email);
        await page.Locator("#backup-code").FillAsync("wrongcode");
        await page.Locator("form button[value=lookup_secret]").ClickAsync();
        await Expect(page.Locator("#backup-code")).ToHaveAttributeAsync("aria-invalid", "true");
        await audit.CheckAsync(page, $"the backup code page with a wrong code in {language}");

        // Signed in with a passkey: the welcome and passkeys pages.
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        var phone = await session.AddAuthenticatorAsync();
        await page.GotoAsync("/registration");
        await page.Locator("input[name='traits.email']").FillAsync(email);
        await page.Locator("button[data-trigger=oryPasskeyRegistration]").ClickAsync();
        // A sign-up goes by the settings page's backup question on its way to the welcome page.
        await session.WaitForPathAsync("/settings");
        await Expect(page.Locator("section.backup-question")).ToBeVisibleAsync();
        await audit.CheckAsync(page, $"/settings asking for a backup passkey in {language}");
        await page.GotoAsync("/welcome");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await audit.CheckAsync(page, $"/welcome in {language}");
        await page.GotoAsync("/self-service/settings/browser");
        await session.WaitForPathAsync("/settings");
        await audit.CheckAsync(page, $"/settings in {language}");
        await page.Locator("button.backup-codes-generate").ClickAsync();
        await Expect(page.Locator("ol.backup-code-list > li")).ToHaveCountAsync(10);
        await audit.CheckAsync(page, $"/settings showing new backup codes in {language}");
        await page.Locator("button.backup-codes-saved").ClickAsync();
        await Expect(page.Locator("#backup-codes-left")).ToBeVisibleAsync();

        // Over the circuit: a second passkey saved, and the question before removing one.
        var passkeys = page.Locator("ul.passkey-list > li");
        await Expect(page.Locator("button.add")).ToBeEnabledAsync();
        await phone.RemoveAsync();
        await session.AddAuthenticatorAsync();
        await page.Locator("button.add").ClickAsync();
        await Expect(passkeys).ToHaveCountAsync(2);
        await audit.CheckAsync(page, $"/settings with two passkeys in {language}");
        await passkeys.First.Locator("button.passkey-remove").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await audit.CheckAsync(page, $"/settings asking before a removal in {language}");
        audit.AssertClean();
    }

    private Task<BrowserSession> OpenAsync() =>
        fixture.OpenAsync(new() { BypassCSP = true, ViewportSize = new() { Width = 1280, Height = 800 } });

    private static ILocator FallbackEmail(IPage page) =>
        page.Locator("#passkey-fallback").GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true });
}
