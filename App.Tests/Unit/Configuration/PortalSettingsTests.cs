using App.Configuration;
using Microsoft.Extensions.Configuration;
using static App.Tests.Unit.Configuration.TestConfig;

namespace App.Tests.Unit.Configuration;

public sealed class PortalSettingsTests
{
    [Fact]
    public void Defaults_serve_localhost_4455_with_passkeys_bound_to_localhost()
    {
        var settings = PortalSettings.Load(new ConfigurationBuilder().Build());

        Assert.Equal(new Uri("http://localhost:4455/"), settings.PublicBaseUrl);
        Assert.True(settings.PasskeysEnabled);
        Assert.Equal("localhost", settings.RpId);
        Assert.Equal(["http://localhost:4455"], settings.Origins);
        Assert.Equal(new Uri("http://localhost:4455/welcome"), settings.DefaultReturnUrl);
        Assert.Equal(TimeSpan.FromHours(1), settings.LoginLifespan);
        Assert.Equal(TimeSpan.FromHours(1), settings.RegistrationLifespan);
        Assert.Equal(TimeSpan.FromHours(24), settings.SessionLifespan);
        Assert.Equal("ory_kratos_session", settings.SessionCookieName);
        Assert.False(settings.SecureCookies);
    }

    [Fact]
    public void Default_options_validate_without_errors()
    {
        Assert.Empty(ConfigValidator.Validate(new PortalOptions()));
    }

    [Fact]
    public void Kratos_keys_bind_to_the_options()
    {
        var settings = Load(Production(),
            ("selfservice.methods.passkey.config.rp.display_name", "Example Inc."),
            ("selfservice.flows.login.lifespan", "15m"),
            ("selfservice.flows.registration.lifespan", "1h30m"),
            ("session.lifespan", "720h"),
            ("session.cookie.name", "example_session"),
            ("session.cookie.same_site", "Strict"),
            ("serve.admin.port", "9434"));

        Assert.Equal("Example Inc.", settings.RpDisplayName);
        Assert.Equal(TimeSpan.FromMinutes(15), settings.LoginLifespan);
        Assert.Equal(TimeSpan.FromMinutes(90), settings.RegistrationLifespan);
        Assert.Equal(TimeSpan.FromDays(30), settings.SessionLifespan);
        Assert.Equal("example_session", settings.SessionCookieName);
        Assert.Equal("Strict", settings.Options.Session.Cookie.SameSite);
        Assert.Equal(9434, settings.Options.Serve.Admin.Port);
        Assert.True(settings.SecureCookies);
        Assert.Equal([new Uri("https://app.example.com/dashboard/")], settings.AllowedReturnUrls);
    }

    [Fact]
    public void Base_url_without_trailing_slash_resolves_paths_under_it()
    {
        var settings = Load(Production(), ("serve.public.base_url", "https://example.com/auth"),
            ("selfservice.methods.passkey.config.rp.origins.0", "https://example.com"));

        Assert.Equal("https://example.com/auth/login", settings.PublicUrl("/login"));
    }

    [Fact]
    public void Csrf_cookie_name_depends_on_the_public_url()
    {
        var local = Load(Local());
        var production = Load(Production());

        Assert.StartsWith("csrf_token_", local.CsrfCookieName);
        Assert.NotEqual(local.CsrfCookieName, production.CsrfCookieName);
        Assert.Equal(local.CsrfCookieName, Load(Local()).CsrfCookieName);
    }

    [Theory]
    [InlineData("mysql://user:pass@db/identity")]
    [InlineData("memory")]
    [InlineData("data/identity.db")]
    [InlineData("sqlite:data/identity.db")]
    public void Unknown_dsn_scheme_is_refused(string dsn)
    {
        var refused = Refused(Local(), ("dsn", dsn));

        var error = ErrorFor(refused, "dsn");
        Assert.Contains("unknown scheme", error.Problem);
        Assert.Contains("sqlite://", error.Fix);
        Assert.Contains("postgres://", error.Fix);
    }

    [Theory]
    [InlineData("sqlite://data/identity.db")]
    [InlineData("SQLite:///var/lib/identity.db")]
    [InlineData("postgres://u:p@db:5432/identity")]
    [InlineData("postgresql://u:p@db/identity?sslmode=require")]
    public void Known_dsn_schemes_are_accepted(string dsn)
    {
        Assert.Equal(dsn, Load(Local(), ("dsn", dsn)).Options.Dsn);
    }

    [Fact]
    public void Empty_sqlite_path_is_refused()
    {
        var error = ErrorFor(Refused(Local(), ("dsn", "sqlite://")), "dsn");

        Assert.Contains("sqlite://data/identity.db", error.Fix);
    }

    [Theory]
    [InlineData("selfservice.flows.login.lifespan", "1d")]
    [InlineData("selfservice.flows.login.lifespan", "0s")]
    [InlineData("selfservice.flows.registration.lifespan", "-1h")]
    [InlineData("selfservice.flows.registration.lifespan", "one hour")]
    [InlineData("session.lifespan", "24")]
    [InlineData("session.lifespan", "1h 30m")]
    public void Bad_durations_are_refused(string key, string value)
    {
        var error = ErrorFor(Refused(Local(), (key, value)), key);

        Assert.Contains($"'{value}' is not a positive duration", error.Problem);
        Assert.Contains("1h, 30m or 90s", error.Fix);
    }

    [Theory]
    [InlineData("serve.public.port", "http")]
    [InlineData("serve.admin.port", "4434a")]
    [InlineData("serve.admin.port", "99999999999")]
    public void Non_numeric_port_is_reported_with_its_key(string key, string value)
    {
        var refused = Refused(Local(), (key, value));

        var error = Assert.Single(refused.Errors);
        Assert.Equal(key, error.Key);
        Assert.Contains(value, error.Problem);
        Assert.Contains("a number", error.Fix);
        Assert.StartsWith("Invalid configuration:", refused.Message);
        Assert.Contains(key, refused.Message);
    }

    [Fact]
    public void Non_boolean_switch_is_reported_with_its_key()
    {
        var refused = Refused(Local(), ("selfservice.methods.passkey.enabled", "yes please"));

        Assert.Equal("selfservice.methods.passkey.enabled", Assert.Single(refused.Errors).Key);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    public void Admin_port_out_of_range_is_refused(string port)
    {
        var error = ErrorFor(Refused(Local(), ("serve.admin.port", port)), "serve.admin.port");

        Assert.Contains("between 1 and 65535", error.Fix);
    }

    [Theory]
    [InlineData("serve.public.base_url", "localhost:4455")]
    [InlineData("serve.public.base_url", "/login")]
    [InlineData("selfservice.default_browser_return_url", "ftp://localhost/")]
    [InlineData("selfservice.allowed_return_urls.0", "app.example.com")]
    [InlineData("selfservice.allowed_return_urls.0", "javascript://localhost/")]
    [InlineData("selfservice.allowed_return_urls.0", "data://localhost/")]
    [InlineData("selfservice.allowed_return_urls.0", "com.example.app:callback")]
    public void Relative_or_non_http_urls_are_refused(string key, string value)
    {
        var error = ErrorFor(Refused(Local(), (key, value)), key);

        Assert.Contains("absolute http(s) URL", error.Problem);
        Assert.Contains("http://localhost:4455/", error.Fix);
    }

    [Theory]
    [InlineData("session.cookie.name", "my session")]
    [InlineData("session.cookie.name", "a;b")]
    [InlineData("session.cookie.same_site", "lax")]
    [InlineData("session.cookie.same_site", "Sometimes")]
    public void Bad_cookie_settings_are_refused(string key, string value)
    {
        var error = ErrorFor(Refused(Local(), (key, value)), key);

        Assert.NotEmpty(error.Fix);
    }

    [Fact]
    public void Default_schema_id_must_name_a_schema()
    {
        var refused = Refused(Local(), ("identity.schemas.0.id", "customer"), ("identity.schemas.0.url", "file://customer.json"));

        Assert.Contains("identity.schemas", ErrorFor(refused, "identity.default_schema_id").Fix);
        Load(Local(), ("identity.schemas.0.id", "customer"), ("identity.schemas.0.url", "file://customer.json"),
            ("identity.default_schema_id", "customer"));
    }

    [Fact]
    public void From_validates_options_built_in_code()
    {
        var options = new PortalOptions { Dsn = "oracle://db" };
        options.SelfService.Methods.Passkey.Config.Rp.Id = "127.0.0.1";

        var refused = Assert.Throws<InvalidConfigurationException>(() => PortalSettings.From(options));

        Assert.Equal(["dsn", RpKey + ".id"], refused.Errors.Select(e => e.Key));
    }
}
