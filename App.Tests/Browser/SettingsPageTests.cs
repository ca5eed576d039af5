using App.Tests.Integration.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>The passkeys page in Chromium: add a passkey from a second device, remove the first, never the last.</summary>
public sealed class SettingsPageTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static string NewEmail(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    private static ILocator RemoveButtons(BrowserSession session) =>
        session.Page.GetByRole(AriaRole.List, new() { Name = "Saved passkeys" }).GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Remove passkey") });

    [Fact]
    public async Task A_second_passkey_is_added_the_first_removed_and_the_last_kept()
    {
        await using var session = await chromium.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        var phone = await session.AddAuthenticatorAsync();
        await session.RegisterAsync(NewEmail("settings"));
        await session.WaitForWelcomeAsync();

        // One passkey: the welcome page suggests a second, on another device.
        var suggestion = session.Page.GetByRole(AriaRole.Region, new() { Name = "Add a passkey on another device" });
        await Expect(suggestion).ToBeVisibleAsync();
        await suggestion.GetByRole(AriaRole.Link, new() { Name = "Add a passkey" }).ClickAsync();
        await session.WaitForPathAsync("/settings");
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Your passkeys" })).ToBeVisibleAsync();
        await Expect(RemoveButtons(session)).ToHaveCountAsync(1);
        await Expect(RemoveButtons(session)).ToBeDisabledAsync();
        await Expect(session.Page.GetByText("Your only passkey can't be removed")).ToBeVisibleAsync();

        // The phone already holds a passkey for this account; a laptop saves the second one.
        await phone.RemoveAsync();
        var laptop = await session.AddAuthenticatorAsync();
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Add passkey" }).ClickAsync();
        await Expect(session.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your changes have been saved!" })).ToBeVisibleAsync();
        await Expect(RemoveButtons(session)).ToHaveCountAsync(2);
        Assert.Single(await laptop.GetCredentialsAsync());
        await session.Page.GotoAsync("/welcome");
        await Expect(suggestion).ToHaveCountAsync(0);
        await session.Page.GetByRole(AriaRole.Link, new() { Name = "Manage passkeys" }).ClickAsync();
        await session.WaitForPathAsync("/settings");

        await RemoveButtons(session).First.ClickAsync();
        // The page asks first, naming the passkey.
        var confirm = session.Page.GetByRole(AriaRole.Dialog, new() { Name = "Remove this passkey?" });
        await Expect(confirm).ToContainTextAsync("Passkey on Linux");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        await Expect(RemoveButtons(session)).ToHaveCountAsync(1);
        await Expect(RemoveButtons(session)).ToBeDisabledAsync();
        Assert.Equal(200, await session.WhoAmIStatusAsync());

        // With two passkeys there is nothing to suggest; with one again, the suggestion is back.
        await session.Page.GotoAsync("/welcome");
        await Expect(suggestion).ToBeVisibleAsync();
        await Expect(session.Page.GetByRole(AriaRole.Link, new() { Name = "Manage passkeys" })).ToHaveCountAsync(0);

        // What is left signs in.
        await session.SignOutAsync();
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with passkey" }).ClickAsync();
        await session.WaitForWelcomeAsync();
    }

    [Fact]
    public async Task After_an_email_sign_in_a_flagged_account_must_save_a_passkey_before_going_on()
    {
        var portal = chromium.Portal;
        await using var session = await chromium.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        var email = NewEmail("restricted");
        await session.AddAuthenticatorAsync();
        await session.RegisterAsync(email);
        await session.WaitForWelcomeAsync();
        await session.SignOutAsync();
        await Steps.FlagForPasskeyAfterEmailAsync(portal, email);

        // A new browser with no passkey: sign in by the emailed code.
        await using var other = await chromium.OpenAsync();
        await other.Page.GotoAsync("/login");
        var fallback = other.Page.Locator("details", new() { Has = other.Page.GetByText("Can't use passkey?") });
        await fallback.GetByText("Can't use passkey?").ClickAsync();
        await fallback.GetByRole(AriaRole.Textbox, new() { Name = "Email" }).FillAsync(email);
        await other.Page.GetByRole(AriaRole.Button, new() { Name = "Send link" }).ClickAsync();
        await Expect(other.Page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        await other.Page.GetByLabel("Code").FillAsync(code);
        await other.Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await other.WaitForPathAsync("/settings");
        await Expect(other.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("save a new passkey on this device");
        await Expect(RemoveButtons(other)).ToBeDisabledAsync();
        await other.Page.GotoAsync("/welcome");
        await other.WaitForPathAsync("/settings");

        await other.AddAuthenticatorAsync();
        await other.Page.GetByRole(AriaRole.Button, new() { Name = "Add passkey" }).ClickAsync();
        await Expect(other.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your changes have been saved!" })).ToBeVisibleAsync();
        await Expect(other.Page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await other.Page.GetByRole(AriaRole.Link, new() { Name = "Continue" }).ClickAsync();
        Assert.Equal(email, await other.WaitForWelcomeAsync());
    }

    [Fact]
    public async Task An_old_session_confirms_its_passkey_before_it_may_change_passkeys()
    {
        var clock = new Infrastructure.FakeClock();
        using var portal = Infrastructure.PortalFactory.StartKestrel(clock: clock);
        await using var session = await chromium.OpenAsync(portal);
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.AddAuthenticatorAsync();
        await session.RegisterAsync(NewEmail("stale"));
        await session.WaitForWelcomeAsync();

        clock.Advance(TimeSpan.FromMinutes(61));
        await session.Page.GotoAsync("/self-service/settings/browser");
        await session.WaitForPathAsync("/settings");
        await Expect(session.Page.GetByRole(AriaRole.Button, new() { Name = "Add passkey" })).ToHaveCountAsync(0);
        await session.Page.GetByRole(AriaRole.Link, new() { Name = "Confirm it's you" }).ClickAsync();

        await session.WaitForPathAsync("/login");
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Confirm it's you" })).ToBeVisibleAsync();
        await Expect(session.Page.GetByRole(AriaRole.Link, new() { Name = "Create an account" })).ToHaveCountAsync(0);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with passkey" }).ClickAsync();

        await session.WaitForPathAsync("/settings");
        await Expect(session.Page.GetByRole(AriaRole.Button, new() { Name = "Add passkey" })).ToBeVisibleAsync();
        await Expect(RemoveButtons(session)).ToHaveCountAsync(1);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task The_passkeys_page_lists_other_sessions_and_signs_them_all_out()
    {
        var portal = chromium.Portal;
        var email = NewEmail("elsewhere");
        await using var laptop = await chromium.OpenAsync();
        await laptop.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await laptop.AddAuthenticatorAsync();
        await laptop.RegisterAsync(email);
        await laptop.WaitForWelcomeAsync();

        // The same person on another device, signed in by email.
        await using var phone = await chromium.OpenAsync();
        await phone.SignInWithEmailCodeAsync(email);

        await laptop.Page.GotoAsync("/self-service/settings/browser");
        await laptop.WaitForPathAsync("/settings");
        var elsewhere = laptop.Page.GetByRole(AriaRole.Region, new() { Name = "Signed in elsewhere" });
        await Expect(elsewhere.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await Expect(elsewhere.GetByRole(AriaRole.Listitem)).ToContainTextAsync("Chrome on Linux");

        await elsewhere.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere else" }).ClickAsync();
        await Expect(elsewhere.GetByRole(AriaRole.Status)).ToHaveTextAsync("You are now signed out everywhere else.");
        Assert.Equal(401, await phone.WhoAmIStatusAsync());
        Assert.Equal(200, await laptop.WhoAmIStatusAsync());
        await laptop.Page.ReloadAsync();
        await Expect(elsewhere.GetByText("You are signed in only here.")).ToBeVisibleAsync();
        Assert.Empty(laptop.Errors);
    }
}
