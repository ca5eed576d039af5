using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static App.Tests.Browser.CircuitSteps;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// The passkeys page over its live circuit in Chromium: changes without a page load, a dropped
/// connection or a reload in the middle of "Add passkey" that loses nothing, and nothing secret in
/// the page.
/// </summary>
public sealed class SettingsCircuitTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static string NewEmail(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    /// <summary>Set before a change; still there after it only if the page was never loaded again.</summary>
    private static Task MarkPageAsync(IPage page) => page.EvaluateAsync("() => { window.__samePage = true; }");

    private static Task<bool> SamePageAsync(IPage page) => page.EvaluateAsync<bool>("() => window.__samePage === true");

    [Fact]
    public async Task Passkeys_are_added_and_removed_through_the_live_circuit_without_a_page_load()
    {
        await using var session = await chromium.OpenAsync();
        var sockets = new List<string>();
        session.Page.WebSocket += (_, socket) => sockets.Add(new Uri(socket.Url).AbsolutePath);
        var email = NewEmail("circuit");
        var phone = await SignUpAndOpenSettingsAsync(session, email);
        var page = session.Page;
        await phone.RemoveAsync();
        var laptop = await session.AddAuthenticatorAsync();
        await MarkPageAsync(page);

        await AddButton(page).ClickAsync();
        await Expect(Saved(page)).ToBeVisibleAsync();
        await Expect(Passkeys(page)).ToHaveCountAsync(2);
        Assert.Single(await laptop.GetCredentialsAsync());
        Assert.Equal(2, await PasskeyCountAsync(session.Portal, email));

        await Passkeys(page).First.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Remove passkey") }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
        await Expect(Passkeys(page)).ToHaveCountAsync(1);
        await Expect(Passkeys(page).GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Remove passkey") })).ToBeDisabledAsync();
        Assert.Equal(1, await PasskeyCountAsync(session.Portal, email));

        Assert.True(await SamePageAsync(page), "The page was loaded again; the changes should have come over the circuit.");
        Assert.Equal(["/_blazor"], sockets);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task A_passkey_made_while_the_connection_dropped_is_saved_once_it_reconnects()
    {
        await using var session = await chromium.OpenAsync();
        var socket = await CircuitSocket.AttachAsync(session.Page);
        var email = NewEmail("reconnect");
        var phone = await SignUpAndOpenSettingsAsync(session, email);
        var page = session.Page;
        await phone.RemoveAsync();
        var laptop = await session.AddAuthenticatorAsync();
        await MarkPageAsync(page);

        // The browser makes the passkey, and the connection is lost with its answer.
        socket.DropCredential = true;
        await AddButton(page).ClickAsync();
        await socket.CredentialSeen;
        Assert.Single(await laptop.GetCredentialsAsync());

        // The framework reconnects to the same circuit; the page submits what the browser kept.
        await Expect(Saved(page)).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(Passkeys(page)).ToHaveCountAsync(2);
        Assert.True(socket.Connections >= 2, $"Expected a reconnection, saw {socket.Connections} connection(s).");
        Assert.True(await SamePageAsync(page), "The circuit should have been resumed, not the page reloaded.");
        Assert.Equal(2, await PasskeyCountAsync(session.Portal, email));
        Assert.Equal(0, await PendingAsync(page));
    }

    [Fact]
    public async Task A_passkey_made_before_a_reload_is_saved_by_the_reloaded_page()
    {
        await using var session = await chromium.OpenAsync();
        var socket = await CircuitSocket.AttachAsync(session.Page);
        var email = NewEmail("reload");
        var phone = await SignUpAndOpenSettingsAsync(session, email);
        var page = session.Page;
        var address = page.Url;
        await phone.RemoveAsync();
        await session.AddAuthenticatorAsync();

        socket.DropCredential = true;
        socket.RefuseConnections = true;
        await AddButton(page).ClickAsync();
        await socket.CredentialSeen;
        Assert.Equal(1, await PasskeyCountAsync(session.Portal, email));

        // The network is back and the person reloads: the flow in the address brings the page back.
        socket.RefuseConnections = false;
        await page.ReloadAsync();
        Assert.Equal(address, page.Url);
        await Expect(Saved(page)).ToBeVisibleAsync();
        await Expect(Passkeys(page)).ToHaveCountAsync(2);
        Assert.Equal(2, await PasskeyCountAsync(session.Portal, email));
        Assert.Equal(0, await PendingAsync(page));
    }

    [Fact]
    public async Task A_passkey_whose_answer_was_lost_is_sent_again_after_a_reload_refused_and_saved_once()
    {
        await using var session = await chromium.OpenAsync();
        var socket = await CircuitSocket.AttachAsync(session.Page);
        var email = NewEmail("twice");
        var phone = await SignUpAndOpenSettingsAsync(session, email);
        var page = session.Page;
        await phone.RemoveAsync();
        await session.AddAuthenticatorAsync();

        // The server gets the passkey and saves it, but its answer never reaches the browser.
        socket.MuteRepliesAfterCredential = true;
        await AddButton(page).ClickAsync();
        await socket.CredentialSeen;
        await WaitForAsync(async () => await PasskeyCountAsync(session.Portal, email) == 2, "the server to save the passkey");
        Assert.Equal(1, await PendingAsync(page));
        await socket.DropAsync();

        // The reloaded page submits the kept credential again; its ceremony was single-use, so the
        // engine refuses it, and the page shows the passkey as saved: once.
        await page.ReloadAsync();
        await WaitForAsync(async () => await PendingAsync(page) == 0, "the page to submit the kept passkey again");
        await Expect(Saved(page)).ToBeVisibleAsync();
        await Expect(Passkeys(page)).ToHaveCountAsync(2);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        Assert.Equal(2, await PasskeyCountAsync(session.Portal, email));
        var events = await AuditAsync(session.Portal, email);
        Assert.Equal(1, events.Count(e => e == "settings.passkey_added"));
        Assert.Contains("settings.refused", events);
    }

    private static async Task<List<string>> AuditAsync(Infrastructure.PortalFactory portal, string email)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<App.Data.PortalDbContext>();
        var id = await db.IdentityIdentifiers.Where(x => x.Value == email).Select(x => x.IdentityId).SingleAsync();
        return await db.AuditEvents.Where(e => e.IdentityId == id).OrderBy(e => e.At).Select(e => e.Type).ToListAsync();
    }

    [Fact]
    public async Task The_page_and_its_circuit_carry_no_session_token()
    {
        await using var session = await chromium.OpenAsync();
        var frames = new List<string>();
        session.Page.WebSocket += (_, socket) =>
        {
            // Frames arrive on Playwright's thread while the test reads them: both sides take the lock.
            void Keep(IWebSocketFrame frame) { lock (frames) frames.Add(frame.Text ?? System.Text.Encoding.UTF8.GetString(frame.Binary ?? [])); }
            socket.FrameReceived += (_, frame) => Keep(frame);
            socket.FrameSent += (_, frame) => Keep(frame);
        };
        var response = await session.Page.GotoAsync("/registration");
        await SignUpAndOpenSettingsAsync(session, NewEmail("secret"));
        var token = (await session.Context.CookiesAsync()).Single(c => c.Name == "ory_kratos_session").Value;
        var csrf = (await session.Context.CookiesAsync()).Single(c => c.Name.StartsWith("csrf_token", StringComparison.Ordinal)).Value;

        var html = await (await session.Page.ReloadAsync())!.TextAsync();
        await Expect(AddButton(session.Page)).ToBeEnabledAsync();

        Assert.Contains("blazor.web", html);
        Assert.DoesNotContain(token, html);
        Assert.DoesNotContain(csrf, html);
        string[] seen;
        lock (frames) seen = [.. frames];
        Assert.DoesNotContain(seen, f => f.Contains(token, StringComparison.Ordinal) || f.Contains(csrf, StringComparison.Ordinal));
        Assert.NotEmpty(seen);
        Assert.NotNull(response);
    }

    [Fact]
    public async Task The_live_page_speaks_the_visitors_language()
    {
        await using var session = await chromium.OpenAsync(options: new()
        {
            Locale = "de", ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = "de" },
        });
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        var phone = await session.AddAuthenticatorAsync();
        await session.Page.GotoAsync("/registration");
        await session.Page.Locator("input[name='traits.email']").FillAsync(NewEmail("sprache"));
        await session.Page.Locator("button[data-trigger=oryPasskeyRegistration]").ClickAsync();
        // A sign-up ends on the passkeys page, asking in German for a backup.
        await session.WaitForPathAsync("/settings");
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { NameRegex = new System.Text.RegularExpressions.Regex("Noch einen Passkey als Reserve") })).ToBeVisibleAsync();
        await session.Page.GotoAsync("/self-service/settings/browser");
        await session.WaitForPathAsync("/settings");
        var add = session.Page.GetByRole(AriaRole.Button, new() { Name = "Passkey hinzufügen" });
        await Expect(add).ToBeEnabledAsync();
        await phone.RemoveAsync();
        await session.AddAuthenticatorAsync();

        await add.ClickAsync();

        // Rendered over the circuit, in the page's language.
        await Expect(session.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Deine Änderungen wurden gespeichert!" })).ToBeVisibleAsync();
        await Expect(session.Page.GetByRole(AriaRole.List, new() { Name = "Gespeicherte Passkeys" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Deine Passkeys" })).ToBeVisibleAsync();
    }

    private static Task<int> PendingAsync(IPage page) =>
        page.EvaluateAsync<int>("() => Object.keys(sessionStorage).filter(k => k.startsWith('portal.pending-passkey.')).length");
}
