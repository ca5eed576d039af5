using App.Tests.Integration.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>What a person does at the admin console in Chromium, by role and accessible name.</summary>
public static class ConsoleSteps
{
    public static string NewEmail(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    /// <summary>Signs up on the public pages with a new passkey on a virtual authenticator and returns the identity's id.</summary>
    public static async Task<string> SignUpAsync(BrowserSession session, string email)
    {
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.AddAuthenticatorAsync();
        await session.RegisterAsync(email);
        await session.WaitForWelcomeAsync();
        return await IdentityIdAsync(session, email);
    }

    public static async Task<string> IdentityIdAsync(BrowserSession session, string email)
    {
        using var http = new HttpClient();
        var found = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>(http,
            $"{session.Portal.AdminUrl}/admin/identities?credentials_identifier={Uri.EscapeDataString(email)}");
        return found![0]!["id"]!.GetValue<string>();
    }

    /// <summary>Opens the console, is sent to its sign-in, and signs in with the passkey on the page's authenticator.</summary>
    public static async Task SignInAsync(BrowserSession session)
    {
        await session.Page.GotoAsync(session.Portal.ConsoleOrigin + "/admin");
        await session.WaitForPathAsync("/admin/sign-in");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with passkey", Exact = true }).ClickAsync();
    }

    /// <summary>Signs in and waits until the console's circuit runs (the search button is live).</summary>
    public static async Task SignInAsAdministratorAsync(BrowserSession session)
    {
        await SignInAsync(session);
        await session.WaitForPathAsync("/admin");
        await Expect(SearchButton(session.Page)).ToBeEnabledAsync();
    }

    public static ILocator SearchField(IPage page) => page.GetByRole(AriaRole.Searchbox, new() { Name = "Search identities" });

    public static ILocator SearchButton(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true });

    /// <summary>Searches for <paramref name="email"/> and opens it from the results.</summary>
    public static async Task OpenIdentityAsync(IPage page, string email)
    {
        await SearchField(page).FillAsync(email);
        await SearchButton(page).ClickAsync();
        var results = page.GetByRole(AriaRole.List, new() { Name = "Identities found" });
        await Expect(results.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await results.GetByRole(AriaRole.Button, new() { Name = email, Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = email, Exact = true, Level = 2 })).ToBeVisibleAsync();
    }

    public static ILocator Region(IPage page, string name) => page.GetByRole(AriaRole.Region, new() { Name = name, Exact = true });

    public static Task MakeAdministratorAsync(BrowserSession session, string identityId) =>
        ConsoleVisit.MakeAdministratorAsync(session.Portal, identityId);
}
