using System.Text.Json.Nodes;
using App.Tests.Browser;
using Microsoft.Playwright;

namespace App.Tests.Elements;

/// <summary>
/// Ory Elements, unmodified, renders the portal's registration and login flows from their JSON on
/// the product's own origin, and a person signs up and in with a passkey through it, in Chromium
/// with the virtual authenticator.
/// </summary>
public sealed class ElementsJourneyTests(ElementsFixture fixture) : IClassFixture<ElementsFixture>
{
    private static async Task<JsonObject?> WhoAmIAsync(BrowserSession browser)
    {
        var response = await browser.Page.APIRequest.GetAsync(browser.Portal.BaseUrl + "/sessions/whoami");
        return response.Ok ? JsonNode.Parse(await response.TextAsync())!.AsObject() : null;
    }

    /// <summary>
    /// Starts the app at <paramref name="path"/> without waiting for that page's load: the app
    /// redirects at once, and a goto would fail as "interrupted by another navigation".
    /// </summary>
    private static async Task GoAsync(BrowserSession browser, string path)
    {
        // The app may still be sending the page on from the step before (to the portal and back); let that land, then go.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await browser.Page.GotoAsync("/config.json");
                break;
            }
            catch (Microsoft.Playwright.PlaywrightException e) when (attempt < 5 && e.Message.Contains("interrupted by another navigation"))
            {
                await browser.Page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.Load);
            }
        }
        // Navigating after the evaluation has answered: a navigation started inside it can destroy the
        // page's context before the answer comes back, failing the call for the very navigation it asked for.
        await browser.Page.EvaluateAsync("path => { setTimeout(() => window.location.assign(path), 0); }", path);
    }

    /// <summary>The app sends the browser to the portal for a flow, which sends it back with ?flow=; wait for that return.</summary>
    private async Task OpenFlowAsync(BrowserSession browser, string path)
    {
        await GoAsync(browser, path);
        await browser.Page.WaitForURLAsync(url => url.StartsWith(fixture.Origin + path + "?flow="), new() { Timeout = 20_000 });
    }

    private static async Task SignOutAsync(BrowserSession browser)
    {
        var logout = JsonNode.Parse(await (await browser.Page.APIRequest.GetAsync(browser.Portal.BaseUrl + "/self-service/logout/browser")).TextAsync())!;
        var response = await browser.Page.APIRequest.GetAsync(logout["logout_url"]!.GetValue<string>());
        Assert.True(response.Ok || response.Status is 303, $"logout answered {response.Status}");
        Assert.Null(await WhoAmIAsync(browser));
    }

    private async Task<(BrowserSession Browser, string Email)> SignUpAsync(bool autofill)
    {
        var browser = await fixture.OpenAsync();
        if (!autofill) await browser.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await browser.AddAuthenticatorAsync();
        var email = $"elements-{Guid.NewGuid():N}@example.com";
        await OpenFlowAsync(browser, "/registration");
        // Elements' own form, with the label it gives the portal's email trait.
        var field = browser.Page.GetByLabel("Email");
        await field.FillAsync(email);
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Sign up with passkey" }).ClickAsync();
        await browser.Page.WaitForURLAsync(url => !url.StartsWith(fixture.Origin + "/registration"), new() { Timeout = 20_000 });
        var session = await WhoAmIAsync(browser);
        Assert.NotNull(session);
        Assert.Equal(email, session["identity"]!["traits"]!["email"]!.GetValue<string>());
        Assert.Equal("passkey", session["authentication_methods"]![0]!["method"]!.GetValue<string>());
        return (browser, email);
    }

    [Fact]
    public async Task Signs_up_and_in_with_a_passkey_button_through_Elements()
    {
        var (browser, email) = await SignUpAsync(autofill: false);
        await using var _ = browser;
        await SignOutAsync(browser);

        await OpenFlowAsync(browser, "/login");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with passkey" }).ClickAsync();
        await browser.Page.WaitForURLAsync(fixture.Origin + "/welcome", new() { Timeout = 20_000 });
        Assert.Equal(email, await browser.Page.GetByTestId("signed-in-as").TextContentAsync());
        Assert.Equal(email, (await WhoAmIAsync(browser))!["identity"]!["traits"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Signs_in_through_passkey_autofill_on_the_Elements_login_page()
    {
        var (browser, email) = await SignUpAsync(autofill: true);
        await using var _ = browser;
        await SignOutAsync(browser);

        // The login flow's onload trigger starts conditional mediation; the virtual authenticator answers it.
        await GoAsync(browser, "/login");
        await browser.Page.WaitForURLAsync(fixture.Origin + "/welcome", new() { Timeout = 20_000 });
        Assert.Equal(email, await browser.Page.GetByTestId("signed-in-as").TextContentAsync());
    }
}
