using App.Admin;
using App.Configuration;
using static App.Tests.Unit.Configuration.TestConfig;

namespace App.Tests.Unit.Configuration;

/// <summary>serve.admin.api_keys and audit.retention: an exposed admin listener needs keys, keys are hashes, retention is a duration.</summary>
public sealed class AdminConfigTests
{
    private static readonly string Hash = AdminKeyHash.Of(AdminKeyHash.NewKey());

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("10.0.0.5")]
    [InlineData("admin.internal.example.com")]
    [InlineData("")]
    public void An_admin_listener_others_can_reach_is_refused_without_a_key(string host)
    {
        var refused = Refused(Local(), ("serve.admin.host", host));
        var error = ErrorFor(refused, "serve.admin.api_keys");
        Assert.Contains("scripts/admin-key.sh", error.Fix);
        Assert.Contains("serve.admin.host", error.Fix);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.2")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("localhost")]
    public void A_loopback_admin_listener_needs_no_key(string host) =>
        Assert.Empty(Load(Local(), ("serve.admin.host", host)).Options.Serve.Admin.ApiKeys);

    [Fact]
    public void With_a_key_the_admin_listener_may_listen_everywhere()
    {
        var settings = Load(Local(), ("serve.admin.host", "0.0.0.0"), ("serve.admin.api_keys.0.name", "support-tool"), ("serve.admin.api_keys.0.key_hash", Hash));
        var key = Assert.Single(settings.Options.Serve.Admin.ApiKeys);
        Assert.Equal("support-tool", key.Name);
        Assert.Equal(Hash, key.KeyHash);
    }

    [Theory]
    [InlineData("adk_thekeyitselfinsteadofitshash0000000000000")]
    [InlineData("sha256:abc")]
    [InlineData("sha512:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256:zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("")]
    public void A_key_hash_that_is_not_sha256_hex_is_refused(string hash)
    {
        var refused = Refused(Local(), ("serve.admin.api_keys.0.name", "tool"), ("serve.admin.api_keys.0.key_hash", hash));
        Assert.Contains("never put the key itself", ErrorFor(refused, "serve.admin.api_keys.0.key_hash").Fix);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("-leading-dash")]
    [InlineData("semi;colon")]
    public void A_key_name_that_could_not_be_an_actor_is_refused(string name) =>
        ErrorFor(Refused(Local(), ("serve.admin.api_keys.0.name", name), ("serve.admin.api_keys.0.key_hash", Hash)), "serve.admin.api_keys.0.name");

    [Fact]
    public void Two_keys_with_one_name_are_refused_since_the_audit_log_could_not_tell_them_apart() =>
        ErrorFor(Refused(Local(),
            ("serve.admin.api_keys.0.name", "tool"), ("serve.admin.api_keys.0.key_hash", Hash),
            ("serve.admin.api_keys.1.name", "tool"), ("serve.admin.api_keys.1.key_hash", AdminKeyHash.Of(AdminKeyHash.NewKey()))),
            "serve.admin.api_keys.1.name");

    [Theory]
    [InlineData(null, 365 * 24)]
    [InlineData("90d", 90 * 24)]
    [InlineData("720h", 720)]
    [InlineData("30d12h", 30 * 24 + 12)]
    public void Audit_retention_is_a_duration_that_may_use_days(string? value, int hours)
    {
        var settings = value is null ? Load(Local()) : Load(Local(), ("audit.retention", value));
        Assert.Equal(TimeSpan.FromHours(hours), settings.AuditRetention);
    }

    [Theory]
    [InlineData("1y")]
    [InlineData("0d")]
    [InlineData("forever")]
    [InlineData("36501d")]
    public void Audit_retention_that_is_not_a_positive_duration_is_refused(string value) =>
        ErrorFor(Refused(Local(), ("audit.retention", value)), "audit.retention");

    [Fact]
    public void The_hash_is_sha256_of_the_key_and_the_digest_reads_back()
    {
        var key = AdminKeyHash.NewKey();
        Assert.StartsWith("adk_", key);
        Assert.Equal(44, key.Length);
        var hash = AdminKeyHash.Of(key);
        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key))), hash);
        Assert.Equal(Convert.FromHexString(hash["sha256:".Length..]), AdminKeyHash.Digest(hash));
        Assert.Equal(AdminKeyHash.Digest(hash), AdminKeyHash.Digest(hash.ToUpperInvariant().Replace("SHA256:", "sha256:")));
    }
}
