using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>The pages speak the browser's language, the switcher changes it and remembers it, and the passkey script follows.</summary>
public sealed class LanguageTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private Task<BrowserSession> OpenInAsync(string language) => chromium.OpenAsync(options: new()
    {
        Locale = language, ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = language },
    });

    [Theory]
    [InlineData("de", "Anmelden", "Mit Passkey anmelden", "Passkey geht nicht?")]
    [InlineData("fr", "Se connecter", "Se connecter avec une clé d'accès", "Pas de clé d'accès ?")]
    [InlineData("es", "Iniciar sesión", "Iniciar sesión con llave de acceso", "¿No puedes usar tu llave de acceso?")]
    [InlineData("pt-BR", "Entrar", "Entrar com chave de acesso", "Não consegue usar a chave de acesso?")]
    [InlineData("pt-PT", "Entrar", "Entrar com chave de acesso", "Não consegue usar a chave de acesso?")]
    [InlineData("en-GB", "Sign in", "Sign in with passkey", "Can't use passkey?")]
    public async Task The_sign_in_page_speaks_the_browsers_language(string language, string heading, string button, string fallback)
    {
        await using var session = await OpenInAsync(language);
        await session.Page.GotoAsync("/login");
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
        await Expect(session.Page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true })).ToBeVisibleAsync();
        await Expect(session.Page.GetByText(fallback, new() { Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_switcher_changes_the_language_remembers_it_and_stays_on_the_page()
    {
        await using var session = await OpenInAsync("en");
        await session.Page.GotoAsync("/registration");
        var switcher = session.Page.GetByRole(AriaRole.Navigation, new() { Name = "Language" });
        await Expect(switcher.GetByRole(AriaRole.Link, new() { Name = "English" })).ToHaveAttributeAsync("aria-current", "true");

        await switcher.GetByRole(AriaRole.Link, new() { Name = "Français" }).ClickAsync();
        await session.WaitForPathAsync("/registration");
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Créer un compte" })).ToBeVisibleAsync();
        await Expect(session.Page.Locator("html")).ToHaveAttributeAsync("lang", "fr");

        // Remembered over the browser's own preference, on every page.
        await session.Page.GotoAsync("/login");
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Se connecter" })).ToBeVisibleAsync();
        var langue = session.Page.GetByRole(AriaRole.Navigation, new() { Name = "Langue" });
        await Expect(langue.GetByRole(AriaRole.Link, new() { Name = "Français" })).ToHaveAttributeAsync("aria-current", "true");
    }

    [Fact]
    public async Task A_cancelled_passkey_is_explained_in_the_pages_language()
    {
        await using var session = await OpenInAsync("de");
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await session.AddInitScriptAsync(PasskeyRefusalTests.ShortCeremonies);
        await session.WebAuthnAsync(); // No authenticator answers, so the request times out.
        await session.Page.GotoAsync("/login");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Mit Passkey anmelden" }).ClickAsync();
        await Expect(session.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Es wurde kein Passkey verwendet.");
        await Expect(session.Page.GetByRole(AriaRole.Button, new() { Name = "Stattdessen per E-Mail" })).ToBeVisibleAsync();
    }
}
