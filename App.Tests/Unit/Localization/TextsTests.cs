using System.Text.RegularExpressions;
using App.Configuration;
using App.Courier;
using App.Localization;
using App.SelfService.Ui;
using Microsoft.Extensions.Configuration;

namespace App.Tests.Unit.Localization;

/// <summary>Every language says everything English says, with the same blanks, and emails follow the recipient's language.</summary>
public sealed partial class TextsTests
{
    private static readonly Texts Texts = new();
    public static TheoryData<string> OtherLanguages() => [.. Languages.All.Select(l => l.Code).Where(c => c != "en")];

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void Every_language_has_every_text_with_the_same_placeholders(string language)
    {
        var english = Texts.Keys("en").ToHashSet();
        var theirs = Texts.Keys(language).ToHashSet();
        Assert.Empty(english.Except(theirs));
        Assert.Empty(theirs.Except(english));
        foreach (var key in english)
        {
            var text = Texts.Get(language, key);
            Assert.False(string.IsNullOrWhiteSpace(text), $"{language}: {key} is empty");
            Assert.Equal(Placeholders(Texts.Get("en", key)), Placeholders(text));
        }
    }

    [Theory]
    [MemberData(nameof(OtherLanguages))]
    public void Every_language_is_really_translated(string language)
    {
        // Words such as "Code" or "E-Mail" may coincide, but most sentences must differ from English.
        var keys = Texts.Keys("en").Where(k => Texts.Get("en", k).Length > 25).ToList();
        var same = keys.Count(k => Texts.Get(language, k) == Texts.Get("en", k));
        Assert.True(same == 0, $"{language}: {same} of {keys.Count} sentences are still English");
    }

    [Theory]
    [InlineData("pt", "pt-BR")]
    [InlineData("pt-PT", "pt-BR")]
    [InlineData("PT-br", "pt-BR")]
    [InlineData("de-AT", "de")]
    [InlineData("fr-CA", "fr")]
    [InlineData("es-419", "es")]
    [InlineData("en-GB", "en")]
    [InlineData("it", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_browser_language_finds_the_closest_supported_one(string? asked, string? expected) =>
        Assert.Equal(expected, Languages.Match(asked));

    [Fact]
    public void A_short_wait_is_said_in_seconds_and_a_long_one_in_minutes()
    {
        Assert.Equal("Too many attempts. Please wait 42 seconds and try again.",
            Texts.Message(UiText.Error(4019002, "x", new() { ["retry_after_seconds"] = 42 }), "en"));
        Assert.Equal("Zu viele Versuche. Bitte warte 10 Minuten und versuche es dann noch einmal.",
            Texts.Message(UiText.Error(4019002, "x", new() { ["retry_after_seconds"] = 600 }), "de"));
    }

    [Fact]
    public void A_message_is_translated_by_id_or_by_its_words_and_otherwise_kept()
    {
        Assert.Equal("Passkey „Phone“ entfernen", Texts.Message(UiText.Info(1050020, "Remove passkey \"Phone\"", new() { ["display_name"] = "Phone" }), "de"));
        Assert.Equal("Cela a pris trop de temps. Veuillez réessayer.", Texts.Message(UiText.Error(4000001, "That took too long. Please try again."), "fr"));
        Assert.Equal("Nombre", Texts.Message(UiText.Info(1070002, "First name"), "es"));
        Assert.Equal("Something only the API says", Texts.Message(UiText.Error(4000001, "Something only the API says"), "pt-BR"));
        Assert.Equal("Unknown id", Texts.Message(UiText.Info(1999999, "Unknown id"), "de"));
    }

    [Theory]
    [InlineData("de", "123456 ist dein Anmeldecode für Acme & Co", "Oder gib diesen Code")]
    [InlineData("fr", "123456 est votre code de connexion à Acme & Co", "Ou saisissez ce code")]
    [InlineData("es", "123456 es tu código de acceso a Acme & Co", "O escribe este código")]
    [InlineData("pt-BR", "123456 é seu código de acesso a Acme & Co", "Ou digite este código")]
    [InlineData("en", "123456 is your Acme & Co sign-in code", "Or enter this code")]
    public void The_sign_in_email_is_written_in_the_recipients_language(string language, string subject, string codeIntro)
    {
        var templates = new CourierTemplates(Settings(), Texts);
        var email = templates.Render("login_code", "valid", new Dictionary<string, string>
        {
            ["LoginCode"] = "123456", ["BrandName"] = "Acme & Co", ["LoginURL"] = "http://localhost:4455/login?flow=1&link=x", ["ExpiresInMinutes"] = "15",
        }, language);

        Assert.Equal(subject, email.Subject);
        Assert.Contains(codeIntro, email.Text);
        Assert.Contains("15", email.Text);
        Assert.Contains($"<html lang=\"{language}\">", email.Html);
        Assert.Contains("Acme &amp; Co", email.Html);
        Assert.DoesNotContain("{{", email.Text + email.Html + email.Subject);
    }

    [Theory]
    [InlineData("de", "123456 ist dein Wiederherstellungscode für Acme & Co", "Passwort")]
    [InlineData("fr", "123456 est votre code de récupération Acme & Co", "mot de passe")]
    [InlineData("es", "123456 es tu código de recuperación de Acme & Co", "contraseña")]
    [InlineData("pt-BR", "123456 é seu código de recuperação de Acme & Co", "senha")]
    [InlineData("en", "123456 is your Acme & Co recovery code", "password")]
    public void The_recovery_emails_are_written_in_the_recipients_language_and_never_speak_of_a_password(string language, string subject, string password)
    {
        var templates = new CourierTemplates(Settings(), Texts);
        var values = new Dictionary<string, string>
        {
            ["RecoveryCode"] = "123456", ["BrandName"] = "Acme & Co", ["RecoveryURL"] = "http://localhost:4455/recovery?flow=1&link=x", ["ExpiresInMinutes"] = "15",
        };
        var valid = templates.Render("recovery_code", "valid", values, language);
        Assert.Equal("recovery_code_valid", valid.TemplateType);
        Assert.Equal(subject, valid.Subject);
        Assert.Contains("123456", valid.Text);
        Assert.Contains("http://localhost:4455/recovery?flow=1&link=x", valid.Text);
        Assert.Contains("href=\"http://localhost:4455/recovery?flow=1&amp;link=x\"", valid.Html);
        Assert.Contains("15", valid.Text);
        Assert.Contains($"<html lang=\"{language}\">", valid.Html);

        // To an address without an account: no code and no link, only what happened.
        var invalid = templates.Render("recovery_code", "invalid", values, language);
        Assert.Equal("recovery_code_invalid", invalid.TemplateType);
        Assert.DoesNotContain("123456", invalid.Subject + invalid.Text + invalid.Html);
        Assert.DoesNotContain("link=", invalid.Text + invalid.Html);
        Assert.Contains("Acme & Co", invalid.Subject);

        foreach (var email in new[] { valid, invalid })
        {
            Assert.DoesNotContain("{{", email.Text + email.Html + email.Subject);
            Assert.DoesNotContain(password, email.Subject + email.Text + email.Html, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static PortalSettings Settings() =>
        PortalSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build());

    private static List<string> Placeholders(string text) => Placeholder().Matches(text).Select(m => m.Value).Order().ToList();

    [GeneratedRegex(@"\{[A-Za-z_]+\}")]
    private static partial Regex Placeholder();
}
