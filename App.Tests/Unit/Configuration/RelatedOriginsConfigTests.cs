using App.Configuration;
using static App.Tests.Unit.Configuration.TestConfig;

namespace App.Tests.Unit.Configuration;

/// <summary><c>rp.related_origins</c> is checked at start-up: origins of other sites, https (or localhost), nothing else.</summary>
public sealed class RelatedOriginsConfigTests
{
    private const string Key = RpKey + ".related_origins";

    [Fact]
    public void Other_sites_origins_are_kept_as_origins_and_none_is_the_default()
    {
        Assert.Empty(Load(Production()).RelatedOrigins);
        var settings = Load(Production(), (Key + ".0", "https://shop.example.org"), (Key + ".1", "https://example.co.uk:8443/"));
        Assert.Equal(["https://shop.example.org", "https://example.co.uk:8443"], settings.RelatedOrigins);
    }

    [Theory]
    [InlineData("shop.example.org", "is not an origin")]
    [InlineData("ftp://shop.example.org", "is not an origin")]
    [InlineData("http://shop.example.org", "uses http")]
    [InlineData("https://shop.example.org/login", "has a path")]
    [InlineData("https://shop.example.org?x=1", "has a path")]
    [InlineData("https://example.com", "is on the site of rp.id")]
    [InlineData("https://accounts.example.com", "is on the site of rp.id")]
    public void A_bad_related_origin_stops_the_start_with_its_key(string origin, string problem)
    {
        var refused = Refused(Production(), (Key + ".0", origin));
        Assert.Contains(problem, ErrorFor(refused, Key + ".0").Problem);
    }

    [Fact]
    public void Http_is_allowed_for_localhost_only_when_rp_id_is_another_site()
    {
        var settings = Load(Production(), (Key + ".0", "http://localhost:3000"));
        Assert.Equal(["http://localhost:3000"], settings.RelatedOrigins);
        var refused = Refused(Local(), (Key + ".0", "http://localhost:3000"));
        Assert.Contains("is on the site of rp.id", ErrorFor(refused, Key + ".0").Problem);
    }
}
