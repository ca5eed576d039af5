using Microsoft.Playwright;
using static App.Tests.Browser.PasskeySignInTests;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// The journeys with a keyboard alone: Tab to move, typing, Enter to press. No click anywhere.
/// Every control reached must show where the focus is.
/// </summary>
public sealed class KeyboardTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    /// <summary>More presses of Tab than any hosted page has stops; past this the control is unreachable.</summary>
    private const int MaxTabs = 20;

    [Fact]
    public async Task Registers_signs_out_and_signs_in_with_a_passkey_using_only_the_keyboard()
    {
        await using var session = await chromium.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        var authenticator = await session.AddAuthenticatorAsync();
        var page = session.Page;
        var email = NewEmail("keyboard");

        await page.GotoAsync("/registration");
        await TabToAsync(page, page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }));
        await page.Keyboard.TypeAsync(email);
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Sign up with passkey" }));
        await page.Keyboard.PressAsync("Enter");
        await PastBackupQuestionAsync(session);
        Assert.Equal(email, await session.WaitForWelcomeAsync());
        Assert.Single(await authenticator.GetCredentialsAsync());

        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }));
        await page.Keyboard.PressAsync("Enter");
        await session.WaitForPathAsync("/login");
        Assert.Equal(401, await session.WhoAmIStatusAsync());

        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Sign in with passkey" }));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal(email, await session.WaitForWelcomeAsync());
        Assert.Equal(200, await session.WhoAmIStatusAsync());
    }

    [Fact]
    public async Task Opens_cant_use_passkey_and_sends_the_link_using_only_the_keyboard()
    {
        await using var session = await chromium.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        var page = session.Page;
        await page.GotoAsync("/login");

        var disclosure = page.Locator("#passkey-fallback");
        var summary = disclosure.Locator("summary");
        await TabToAsync(page, summary);
        await Expect(summary).ToHaveTextAsync("Can't use passkey?");
        await Expect(disclosure).Not.ToHaveAttributeAsync("open", "");
        await page.Keyboard.PressAsync("Enter");
        await Expect(disclosure).ToHaveAttributeAsync("open", "");

        await TabToAsync(page, disclosure.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }));
        await page.Keyboard.TypeAsync("someone@example.com");
        await TabToAsync(page, disclosure.GetByRole(AriaRole.Button, new() { Name = "Send link", Exact = true }));
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();
        await TabToAsync(page, page.GetByRole(AriaRole.Textbox, new() { Name = "Code", Exact = true }));
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }));
    }

    [Fact]
    public async Task Adds_and_removes_a_passkey_on_the_live_passkeys_page_using_only_the_keyboard()
    {
        await using var session = await chromium.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        var phone = await session.AddAuthenticatorAsync();
        var page = session.Page;
        await page.GotoAsync("/registration");
        await TabToAsync(page, page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }));
        await page.Keyboard.TypeAsync(NewEmail("keyboard-settings"));
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Sign up with passkey" }));
        await page.Keyboard.PressAsync("Enter");
        await PastBackupQuestionAsync(session);
        await session.WaitForWelcomeAsync();
        await CircuitSteps.OpenSettingsAsync(session);
        await phone.RemoveAsync();
        await session.AddAuthenticatorAsync();

        await TabToAsync(page, CircuitSteps.AddButton(page));
        await page.Keyboard.PressAsync("Enter");
        await Expect(CircuitSteps.Saved(page)).ToBeVisibleAsync();
        await Expect(CircuitSteps.Passkeys(page)).ToHaveCountAsync(2);

        await TabToAsync(page, CircuitSteps.Passkeys(page).First.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Remove passkey") }));
        await page.Keyboard.PressAsync("Enter");
        var question = page.GetByRole(AriaRole.Dialog, new() { Name = "Remove this passkey?" });
        await Expect(question).ToBeVisibleAsync();
        // The focus moved into the question, and Tab stays there.
        await Expect(question.Locator(":focus")).ToHaveCountAsync(1);
        await TabToAsync(page, question.GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }));
        await page.Keyboard.PressAsync("Enter");
        await Expect(question).ToHaveCountAsync(0);
        await Expect(CircuitSteps.Passkeys(page)).ToHaveCountAsync(1);
    }

    /// <summary>The sign-in page's Tab order follows what a person reads, with nothing hidden in between.</summary>
    [Fact]
    public async Task The_sign_in_page_is_tabbed_through_in_reading_order()
    {
        await using var session = await chromium.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.Page.GotoAsync("/login");

        var order = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            await session.Page.Keyboard.PressAsync("Tab");
            order.Add(await session.Page.EvaluateAsync<string>("""
                () => {
                  const e = document.activeElement;
                  const name = e.getAttribute('aria-label') ?? e.labels?.[0]?.textContent ?? e.textContent;
                  return `${e.tagName.toLowerCase()}: ${name.trim().replace(/\s+/g, ' ')}`;
                }
                """));
        }

        // The header (the brand's link home, the light/dark switch), then the form in reading order.
        Assert.StartsWith("a: ", order[0]);
        Assert.Equal(["button: Dark mode", "input: Email", "button: Sign in with passkey", "summary: Can't use passkey?", "a: Create an account", "a: Lost your passkey?"], order.Skip(1));
    }

    /// <summary>A sign-up ends on "Save another passkey for a backup?"; its choices and "Back" are reached by keyboard too.</summary>
    private static async Task PastBackupQuestionAsync(BrowserSession session)
    {
        var page = session.Page;
        await session.WaitForPathAsync("/settings");
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "On phone" }));
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Later" }));
        await TabToAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Back" }));
        await page.Keyboard.PressAsync("Enter");
    }

    /// <summary>
    /// Presses Tab until <paramref name="target"/> has the focus, then checks that the focus shows:
    /// it matches :focus-visible and draws an outline.
    /// </summary>
    private static async Task TabToAsync(IPage page, ILocator target)
    {
        await Expect(target).ToBeVisibleAsync();
        var passed = new List<string>();
        for (var presses = 0; presses < MaxTabs; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement")) break;
            passed.Add(await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 80) ?? '(nothing)'"));
            if (presses == MaxTabs - 1)
                throw new Xunit.Sdk.XunitException($"{target} was not reached in {MaxTabs} presses of Tab; the focus went to:\n  {string.Join("\n  ", passed)}");
        }

        var focus = await target.EvaluateAsync<string[]>("""
            e => {
              const style = getComputedStyle(e);
              return [String(e.matches(':focus-visible')), style.outlineStyle, style.outlineWidth, style.outlineColor];
            }
            """);
        Assert.True(focus[0] == "true" && focus[1] != "none" && focus[2] != "0px",
            $"{target} has the focus but does not show it: :focus-visible={focus[0]}, outline {focus[1]} {focus[2]} {focus[3]}.");
    }
}
