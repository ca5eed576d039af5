using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>Emails go out in the language the person last used here; the switcher's answers are safe.</summary>
public sealed class LanguageTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    private PortalClient ClientIn(string language)
    {
        var client = portal.NewClient();
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    private static async Task SendCodeAsync(PortalClient client, string email)
    {
        var flow = await client.CreateBrowserFlowAsync("login");
        await Wire.AssertFlowAsync(await EmailSteps.SendAsync(client, flow, email));
    }

    [Fact]
    public async Task The_sign_in_email_follows_the_language_the_person_last_used()
    {
        var phone = new SoftwareAuthenticator();
        var email = $"sprache-{Guid.NewGuid():N}@example.com";
        using (var german = ClientIn("de-DE"))
        {
            var (registered, _) = await Journeys.RegisterAsync(german, phone, email);
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        }

        // Asked for from an English browser, the email is still German: it goes to the person.
        using (var english = ClientIn("en"))
            await SendCodeAsync(english, email);
        var first = await EmailSteps.LatestEmailAsync(portal, email);
        Assert.Matches("^[0-9]{6} ist dein Anmeldecode für ", first.Subject);
        Assert.Contains("Oder gib diesen Code", first.Body);
        Assert.Contains("<html lang=\"de\">", first.HtmlBody);

        // Signing in from a French browser makes French their language.
        using (var french = ClientIn("fr-FR"))
        {
            var (signedIn, _) = await Journeys.LoginAsync(french, phone);
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        }
        using (var english = ClientIn("en"))
            await SendCodeAsync(english, email);
        Assert.Matches("^[0-9]{6} est votre code de connexion à ", (await EmailSteps.LatestEmailAsync(portal, email)).Subject);
    }

    [Fact]
    public async Task An_address_without_an_account_is_written_to_in_the_askers_language()
    {
        var email = $"nadie-{Guid.NewGuid():N}@example.com";
        using var spanish = ClientIn("es-MX");
        await SendCodeAsync(spanish, email);
        // Withheld (notify_unknown_recipients is off), but written as it would have been sent.
        Assert.Equal("Intento de acceso a Identity", (await EmailSteps.LatestEmailAsync(portal, email)).Subject);
    }

    [Theory]
    [InlineData("/registration", "/registration")]
    [InlineData("/login?flow=abc", "/login?flow=abc")]
    [InlineData("//evil.example/", "/login")]
    [InlineData("/\\evil.example", "/login")]
    [InlineData("https://evil.example/", "/login")]
    [InlineData("", "/login")]
    public async Task The_switcher_remembers_the_choice_and_goes_back_only_to_this_site(string returnTo, string location)
    {
        using var client = portal.NewClient();
        var response = await client.Http.GetAsync("/language?lang=pt-BR&return_to=" + Uri.EscapeDataString(returnTo));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.ToString());
        var cookie = Steps.SetCookie(response, "portal_lang");
        Assert.NotNull(cookie);
        Assert.Contains("c%3Dpt-BR%7Cuic%3Dpt-BR", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("it")]
    [InlineData("")]
    [InlineData("<script>")]
    public async Task An_unknown_language_is_refused_in_the_kratos_error_shape(string language)
    {
        using var client = portal.NewClient();
        var response = await client.Http.GetAsync("/language?lang=" + Uri.EscapeDataString(language));
        await Wire.AssertErrorAsync(response, HttpStatusCode.BadRequest, null);
    }

    [Fact]
    public async Task The_api_keeps_kratoss_english_texts_and_ids_whatever_the_language()
    {
        using var german = ClientIn("de");
        var flow = await german.CreateBrowserFlowAsync("login");
        var trigger = PortalClient.Node(flow, "passkey_login_trigger")!["meta"]!["label"]!;
        Assert.Equal(1010021, trigger["id"]!.GetValue<int>());
        Assert.Equal("Sign in with passkey", trigger["text"]!.GetValue<string>());
    }
}
