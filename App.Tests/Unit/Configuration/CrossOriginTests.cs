using App.Configuration;
using App.Http;

namespace App.Tests.Unit.Configuration;

/// <summary><c>serve.public.cors</c>: which origins match, and which settings the portal refuses.</summary>
public sealed class CrossOriginTests
{
    [Theory]
    [InlineData("https://app.example.com", "https://app.example.com", true)]
    [InlineData("https://app.example.com/", "https://app.example.com", true)]
    [InlineData("https://app.example.com", "https://APP.example.com", true)]
    [InlineData("https://app.example.com", "http://app.example.com", false)]
    [InlineData("https://app.example.com", "https://app.example.com:8443", false)]
    [InlineData("https://*.example.com", "https://a.example.com", true)]
    [InlineData("https://*.example.com", "https://a.b.example.com", true)]
    [InlineData("https://*.example.com", "https://example.com", false)]
    [InlineData("https://*.example.com", "https://evil-example.com", false)]
    [InlineData("https://*.example.com", "https://example.com.evil.net", false)]
    [InlineData("http://localhost:*", "http://localhost:5173", true)]
    [InlineData("https://*.Example.COM", "https://a.example.com", true)]
    public void Origins_match_as_in_Kratos(string pattern, string origin, bool matches) =>
        Assert.Equal(matches, CrossOrigin.Matches(pattern, origin));

    [Fact]
    public void Any_origin_with_cookies_is_refused()
    {
        var options = new PortalOptions();
        options.Serve.Public.Cors.Enabled = true;
        var error = Assert.Single(ConfigValidator.Validate(options));
        Assert.Equal("serve.public.cors.allowed_origins", error.Key);
        options.Serve.Public.Cors.AllowCredentials = false;
        Assert.Empty(ConfigValidator.Validate(options));
    }

    [Theory]
    [InlineData("app.example.com", false)]
    [InlineData("https://app.example.com/path", false)]
    [InlineData("https://*.*.example.com", false)]
    [InlineData("ftp://app.example.com", false)]
    [InlineData("https://App.Example.com", true)]
    [InlineData("HTTPS://app.example.com:8443", true)]
    [InlineData("https://*.Example.com", true)]
    [InlineData("http://localhost:*", true)]
    public void Only_origins_are_accepted_in_any_case_and_with_a_wildcard_port(string origin, bool accepted)
    {
        var options = new PortalOptions();
        options.Serve.Public.Cors.Enabled = true;
        options.Serve.Public.Cors.AllowedOrigins.Add(origin);
        var errors = ConfigValidator.Validate(options);
        if (accepted) Assert.Empty(errors);
        else Assert.Equal("serve.public.cors.allowed_origins.0", Assert.Single(errors).Key);
    }

    [Fact]
    public void Off_by_default_and_unchecked_when_off()
    {
        var options = new PortalOptions();
        Assert.False(options.Serve.Public.Cors.Enabled);
        options.Serve.Public.Cors.AllowedOrigins.Add("not an origin");
        Assert.Empty(ConfigValidator.Validate(options));
    }
}
