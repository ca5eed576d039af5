using App.Configuration;
using static App.Tests.Unit.Configuration.TestConfig;

namespace App.Tests.Unit.Configuration;

/// <summary>rp.id and origins are checked at start-up (WebAuthn §5.1.4.1, https://www.w3.org/TR/webauthn-3/#rp-id).</summary>
public sealed class RelyingPartyConfigTests
{
    private const string IdKey = RpKey + ".id";
    private const string OriginKey = RpKey + ".origins.0";

    [Fact]
    public void Registrable_suffix_of_the_origin_is_accepted()
    {
        var settings = Load(Production());

        Assert.Equal("example.com", settings.RpId);
        Assert.Equal(["https://login.example.com"], settings.Origins);
    }

    [Fact]
    public void Origin_host_itself_is_accepted()
    {
        var settings = Load(Production(), (IdKey, "login.example.com"));

        Assert.Equal("login.example.com", settings.RpId);
    }

    [Fact]
    public void Every_origin_must_match_the_rp_id()
    {
        var settings = Load(Production(), (RpKey + ".origins.1", "https://accounts.example.com"));
        Assert.Equal(["https://login.example.com", "https://accounts.example.com"], settings.Origins);

        var refused = Refused(Production(), (RpKey + ".origins.1", "https://accounts.example.org"));
        var error = ErrorFor(refused, IdKey);
        Assert.Contains("https://accounts.example.org", error.Problem);
        Assert.Contains("accounts.example.org", error.Fix);
    }

    [Theory]
    [InlineData("other.com")]
    [InlineData("xample.com")] // a suffix of the string but not of the domain
    [InlineData("www.login.example.com")] // a subdomain of the origin, not a suffix of it
    public void Rp_id_that_is_neither_host_nor_suffix_is_refused(string rpId)
    {
        var refused = Refused(Production(), (IdKey, rpId));

        var error = ErrorFor(refused, IdKey);
        Assert.Contains($"'{rpId}' is neither the host", error.Problem);
        Assert.Contains("Set " + IdKey + " to 'login.example.com' or to a parent domain", error.Fix);
    }

    [Fact]
    public void Rp_id_is_checked_against_the_base_url_when_no_origins_are_listed()
    {
        var settings = Load(Production(), (OriginKey, null));
        Assert.Equal(["https://login.example.com"], settings.Origins);

        var refused = Refused(Production(), (OriginKey, null), (IdKey, "example.org"));
        Assert.Contains("login.example.com", ErrorFor(refused, IdKey).Fix);
    }

    [Theory]
    [InlineData("https://login.example.com/login", "https://login.example.com")]
    [InlineData("https://login.example.com/", null)]
    [InlineData("https://login.example.com?x=1", "https://login.example.com")]
    [InlineData("https://login.example.com#top", "https://login.example.com")]
    [InlineData("https://login.example.com:8443/auth/", "https://login.example.com:8443")]
    public void Origin_with_a_path_is_refused(string origin, string? fixedOrigin)
    {
        if (fixedOrigin is null)
        {
            Assert.Equal(["https://login.example.com"], Load(Production(), (OriginKey, origin)).Origins);
            return;
        }
        var refused = Refused(Production(), (OriginKey, origin));

        var error = ErrorFor(refused, OriginKey);
        Assert.Contains("only scheme://host[:port]", error.Problem);
        Assert.Equal($"Remove the path: {fixedOrigin}.", error.Fix);
    }

    [Fact]
    public void Origin_with_an_explicit_default_port_is_accepted_and_normalised()
    {
        // Browsers serialise https://login.example.com:443 as https://login.example.com (WHATWG URL §4.5).
        var settings = Load(Production(), (OriginKey, "https://login.example.com:443"));

        Assert.Equal(["https://login.example.com"], settings.Origins);
    }

    [Theory]
    [InlineData("login.example.com")]
    [InlineData("ftp://login.example.com")]
    [InlineData("")]
    public void Origin_that_is_not_an_http_url_is_refused(string origin)
    {
        var refused = Refused(Production(), (OriginKey, origin));

        Assert.Contains("https://login.example.com", ErrorFor(refused, OriginKey).Fix);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.7")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("2001:db8::1")]
    public void Rp_id_that_is_an_ip_address_is_refused(string rpId)
    {
        var refused = Refused(Local(), (IdKey, rpId), (OriginKey, "http://localhost:4455"));

        var error = ErrorFor(refused, IdKey);
        Assert.Contains("IP address", error.Problem);
        Assert.Contains("localhost", error.Fix);
        Assert.Contains("domain", error.Fix);
    }

    [Fact]
    public void Origin_on_an_ip_address_does_not_match_localhost()
    {
        var refused = Refused(Local(), (OriginKey, "http://127.0.0.1:4455"));

        Assert.Contains("'127.0.0.1'", ErrorFor(refused, IdKey).Fix);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Passkeys_enabled_without_rp_id_is_refused(string rpId)
    {
        var refused = Refused(Production(), (IdKey, rpId));

        var error = ErrorFor(refused, IdKey);
        Assert.Contains("no RP ID", error.Problem);
        Assert.Contains("Set " + IdKey + " to the domain", error.Fix);
        Assert.Contains("selfservice.methods.passkey.enabled to false", error.Fix);
    }

    [Fact]
    public void Rp_id_is_not_needed_when_passkeys_are_disabled()
    {
        var settings = Load(Production(), (IdKey, ""), ("selfservice.methods.passkey.enabled", "false"));

        Assert.False(settings.PasskeysEnabled);
    }

    [Theory]
    [InlineData("com", "https://example.com")]
    [InlineData("co.uk", "https://shop.example.co.uk")]
    [InlineData("github.io", "https://someone.github.io")]
    [InlineData("localhost", "http://app.localhost:4455")]
    public void Public_suffix_as_rp_id_is_refused(string rpId, string origin)
    {
        var refused = Refused(Production(), (IdKey, rpId), (OriginKey, origin), ("serve.public.base_url", origin + "/"));

        var error = ErrorFor(refused, IdKey);
        Assert.Contains($"'{rpId}' is neither the host", error.Problem);
        Assert.Contains($"'{new Uri(origin).Host}'", error.Fix);
    }

    [Fact]
    public void Registrable_domain_under_a_two_label_public_suffix_is_accepted()
    {
        var settings = Load(Production(), (IdKey, "example.co.uk"), (OriginKey, "https://login.example.co.uk"),
            ("serve.public.base_url", "https://login.example.co.uk/"), ("serve.admin.base_url", "https://admin.example.co.uk/"));

        Assert.Equal("example.co.uk", settings.RpId);
    }

    [Theory]
    [InlineData("Example.com")]
    [InlineData("https://example.com")]
    [InlineData("example.com:443")]
    [InlineData("example.com/")]
    public void Rp_id_that_is_not_a_bare_domain_is_refused(string rpId)
    {
        var refused = Refused(Production(), (IdKey, rpId));

        var error = ErrorFor(refused, IdKey);
        Assert.Contains("bare lower-case domain", error.Problem);
        Assert.Contains("without scheme, port or path", error.Fix);
    }

    [Theory]
    [InlineData("http://login.example.com")]
    [InlineData("http://localhost.example.com")]
    [InlineData("http://192.168.1.10:4455")]
    public void Http_origin_on_a_host_other_than_localhost_is_refused(string origin)
    {
        var refused = Refused(Production(), (OriginKey, origin));

        var error = Assert.Single(refused.Errors, e => e.Key == OriginKey);
        Assert.Contains("uses http; browsers allow passkeys only on https or localhost", error.Problem);
        Assert.Equal("Serve the portal over https.", error.Fix);
        Assert.Contains(OriginKey, refused.Message);
    }

    [Fact]
    public void Http_base_url_on_a_public_host_is_refused_when_it_is_the_origin()
    {
        var refused = Refused(Production(), (OriginKey, null), ("serve.public.base_url", "http://login.example.com/"));

        var error = ErrorFor(refused, "serve.public.base_url");
        Assert.Contains("uses http", error.Problem);
        Assert.Equal("Serve the portal over https.", error.Fix);
    }

    [Theory]
    [InlineData("localhost", "http://localhost:4455")]
    [InlineData("app.localhost", "http://app.localhost:8080")]
    public void Http_origin_on_localhost_is_accepted(string rpId, string origin)
    {
        var settings = Load(Local(), (IdKey, rpId), (OriginKey, origin), ("serve.admin.base_url", $"http://{rpId}:4434/"));

        Assert.Equal([origin], settings.Origins);
    }

    [Fact]
    public void All_mistakes_are_reported_together()
    {
        var refused = Refused(Production(), (OriginKey, "http://login.example.com/login"), ("dsn", "mysql://db/identity"));

        Assert.Equal(["dsn", OriginKey, OriginKey], refused.Errors.Select(e => e.Key).Order());
    }
}
