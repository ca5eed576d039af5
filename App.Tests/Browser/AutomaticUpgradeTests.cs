using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using App.Data;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// The automatic passkey upgrade (WebAuthn conditional create) in Chromium: after an emailed code
/// or a password, the welcome page has the browser save a passkey without a prompt, where the
/// browser says it can; nothing happens where it cannot, or when the portal turns it off.
/// </summary>
public sealed class AutomaticUpgradeTests(MailBrowserFixture fixture) : IClassFixture<MailBrowserFixture>
{
    /// <summary>Records what each create() was asked for, in sessionStorage so it survives navigations.</summary>
    private const string RecordCreate = """
        (() => {
          const encode = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
          const create = navigator.credentials.create.bind(navigator.credentials);
          navigator.credentials.create = (options) => {
            const key = options.publicKey ?? {};
            const all = JSON.parse(sessionStorage.getItem('creates') ?? '[]');
            all.push({ mediation: options.mediation ?? null, path: location.pathname, rpId: key.rp?.id ?? null, userName: key.user?.name ?? null,
              userVerification: key.authenticatorSelection?.userVerification ?? null,
              excluded: (key.excludeCredentials ?? []).map((c) => encode(c.id)) });
            sessionStorage.setItem('creates', JSON.stringify(all));
            const settle = (outcome) => {
              const now = JSON.parse(sessionStorage.getItem('creates'));
              now[all.length - 1].outcome = outcome;
              sessionStorage.setItem('creates', JSON.stringify(now));
            };
            return create(options).then((c) => { settle(c ? 'credential' : 'none'); return c; }, (e) => { settle(e?.name ?? 'error'); throw e; });
          };
        })();
        """;

    /// <summary>A browser whose credential provider can save a passkey without asking.</summary>
    private const string CanCreateConditionally = """
        if (window.PublicKeyCredential) PublicKeyCredential.getClientCapabilities = () => {
          sessionStorage.setItem('capabilities', String(Number(sessionStorage.getItem('capabilities') ?? '0') + 1));
          return Promise.resolve({ conditionalCreate: true, conditionalGet: true, passkeyPlatformAuthenticator: true });
        };
        """;

    /// <summary>
    /// The password manager's part: Chromium leaves a conditional create pending until its own
    /// password manager has just filled a password for the site, which a test profile never has. This
    /// stands in for a provider that agrees: the request, as the page made it, goes to the device's
    /// authenticator without a prompt. Added before <see cref="RecordCreate"/>, which sees the page's request.
    /// </summary>
    private const string ProviderSavesWithoutAsking = """
        (() => {
          const create = navigator.credentials.create.bind(navigator.credentials);
          navigator.credentials.create = (options) => {
            if (options?.mediation !== 'conditional') return create(options);
            const { mediation, ...modal } = options;
            return create(modal);
          };
        })();
        """;

    private const string CannotCreateConditionally = """
        if (window.PublicKeyCredential) PublicKeyCredential.getClientCapabilities = () => {
          sessionStorage.setItem('capabilities', String(Number(sessionStorage.getItem('capabilities') ?? '0') + 1));
          return Promise.resolve({ conditionalCreate: false, conditionalGet: true });
        };
        """;

    private const string WithoutClientCapabilities = "if (window.PublicKeyCredential) delete PublicKeyCredential.getClientCapabilities;";

    private static string NewEmail(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    private static async Task<JsonElement[]> CreatesAsync(IPage page) =>
        JsonDocument.Parse(await page.EvaluateAsync<string>("sessionStorage.getItem('creates') ?? '[]'")).RootElement.EnumerateArray().ToArray();

    private static ILocator UpgradeForm(IPage page) => page.Locator("form[data-passkey-upgrade]");

    [Fact]
    public async Task An_email_code_sign_in_without_a_passkey_saves_one_silently_and_offers_it_again_excluding_it()
    {
        var email = NewEmail("upgrade");
        var id = await CreateOverAdminAsync(fixture.Portal, email);
        await using var session = await fixture.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.AddInitScriptAsync(CanCreateConditionally);
        await session.AddInitScriptAsync(ProviderSavesWithoutAsking);
        await session.AddInitScriptAsync(RecordCreate);
        var laptop = await session.AddAuthenticatorAsync();
        var page = session.Page;

        await session.SignInWithEmailCodeAsync(email);
        await Expect(UpgradeForm(page)).ToHaveCountAsync(1);
        await Expect(UpgradeForm(page)).ToBeHiddenAsync();
        await WaitForPasskeysAsync(session, fixture.Portal, id, 1);

        var create = Assert.Single(await CreatesAsync(page));
        Assert.Equal("conditional", create.GetProperty("mediation").GetString());
        Assert.Equal("/welcome", create.GetProperty("path").GetString());
        Assert.Equal("localhost", create.GetProperty("rpId").GetString());
        Assert.Equal(email, create.GetProperty("userName").GetString());
        Assert.Equal("preferred", create.GetProperty("userVerification").GetString());
        Assert.Empty(create.GetProperty("excluded").EnumerateArray());
        Assert.Equal("credential", create.GetProperty("outcome").GetString());
        var saved = Assert.Single(await laptop.GetCredentialsAsync());
        Assert.Equal([Base64Url(saved.CredentialId)], await CredentialIdsAsync(fixture.Portal, id));
        Assert.Contains(App.Audit.AuditEvents.PasskeyAdded, await AuditAsync(fixture.Portal, id));

        // Nothing was shown: the page stays as it was, without a status or an alert.
        Assert.Equal("/welcome", session.PathNow);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Expect(page.Locator("#passkey-status")).ToHaveCountAsync(0);

        // The next email sign-in offers it again, now excluding the saved passkey: this device refuses
        // (it holds it), silently, and the account keeps one.
        await session.SignOutAsync();
        await session.SignInWithEmailCodeAsync(email);
        await CircuitSteps.WaitForAsync(async () => (await CreatesAsync(page)).Length == 2, "the second offer");
        var again = (await CreatesAsync(page))[1];
        Assert.Equal("conditional", again.GetProperty("mediation").GetString());
        Assert.Equal([Base64Url(saved.CredentialId)], again.GetProperty("excluded").EnumerateArray().Select(e => e.GetString()));
        await CircuitSteps.WaitForAsync(async () => (await CreatesAsync(page))[1].TryGetProperty("outcome", out _), "the second answer");
        Assert.Equal("InvalidStateError", (await CreatesAsync(page))[1].GetProperty("outcome").GetString());
        Assert.Equal(1, await PasskeyCountAsync(fixture.Portal, id));
        Assert.Single(await laptop.GetCredentialsAsync());
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        Assert.Empty(session.Errors);
    }

    [Theory]
    [InlineData(WithoutClientCapabilities)]
    [InlineData(CannotCreateConditionally)]
    public async Task A_browser_that_cannot_create_conditionally_is_never_asked(string capabilities)
    {
        var email = NewEmail("no-upgrade");
        var id = await CreateOverAdminAsync(fixture.Portal, email);
        await using var session = await fixture.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.AddInitScriptAsync(capabilities);
        await session.AddInitScriptAsync(ProviderSavesWithoutAsking);
        await session.AddInitScriptAsync(RecordCreate);
        var laptop = await session.AddAuthenticatorAsync();
        var page = session.Page;

        await session.SignInWithEmailCodeAsync(email);
        // The offer is on the page; the script declines it for this browser.
        await Expect(UpgradeForm(page)).ToHaveCountAsync(1);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        if (capabilities == CannotCreateConditionally)
            await CircuitSteps.WaitForAsync(async () => await page.EvaluateAsync<string?>("sessionStorage.getItem('capabilities')") == "1", "the capabilities asked");
        else
            Assert.False(await page.EvaluateAsync<bool>("typeof PublicKeyCredential.getClientCapabilities === 'function'"));
        await Task.Delay(500);

        Assert.Empty(await CreatesAsync(page));
        Assert.Empty(await laptop.GetCredentialsAsync());
        Assert.Equal(0, await PasskeyCountAsync(fixture.Portal, id));
        Assert.DoesNotContain(App.Audit.AuditEvents.PasskeyAdded, await AuditAsync(fixture.Portal, id));
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Turned_off_the_welcome_page_has_no_offer_and_nothing_is_created()
    {
        using var portal = MailBrowserFixture.StartPortal(fixture.Maildev, new Dictionary<string, string?>
        {
            ["selfservice.methods.passkey.config.automatic_upgrade"] = "false",
        });
        var email = NewEmail("upgrade-off");
        var id = await CreateOverAdminAsync(portal, email);
        await using var session = await fixture.OpenAsync(portal);
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.AddInitScriptAsync(CanCreateConditionally);
        await session.AddInitScriptAsync(ProviderSavesWithoutAsking);
        await session.AddInitScriptAsync(RecordCreate);
        var laptop = await session.AddAuthenticatorAsync();
        var page = session.Page;

        await session.SignInWithEmailCodeAsync(email);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(email);
        await Expect(UpgradeForm(page)).ToHaveCountAsync(0);
        await Task.Delay(500);

        Assert.Empty(await CreatesAsync(page));
        Assert.Empty(await laptop.GetCredentialsAsync());
        Assert.Equal(0, await PasskeyCountAsync(portal, id));
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task A_password_sign_in_of_an_imported_account_gets_the_upgrade_after_not_now()
    {
        using var portal = MailBrowserFixture.StartPortal(fixture.Maildev, new Dictionary<string, string?>
        {
            ["selfservice.methods.password.enabled"] = "true",
        });
        var email = NewEmail("imported-upgrade");
        var id = await CreateOverAdminAsync(portal, email, BCrypt.Net.BCrypt.HashPassword("Tr0ub4dor&3", 5));
        await using var session = await fixture.OpenAsync(portal);
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.AddInitScriptAsync(CanCreateConditionally);
        await session.AddInitScriptAsync(ProviderSavesWithoutAsking);
        await session.AddInitScriptAsync(RecordCreate);
        var laptop = await session.AddAuthenticatorAsync();
        var page = session.Page;

        await page.GotoAsync("/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use password" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("Tr0ub4dor&3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        // The nudge asks in the open, with its own button: no silent offer beside it.
        await session.WaitForPathAsync("/passwordless");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save passkey" })).ToBeVisibleAsync();
        await Expect(UpgradeForm(page)).ToHaveCountAsync(0);
        Assert.Empty(await CreatesAsync(page));

        await page.GetByRole(AriaRole.Link, new() { Name = "Not now" }).ClickAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(email);
        await Expect(UpgradeForm(page)).ToHaveCountAsync(1);
        await WaitForPasskeysAsync(session, portal, id, 1);

        var create = Assert.Single(await CreatesAsync(page));
        Assert.Equal("conditional", create.GetProperty("mediation").GetString());
        Assert.Equal(email, create.GetProperty("userName").GetString());
        Assert.Equal("preferred", create.GetProperty("userVerification").GetString());
        var saved = Assert.Single(await laptop.GetCredentialsAsync());
        Assert.Equal([Base64Url(saved.CredentialId)], await CredentialIdsAsync(portal, id));
        Assert.Contains(App.Audit.AuditEvents.PasskeyAdded, await AuditAsync(portal, id));
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        Assert.Empty(session.Errors);
    }

    /// <summary>An account made by an administrator: an email and, when imported, a password hash; no passkey.</summary>
    private static async Task<Guid> CreateOverAdminAsync(PortalFactory portal, string email, string? passwordHash = null)
    {
        var body = new JsonObject { ["traits"] = new JsonObject { ["email"] = email } };
        if (passwordHash is not null)
            body["credentials"] = new JsonObject { ["password"] = new JsonObject { ["config"] = new JsonObject { ["hashed_password"] = passwordHash } } };
        using var http = new HttpClient();
        var response = await http.PostAsync(portal.AdminUrl + "/admin/identities", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return Guid.Parse(JsonNode.Parse(text)!["id"]!.GetValue<string>());
    }

    private static async Task WaitForPasskeysAsync(BrowserSession session, PortalFactory portal, Guid id, int count)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (await PasskeyCountAsync(portal, id) != count)
        {
            if (DateTime.UtcNow > until)
                throw new Xunit.Sdk.XunitException($"The account has {await PasskeyCountAsync(portal, id)} passkeys, not {count}. create() calls: "
                    + await session.Page.EvaluateAsync<string>("sessionStorage.getItem('creates') ?? '[]'") + "\n" + await session.DescribeAsync());
            await Task.Delay(100);
        }
    }

    private static async Task<int> PasskeyCountAsync(PortalFactory portal, Guid id) => (await CredentialIdsAsync(portal, id)).Count;

    private static async Task<List<string>> CredentialIdsAsync(PortalFactory portal, Guid id)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var ids = await db.Passkeys.AsNoTracking().Where(p => p.IdentityId == id).Select(p => p.CredentialId).ToListAsync();
        return ids.Select(i => Base64Url(Convert.ToBase64String(i))).ToList();
    }

    private static async Task<List<string>> AuditAsync(PortalFactory portal, Guid id)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.AuditEvents.AsNoTracking().Where(e => e.IdentityId == id).OrderBy(e => e.At).Select(e => e.Type).ToListAsync();
    }

    private static string Base64Url(string base64) => base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
