using App.Configuration;
using Microsoft.Extensions.Configuration;

namespace App.Tests.Unit.Configuration;

/// <summary>
/// Builds configurations the way an operator writes them: Kratos keys, dotted here and colon-separated
/// for <see cref="IConfiguration"/>. An override with a null value removes the key.
/// </summary>
internal static class TestConfig
{
    public const string RpKey = "selfservice.methods.passkey.config.rp";

    /// <summary>A valid local setup, like the shipped appsettings.json.</summary>
    public static Dictionary<string, string?> Local() => new()
    {
        ["dsn"] = "sqlite://data/identity.db",
        ["serve.public.base_url"] = "http://localhost:4455/",
        ["selfservice.default_browser_return_url"] = "http://localhost:4455/welcome",
        ["selfservice.allowed_return_urls.0"] = "http://localhost:4455/",
        [RpKey + ".id"] = "localhost",
        [RpKey + ".origins.0"] = "http://localhost:4455",
    };

    /// <summary>A valid production setup: pages on login.example.com, passkeys bound to example.com.</summary>
    public static Dictionary<string, string?> Production() => new()
    {
        ["dsn"] = "postgres://identity:secret@db:5432/identity",
        ["serve.public.base_url"] = "https://login.example.com/",
        ["selfservice.default_browser_return_url"] = "https://app.example.com/",
        ["selfservice.allowed_return_urls.0"] = "https://app.example.com/dashboard/",
        [RpKey + ".id"] = "example.com",
        [RpKey + ".origins.0"] = "https://login.example.com",
        // The admin console signs in on the admin listener's address, which rp.id must cover too.
        ["serve.admin.base_url"] = "https://admin.login.example.com/",
    };

    public static IConfiguration Build(Dictionary<string, string?> values, params (string Key, string? Value)[] overrides)
    {
        var merged = new Dictionary<string, string?>(values);
        foreach (var (key, value) in overrides)
        {
            if (value is null) merged.Remove(key); else merged[key] = value;
        }
        return new ConfigurationBuilder()
            .AddInMemoryCollection(merged.Select(p => KeyValuePair.Create(p.Key.Replace('.', ':'), p.Value)))
            .Build();
    }

    public static PortalSettings Load(Dictionary<string, string?> values, params (string Key, string? Value)[] overrides) =>
        PortalSettings.Load(Build(values, overrides));

    /// <summary>The errors a configuration is refused with; fails the test when it is accepted.</summary>
    public static InvalidConfigurationException Refused(Dictionary<string, string?> values, params (string Key, string? Value)[] overrides) =>
        Assert.Throws<InvalidConfigurationException>(() => Load(values, overrides));

    /// <summary>The one error reported for <paramref name="key"/>; its key is also in the exception's message.</summary>
    public static ConfigError ErrorFor(InvalidConfigurationException refused, string key)
    {
        var error = Assert.Single(refused.Errors, e => e.Key == key);
        Assert.Contains(key, refused.Message);
        Assert.Contains(error.Fix, refused.Message);
        return error;
    }
}
