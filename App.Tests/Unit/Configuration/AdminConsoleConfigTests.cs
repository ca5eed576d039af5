using App.Configuration;
using static App.Tests.Unit.Configuration.TestConfig;

namespace App.Tests.Unit.Configuration;

/// <summary>
/// The admin console signs in with passkeys on the admin listener's own origin (serve.admin.base_url,
/// http://localhost:&lt;serve.admin.port&gt; by default). rp.id must cover it, and it is the console's alone.
/// </summary>
public sealed class AdminConsoleConfigTests
{
    private const string BaseUrlKey = "serve.admin.base_url";

    [Fact]
    public void By_default_the_console_signs_in_on_localhost_at_the_admin_port()
    {
        Assert.Equal("http://localhost:4434", Load(Local()).ConsoleOrigin);
        Assert.Equal("http://localhost:9000", Load(Local(), ("serve.admin.port", "9000")).ConsoleOrigin);
        Assert.True(Load(Local()).ConsoleEnabled);
        Assert.False(Load(Local()).SecureConsoleCookies);
    }

    [Fact]
    public void An_rp_id_that_does_not_cover_the_console_origin_stops_the_portal_naming_the_keys()
    {
        var refused = Refused(Production(), (BaseUrlKey, null), Wanted);

        var error = ErrorFor(refused, BaseUrlKey);
        Assert.Contains("http://localhost:4434/", error.Problem);
        Assert.Contains("selfservice.methods.passkey.config.rp.id 'example.com' does not cover", error.Problem);
        Assert.Contains("https://admin.example.com/", error.Fix);
        Assert.Contains("admin.console.enabled to false", error.Fix);
    }

    /// <summary>A console asked for by name: one it cannot sign in on is a start-up error.</summary>
    private static readonly (string, string?) Wanted = ("admin.console.enabled", "true");

    [Theory]
    [InlineData(null)]
    [InlineData("http://127.0.0.1:4434/")]
    [InlineData("https://login.example.com/")]
    public void Left_unset_a_console_that_cannot_sign_in_is_off_and_a_configuration_written_for_kratos_still_starts(string? baseUrl)
    {
        var settings = Load(Production(), (BaseUrlKey, baseUrl));

        Assert.False(settings.ConsoleEnabled);
        Assert.NotEmpty(settings.ConsoleProblems);
        Assert.True(Load(Production(), (BaseUrlKey, "https://admin.example.com/")).ConsoleEnabled);
    }

    [Fact]
    public void An_address_under_the_rp_id_is_accepted_and_makes_the_console_cookies_secure()
    {
        var settings = Load(Production(), (BaseUrlKey, "https://admin.example.com/"));

        Assert.Equal("https://admin.example.com", settings.ConsoleOrigin);
        Assert.True(settings.SecureConsoleCookies);
        Assert.Equal(["https://login.example.com"], settings.Origins);
    }

    [Fact]
    public void A_disabled_console_needs_no_origin()
    {
        var settings = Load(Production(), (BaseUrlKey, null), ("admin.console.enabled", "false"));

        Assert.False(settings.ConsoleEnabled);
    }

    [Fact]
    public void Without_passkeys_there_is_no_console()
    {
        var settings = Load(Production(), (BaseUrlKey, null), ("selfservice.methods.passkey.enabled", "false"));

        Assert.False(settings.ConsoleEnabled);
    }

    [Theory]
    [InlineData("http://127.0.0.1:4434/", "an IP address")]
    [InlineData("http://admin.example.com/", "uses http")]
    [InlineData("admin.example.com", "not an absolute http(s) URL")]
    [InlineData("ftp://admin.example.com/", "not an absolute http(s) URL")]
    public void A_console_address_passkeys_cannot_use_is_refused(string baseUrl, string problem)
    {
        var refused = Refused(Production(), (BaseUrlKey, baseUrl), Wanted);

        Assert.Contains(problem, ErrorFor(refused, BaseUrlKey).Problem);
    }

    [Fact]
    public void The_console_origin_is_never_a_public_origin()
    {
        var refused = Refused(Production(), (BaseUrlKey, "https://login.example.com/"), Wanted);

        var error = ErrorFor(refused, RpKey + ".origins");
        Assert.Contains("accepted for console sign-ins only", error.Problem);
        Assert.Contains(BaseUrlKey, error.Fix);
    }

    [Fact]
    public void Listed_administrators_are_email_addresses()
    {
        Load(Local(), ("admin.console.identities.0", "ops@example.com"), ("admin.console.identities.1", " Lead@Example.com "));

        var refused = Refused(Local(), ("admin.console.identities.0", "ops@example.com"), ("admin.console.identities.1", "ops"));

        Assert.Contains("'ops' is not an email address", ErrorFor(refused, "admin.console.identities.1").Problem);
    }
}
