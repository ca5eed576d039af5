using App.Configuration;
using Microsoft.Extensions.Configuration;

namespace App.Tests.Unit.Configuration;

/// <summary>
/// Operators override kratos.yml keys with environment variables, '__' standing for the nesting
/// (selfservice__methods__passkey__config__rp__origins__0). The prefix is unique per test so tests
/// running in parallel never see each other's variables.
/// </summary>
public sealed class EnvironmentOverrideTests : IDisposable
{
    private readonly string prefix = "PORTALTEST_" + Guid.NewGuid().ToString("N") + "_";
    private readonly List<string> set = [];

    private void Set(string name, string value)
    {
        Environment.SetEnvironmentVariable(prefix + name, value);
        set.Add(prefix + name);
    }

    private IConfiguration Build() => new ConfigurationBuilder()
        .AddInMemoryCollection(TestConfig.Build(TestConfig.Local()).AsEnumerable())
        .AddEnvironmentVariables(prefix)
        .Build();

    [Fact]
    public void Environment_variables_override_the_file_settings()
    {
        Set("serve__public__base_url", "https://login.example.com/");
        Set("selfservice__methods__passkey__config__rp__id", "example.com");
        Set("selfservice__methods__passkey__config__rp__origins__0", "https://login.example.com");
        Set("selfservice__methods__passkey__config__rp__origins__1", "https://accounts.example.com");
        Set("serve__admin__base_url", "https://admin.example.com/");
        Set("session__lifespan", "2h");

        var settings = PortalSettings.Load(Build());

        Assert.Equal("example.com", settings.RpId);
        Assert.Equal(["https://login.example.com", "https://accounts.example.com"], settings.Origins);
        Assert.Equal(new Uri("https://login.example.com/"), settings.PublicBaseUrl);
        Assert.Equal(TimeSpan.FromHours(2), settings.SessionLifespan);
    }

    [Fact]
    public void A_bad_value_from_the_environment_is_reported_with_its_key()
    {
        Set("selfservice__methods__passkey__config__rp__origins__0", "http://localhost:4455/login");

        var refused = Assert.Throws<InvalidConfigurationException>(() => PortalSettings.Load(Build()));

        Assert.Equal("selfservice.methods.passkey.config.rp.origins.0", Assert.Single(refused.Errors).Key);
    }

    [Fact]
    public void A_non_numeric_port_from_the_environment_is_reported_with_its_key()
    {
        Set("serve__admin__port", "admin");

        var refused = Assert.Throws<InvalidConfigurationException>(() => PortalSettings.Load(Build()));

        Assert.Equal("serve.admin.port", Assert.Single(refused.Errors).Key);
    }

    public void Dispose()
    {
        foreach (var name in set) Environment.SetEnvironmentVariable(name, null);
    }
}
