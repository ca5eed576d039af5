using App.Configuration;
using static App.Tests.Unit.Configuration.TestConfig;

namespace App.Tests.Unit.Configuration;

/// <summary>ui.theme, ui.brand_name, ui.logo_url and ui.support_url: defaults, and refusals that say what to write.</summary>
public sealed class UiConfigTests
{
    [Fact]
    public void By_default_the_default_theme_its_logo_and_the_relying_partys_name_are_used()
    {
        var settings = Load(Local());
        Assert.Equal("default", settings.Theme);
        Assert.Equal("/themes/default/logo.svg", settings.LogoUrl);
        Assert.Equal(settings.RpDisplayName, settings.BrandName);
    }

    [Fact]
    public void The_brand_and_logo_can_be_set_apart_from_the_theme()
    {
        var settings = Load(Local(), ("ui.theme", "harbour"), ("ui.brand_name", "Acme"), ("ui.logo_url", "https://cdn.example.com/acme.svg"));
        Assert.Equal("harbour", settings.Theme);
        Assert.Equal("Acme", settings.BrandName);
        Assert.Equal("https://cdn.example.com/acme.svg", settings.LogoUrl);
    }

    [Theory]
    [InlineData("ui.theme", "../etc")]
    [InlineData("ui.theme", "Harbour")]
    [InlineData("ui.theme", "")]
    [InlineData("ui.logo_url", "javascript:alert(1)")]
    [InlineData("ui.logo_url", "//evil.example/logo.svg")]
    [InlineData("ui.support_url", "ftp://help.example.com/")]
    [InlineData("ui.support_url", "help")]
    public void A_bad_value_stops_start_up_naming_the_key(string key, string value)
    {
        var error = ErrorFor(Refused(Local(), (key, value)), key);
        Assert.False(string.IsNullOrWhiteSpace(error.Fix));
    }

    [Theory]
    [InlineData("ui.logo_url", "/brand/logo.png")]
    [InlineData("ui.support_url", "https://help.example.com/contact")]
    public void A_page_address_or_a_path_of_this_site_is_accepted(string key, string value) =>
        Assert.Equal(value, key == "ui.logo_url" ? Load(Local(), (key, value)).LogoUrl : Load(Local(), (key, value)).Options.Ui.SupportUrl);
}
