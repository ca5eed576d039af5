using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// Passkeys across devices in Chromium: the backup question after the first passkey, a second one on
/// a USB key with the options the browser received, rename and remove, the last one kept, the same
/// authenticator refused twice, "Later" asked once more and then never, and the Signal API.
/// </summary>
public sealed class PasskeyDevicesTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    /// <summary>Records what each create() was asked for, in sessionStorage so it survives navigations.</summary>
    private const string RecordCreate = """
        (() => {
          const create = navigator.credentials.create.bind(navigator.credentials);
          navigator.credentials.create = (options) => {
            const key = options.publicKey ?? {};
            const all = JSON.parse(sessionStorage.getItem('creates') ?? '[]');
            all.push({ mediation: options.mediation ?? null, hints: key.hints ?? null,
              attachment: key.authenticatorSelection?.authenticatorAttachment ?? null, excluded: (key.excludeCredentials ?? []).length });
            sessionStorage.setItem('creates', JSON.stringify(all));
            return create(options);
          };
        })();
        """;

    /// <summary>Defines the Signal API and records its calls.</summary>
    private const string RecordSignals = """
        (() => {
          for (const name of ['signalUnknownCredential', 'signalAllAcceptedCredentials', 'signalCurrentUserDetails'])
            PublicKeyCredential[name] = (data) => {
              const all = JSON.parse(sessionStorage.getItem('signals') ?? '[]');
              all.push({ name, data });
              sessionStorage.setItem('signals', JSON.stringify(all));
              return Promise.resolve();
            };
        })();
        """;

    private const string WithoutLevel3 = """
        for (const name of ['signalUnknownCredential', 'signalAllAcceptedCredentials', 'signalCurrentUserDetails', 'getClientCapabilities'])
          delete PublicKeyCredential[name];
        """;

    private static readonly AuthenticatorKind UsbKey = new("usb", HasResidentKey: true);

    private static string NewEmail(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    private static ILocator Question(IPage page) => page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("Save another passkey") });
    private static ILocator Items(IPage page) => page.GetByRole(AriaRole.List, new() { Name = "Saved passkeys" }).GetByRole(AriaRole.Listitem);

    private static async Task<JsonElement[]> RecordedAsync(IPage page, string key) =>
        JsonDocument.Parse(await page.EvaluateAsync<string>($"sessionStorage.getItem('{key}') ?? '[]'")).RootElement.EnumerateArray().ToArray();

    [Fact]
    public async Task A_backup_on_a_hardware_key_is_saved_renamed_and_removed_and_the_last_passkey_stays()
    {
        await using var session = await chromium.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.AddInitScriptAsync(RecordCreate);
        var laptop = await session.AddAuthenticatorAsync();
        await session.RegisterToBackupQuestionAsync(NewEmail("devices"));
        var page = session.Page;
        await Expect(Question(page)).ToContainTextAsync("Passkey saved to this device.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "On phone" })).ToBeEnabledAsync();

        // The same authenticator cannot be added twice: it holds an excluded credential.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add passkey" }).ClickAsync();
        await Expect(page.Locator("#passkey-status")).ToContainTextAsync("This device already has a passkey for this account.");
        await Expect(Items(page)).ToHaveCountAsync(1);

        await laptop.RemoveAsync();
        var key = await session.AddAuthenticatorAsync(UsbKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "On hardware key" }).ClickAsync();
        await Expect(Items(page)).ToHaveCountAsync(2);
        Assert.Single(await key.GetCredentialsAsync());
        await Expect(Question(page)).ToHaveCountAsync(0);

        // Sign-up, the refused "Add passkey", then "On hardware key".
        var creates = await RecordedAsync(page, "creates");
        Assert.Equal(3, creates.Length);
        Assert.Equal(0, creates[0].GetProperty("excluded").GetInt32());
        Assert.Equal(1, creates[1].GetProperty("excluded").GetInt32());
        Assert.Equal(JsonValueKind.Null, creates[1].GetProperty("hints").ValueKind);
        Assert.Equal(["security-key"], creates[2].GetProperty("hints").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal("cross-platform", creates[2].GetProperty("attachment").GetString());
        Assert.Equal(1, creates[2].GetProperty("excluded").GetInt32());
        Assert.All(creates, c => Assert.Equal(JsonValueKind.Null, c.GetProperty("mediation").ValueKind));

        // Rename the key's passkey inline.
        var second = Items(page).Nth(1);
        await second.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Rename") }).ClickAsync();
        var name = page.GetByRole(AriaRole.Textbox, new() { Name = "Passkey name" });
        await name.FillAsync("  Blue key  ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save name" }).ClickAsync();
        await Expect(Items(page).Nth(1)).ToContainTextAsync("Blue key");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Remove passkey \"Blue key\"" })).ToBeVisibleAsync();

        // Remove the first; the last one then cannot go, and the page says why.
        await Items(page).First.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Remove passkey") }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        await Expect(Items(page)).ToHaveCountAsync(1);
        await Expect(Items(page).First.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Remove passkey") })).ToBeDisabledAsync();
        await Expect(page.GetByText("Your only passkey can't be removed")).ToBeVisibleAsync();
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Later_is_asked_once_more_after_the_next_sign_in_then_never_and_signals_carry_the_accepted_passkeys()
    {
        await using var session = await chromium.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.AddInitScriptAsync(RecordSignals);
        var laptop = await session.AddAuthenticatorAsync();
        await session.RegisterToBackupQuestionAsync(NewEmail("later"));
        var page = session.Page;
        await page.GetByRole(AriaRole.Button, new() { Name = "Later" }).ClickAsync();
        await session.WaitForWelcomeAsync();

        // The welcome page after sign-up tells the provider the one accepted passkey, under the ceremonies' user handle.
        var credential = (await laptop.GetCredentialsAsync()).Single();
        await CircuitSteps.WaitForAsync(async () => (await RecordedAsync(page, "signals")).Length > 0, "a signal");
        var accepted = (await RecordedAsync(page, "signals")).First(s => s.GetProperty("name").GetString() == "signalAllAcceptedCredentials").GetProperty("data");
        Assert.Equal("localhost", accepted.GetProperty("rpId").GetString());
        Assert.Equal(Base64Url(credential.CredentialId), accepted.GetProperty("allAcceptedCredentialIds").EnumerateArray().Single().GetString());
        Assert.Equal(Base64Url(credential.UserHandle!), accepted.GetProperty("userId").GetString());

        await session.SignOutAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with passkey" }).ClickAsync();
        await session.WaitForPathAsync("/settings");
        await Expect(Question(page)).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Later" }).ClickAsync();
        await session.WaitForWelcomeAsync();

        await session.SignOutAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with passkey" }).ClickAsync();
        await session.WaitForWelcomeAsync();
        await CircuitSteps.OpenSettingsAsync(session);
        await Expect(Question(page)).ToHaveCountAsync(0);
        await Expect(page.Locator("#single-passkey-warning")).ToBeVisibleAsync();
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Without_the_Signal_API_and_client_capabilities_nothing_is_called_and_nothing_fails()
    {
        await using var session = await chromium.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.AddInitScriptAsync(WithoutLevel3);
        await session.AddAuthenticatorAsync();
        await session.RegisterAsync(NewEmail("level2"));
        await session.WaitForWelcomeAsync();
        await CircuitSteps.OpenSettingsAsync(session);
        Assert.False(await session.Page.EvaluateAsync<bool>("typeof PublicKeyCredential.signalAllAcceptedCredentials === 'function'"));
        Assert.Empty(session.Errors);
    }

    private static string Base64Url(string base64) => base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
