using App.Configuration;
using Microsoft.Extensions.Configuration;

namespace App.Tests.Unit.Configuration;

/// <summary>The appsettings.json shipped at the repository root starts the portal as it is.</summary>
public sealed class AppSettingsFileTests
{
    private static string RepositoryFile(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Identity.sln")) && File.Exists(Path.Combine(dir.FullName, name)))
                return Path.Combine(dir.FullName, name);
        throw new FileNotFoundException($"No {name} beside Identity.sln above {AppContext.BaseDirectory}.");
    }

    [Fact]
    public void Shipped_appsettings_binds_and_validates()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepositoryFile("appsettings.json"), optional: false).Build();

        var settings = PortalSettings.Load(configuration);

        Assert.Equal(new Uri("http://localhost:4455/"), settings.PublicBaseUrl);
        Assert.True(settings.PasskeysEnabled);
        Assert.Equal("localhost", settings.RpId);
        Assert.Equal(["http://localhost:4455"], settings.Origins);
        Assert.Equal("Identity", settings.RpDisplayName);
        Assert.Equal(TimeSpan.FromHours(1), settings.LoginLifespan);
        Assert.Equal(TimeSpan.FromHours(24), settings.SessionLifespan);
        Assert.Equal("ory_kratos_session", settings.SessionCookieName);
        Assert.Equal([new Uri("http://localhost:4455/")], settings.AllowedReturnUrls);
        Assert.Equal(4434, settings.Options.Serve.Admin.Port);
        Assert.Empty(settings.Options.Serve.Admin.ApiKeys);
        Assert.Equal(TimeSpan.FromDays(365), settings.AuditRetention);
        Assert.Equal("sqlite://data/identity.db", settings.Options.Dsn);
    }

    [Fact]
    public void Environment_overrides_the_shipped_file()
    {
        var prefix = "PORTALTEST_" + Guid.NewGuid().ToString("N") + "_";
        var name = prefix + "selfservice__methods__passkey__config__rp__origins__0";
        Environment.SetEnvironmentVariable(name, "http://localhost:4455/path");
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(RepositoryFile("appsettings.json"), optional: false)
                .AddEnvironmentVariables(prefix)
                .Build();

            var refused = Assert.Throws<InvalidConfigurationException>(() => PortalSettings.Load(configuration));

            Assert.Equal("selfservice.methods.passkey.config.rp.origins.0", Assert.Single(refused.Errors).Key);
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
