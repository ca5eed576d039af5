using App.Data;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static App.Tests.Browser.PasskeySignInTests;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>Ceremonies that must not end in a session, and what the page tells the person instead.</summary>
public sealed class PasskeyRefusalTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    /// <summary>Makes every modal navigator.credentials.get() give up after a second, as a cancelled prompt does.</summary>
    internal const string ShortCeremonies = """
        (() => {
          const get = navigator.credentials.get.bind(navigator.credentials);
          navigator.credentials.get = (options) => {
            if (options?.publicKey && options.mediation !== 'conditional') options.publicKey.timeout = 1000;
            return get(options);
          };
        })();
        """;

    [Fact]
    public async Task Registration_without_user_verification_is_refused()
    {
        await using var session = await chromium.OpenAsync();
        var authenticator = await session.AddAuthenticatorAsync(AuthenticatorKind.Platform with { IsUserVerified = false });
        var email = NewEmail("no-uv");

        await session.SubmitRegistrationAsync(email);

        await Expect(session.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("No passkey was created");
        Assert.Equal("/registration", session.PathNow);
        Assert.Empty(await authenticator.GetCredentialsAsync());
        Assert.Equal(401, await session.WhoAmIStatusAsync());
        Assert.False(await IdentityExistsAsync(chromium.Portal, email));
    }

    [Fact]
    public async Task Sign_in_without_user_verification_is_refused()
    {
        await using var session = await chromium.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        var authenticator = await session.AddAuthenticatorAsync();
        await session.RegisterAsync(NewEmail("uv-lost"));
        await session.WaitForWelcomeAsync();
        await session.SignOutAsync();

        await authenticator.SetUserVerifiedAsync(false);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with passkey" }).ClickAsync();

        await Expect(session.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("No passkey was used");
        Assert.Equal("/login", session.PathNow);
        Assert.Equal(401, await session.WhoAmIStatusAsync());
    }

    [Fact]
    public async Task A_page_served_for_an_origin_the_portal_does_not_trust_cannot_register()
    {
        using var portal = PortalFactory.StartKestrel(new Dictionary<string, string?>
        {
            ["selfservice.methods.passkey.config.rp.origins.0"] = "http://localhost:1",
        });
        await using var session = await chromium.OpenAsync(portal);
        var authenticator = await session.AddAuthenticatorAsync();
        var email = NewEmail("origin");

        await session.SubmitRegistrationAsync(email);

        // The browser made the credential; the portal refuses it and shows the form again.
        await Expect(session.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The passkey could not be saved");
        Assert.Equal("/registration", session.PathNow);
        await Expect(session.Page.GetByLabel("Email")).ToHaveValueAsync(email);
        Assert.Single(await authenticator.GetCredentialsAsync());
        Assert.Equal(401, await session.WhoAmIStatusAsync());
        Assert.False(await IdentityExistsAsync(portal, email));
    }

    [Fact]
    public async Task A_cancelled_sign_in_says_so_and_opens_the_other_ways_in()
    {
        await using var session = await chromium.OpenAsync();
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.AddInitScriptAsync(ShortCeremonies);
        await session.WebAuthnAsync(); // WebAuthn on, but no authenticator: nothing ever answers.
        await session.Page.GotoAsync("/login");
        var fallback = session.Page.Locator("details", new() { Has = session.Page.GetByText("Can't use passkey?") });
        await Expect(fallback).Not.ToHaveAttributeAsync("open", "");

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in with passkey" }).ClickAsync();

        await Expect(session.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            "No passkey was used. The request was cancelled or timed out, or no passkey for this account is on this device.");
        // The way out is offered at once, and opens the email form without a search for it.
        var useEmail = session.Page.GetByRole(AriaRole.Button, new() { Name = "Use email instead" });
        await Expect(useEmail).ToBeVisibleAsync();
        await Expect(fallback).Not.ToHaveAttributeAsync("open", "");
        await useEmail.ClickAsync();
        await Expect(fallback).ToHaveAttributeAsync("open", "");
        await Expect(fallback.GetByRole(AriaRole.Textbox, new() { Name = "Email" })).ToBeFocusedAsync();
        await Expect(fallback.GetByRole(AriaRole.Button, new() { Name = "Send link" })).ToBeVisibleAsync();
        Assert.Equal("/login", session.PathNow);
        Assert.Equal(401, await session.WhoAmIStatusAsync());
    }

    private static async Task<bool> IdentityExistsAsync(PortalFactory portal, string email)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.IdentityIdentifiers.AnyAsync(x => x.Value == email);
    }
}
