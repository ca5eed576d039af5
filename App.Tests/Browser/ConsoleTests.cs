using System.Net;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.Playwright;
using static App.Tests.Browser.ConsoleSteps;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// The admin console in Chromium, with the DevTools virtual authenticator: an administrator signs
/// in with a passkey on the admin listener's origin, finds an identity, sees its passkeys, sessions
/// and audit trail, and ends its sessions, deactivates and activates it.
/// </summary>
public sealed class ConsoleTests(ConsoleBrowserFixture fixture) : IClassFixture<ConsoleBrowserFixture>
{
    private PortalFactory Portal => fixture.Portal;

    /// <summary>A person with a passkey and two sessions, signed in over HTTP from two devices.</summary>
    private async Task<(string Id, string Email, SoftwareAuthenticator Passkey, PortalClient First, PortalClient Second)> CustomerAsync()
    {
        var passkey = new SoftwareAuthenticator();
        var email = NewEmail("customer");
        var first = Portal.NewClient();
        var (registered, body) = await Journeys.RegisterAsync(first, passkey, email);
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var second = Portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await Journeys.LoginAsync(second, passkey)).Response.StatusCode);
        return (body["identity"]!["id"]!.GetValue<string>(), email, passkey, first, second);
    }

    [Fact]
    public async Task An_administrator_finds_an_identity_ends_its_sessions_deactivates_and_activates_it()
    {
        var (customerId, customerEmail, customerPasskey, first, second) = await CustomerAsync();
        using var _ = first;
        using var __ = second;
        await using var session = await fixture.OpenAsync();
        var adminEmail = NewEmail("admin");
        var adminId = await SignUpAsync(session, adminEmail);
        await MakeAdministratorAsync(session, adminId);
        var page = session.Page;

        await SignInAsAdministratorAsync(session);
        await Expect(page.Locator("#signed-in-as")).ToHaveTextAsync($"Signed in as {adminEmail}.");
        await OpenIdentityAsync(page, customerEmail);

        var passkeys = Region(page, "Passkeys").GetByRole(AriaRole.Listitem);
        await Expect(passkeys).ToHaveCountAsync(1);
        await Expect(passkeys).ToContainTextAsync("Last used");
        await Expect(passkeys).ToContainTextAsync("Synced");
        await Expect(page.Locator("#backup-codes-left")).ToHaveTextAsync("0");
        var sessions = Region(page, "Sessions").GetByRole(AriaRole.Listitem);
        await Expect(sessions).ToHaveCountAsync(2);
        await Expect(sessions.Filter(new() { HasText = "Active" })).ToHaveCountAsync(2);
        var audit = Region(page, "Audit trail").GetByRole(AriaRole.Listitem);
        await Expect(audit.First).ToContainTextAsync("login.succeeded");
        await Expect(audit.Last).ToContainTextAsync("registration.succeeded");

        // One session: the newest, the second device's.
        await sessions.First.GetByRole(AriaRole.Button, new() { Name = "Revoke the session" }).ClickAsync();
        await Expect(page.Locator("#console-status")).ToHaveTextAsync("The session was revoked.");
        await Expect(sessions.Filter(new() { HasText = "Ended" })).ToHaveCountAsync(1);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.WhoAmIAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.WhoAmIAsync()).StatusCode);

        // All of them, after the question.
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke sessions", Exact = true }).ClickAsync();
        var question = page.GetByRole(AriaRole.Dialog, new() { Name = "Revoke every session?" });
        await question.GetByRole(AriaRole.Button, new() { Name = "Revoke sessions", Exact = true }).ClickAsync();
        await Expect(page.Locator("#console-status")).ToHaveTextAsync("Sessions revoked: 1.");
        await Expect(sessions.Filter(new() { HasText = "Ended" })).ToHaveCountAsync(2);
        Assert.Equal(HttpStatusCode.Unauthorized, (await first.WhoAmIAsync()).StatusCode);

        // Deactivated: its sessions end, and it cannot sign in; activated, old sessions stay ended.
        using var third = Portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await Journeys.LoginAsync(third, customerPasskey)).Response.StatusCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.List, new() { Name = "Identities found" }).GetByRole(AriaRole.Button, new() { Name = customerEmail }).ClickAsync();
        await Expect(sessions.Filter(new() { HasText = "Active" })).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Deactivate", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = "Deactivate this identity?" }).GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
        await Expect(page.Locator("#console-status")).ToHaveTextAsync("The identity is deactivated and its sessions have ended.");
        await Expect(page.Locator(".identity-facts")).ToContainTextAsync("Inactive");
        await Expect(sessions.Filter(new() { HasText = "Active" })).ToHaveCountAsync(0);
        using (var refused = Portal.NewClient())
            Assert.NotEqual(HttpStatusCode.OK, (await Journeys.LoginAsync(refused, customerPasskey)).Response.StatusCode);

        await page.GetByRole(AriaRole.Button, new() { Name = "Activate", Exact = true }).ClickAsync();
        await Expect(page.Locator("#console-status")).ToHaveTextAsync("The identity is active again.");
        await Expect(page.Locator(".identity-facts")).ToContainTextAsync("Active");
        Assert.Equal(HttpStatusCode.Unauthorized, (await third.WhoAmIAsync()).StatusCode);
        using (var again = Portal.NewClient())
            Assert.Equal(HttpStatusCode.OK, (await Journeys.LoginAsync(again, customerPasskey)).Response.StatusCode);

        // Every console action names the administrator in the audit log, on the page and in the API.
        var actor = "admin:" + adminId;
        var entries = await ConsoleVisit.AuditAsync(Portal, customerId);
        var byConsole = entries.Where(e => e!["actor"]!.GetValue<string>() == actor).Select(e => e!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(["admin.identity_updated", "session.revoked", "admin.identity_updated", "session.revoked", "session.revoked"], byConsole);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.List, new() { Name = "Identities found" }).GetByRole(AriaRole.Button, new() { Name = customerEmail }).ClickAsync();
        await Expect(audit.Filter(new() { HasText = actor })).ToHaveCountAsync(5);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Someone_who_is_not_an_administrator_gets_no_access_and_sees_no_data()
    {
        var (_, customerEmail, _, first, second) = await CustomerAsync();
        first.Dispose();
        second.Dispose();
        await using var session = await fixture.OpenAsync();
        await SignUpAsync(session, NewEmail("visitor"));
        var page = session.Page;

        await SignInAsync(session);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You don't have access" })).ToBeVisibleAsync();
        await Expect(SearchField(page)).ToHaveCountAsync(0);
        await Expect(page.GetByText(customerEmail)).ToHaveCountAsync(0);
        await page.GotoAsync(Portal.ConsoleOrigin + "/admin");
        await session.WaitForPathAsync("/admin/sign-in");
    }

    [Fact]
    public async Task An_administrator_listed_by_address_signs_in_and_searches()
    {
        var email = NewEmail("listed");
        using var portal = PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?> { ["admin.console.identities.0"] = email });
        await using var session = await BrowserSession.OpenAsync(fixture.Browser, portal);
        await SignUpAsync(session, email);

        await SignInAsAdministratorAsync(session);
        await OpenIdentityAsync(session.Page, email);

        await Expect(Region(session.Page, "Passkeys").GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        // Its own session on the public pages, and the console sign-in in its trail.
        await Expect(Region(session.Page, "Sessions").GetByRole(AriaRole.Listitem)).ToContainTextAsync("Chrome on Linux");
        await Expect(Region(session.Page, "Audit trail").GetByRole(AriaRole.Listitem).First).ToContainTextAsync("admin_console.signed_in");
    }

    [Fact]
    public async Task The_public_listener_has_no_console_and_a_public_session_does_not_open_it()
    {
        await using var session = await fixture.OpenAsync();
        var adminId = await SignUpAsync(session, NewEmail("public-side"));
        await MakeAdministratorAsync(session, adminId);

        var onPublic = await session.Page.GotoAsync(Portal.BaseUrl + "/admin");
        Assert.Equal(404, onPublic!.Status);
        Assert.Equal(200, await session.WhoAmIStatusAsync());
        await session.Page.GotoAsync(Portal.ConsoleOrigin + "/admin");
        await session.WaitForPathAsync("/admin/sign-in");
    }
}
