using App.Configuration;
using App.Data;
using Npgsql;

namespace App.Tests.Unit.Data;

/// <summary>A postgres:// DSN, as Kratos takes it, becomes the Npgsql connection string it stands for; anything unclear is refused.</summary>
public sealed class PostgresDsnTests
{
    private static NpgsqlConnectionStringBuilder Parse(string dsn) => new(PostgresSettings.ConnectionString(dsn));

    [Fact]
    public void User_password_host_port_and_database_are_read()
    {
        var parsed = Parse("postgres://kratos:secret@db.internal:6432/identity?sslmode=require");
        Assert.Equal("kratos", parsed.Username);
        Assert.Equal("secret", parsed.Password);
        Assert.Equal("db.internal", parsed.Host);
        Assert.Equal(6432, parsed.Port);
        Assert.Equal("identity", parsed.Database);
        Assert.Equal(SslMode.Require, parsed.SslMode);
    }

    [Fact]
    public void The_port_defaults_to_5432_and_postgresql_is_the_same_scheme()
    {
        var parsed = Parse("postgresql://kratos@localhost/identity");
        Assert.Equal(5432, parsed.Port);
        Assert.Equal("kratos", parsed.Username);
        Assert.Null(parsed.Password);
    }

    [Fact]
    public void A_password_with_escaped_characters_is_decoded()
    {
        var parsed = Parse("postgres://kratos:p%40ss%3Aw%2Fo%25rd%20x@localhost:5432/identity");
        Assert.Equal("p@ss:w/o%rd x", parsed.Password);
    }

    [Theory]
    [InlineData("verify-full", SslMode.VerifyFull)]
    [InlineData("verify-ca", SslMode.VerifyCA)]
    [InlineData("disable", SslMode.Disable)]
    [InlineData("prefer", SslMode.Prefer)]
    public void Libpq_ssl_modes_map_to_npgsql(string mode, SslMode expected) =>
        Assert.Equal(expected, Parse($"postgres://u:p@h/db?sslmode={mode}").SslMode);

    [Fact]
    public void Known_query_keys_map_to_npgsql_keywords()
    {
        var parsed = Parse("postgres://u:p@h/db?connect_timeout=7&application_name=portal&max_conns=40&max_conn_lifetime=1h&max_conn_idle_time=90s&max_idle_conns=4&search_path=identity");
        Assert.Equal(7, parsed.Timeout);
        Assert.Equal("portal", parsed.ApplicationName);
        Assert.Equal(40, parsed.MaxPoolSize);
        Assert.Equal(3600, parsed.ConnectionLifetime);
        Assert.Equal(90, parsed.ConnectionIdleLifetime);
        Assert.Equal("identity", parsed.SearchPath);
    }

    [Fact]
    public void An_unknown_query_key_is_refused_by_name()
    {
        var refused = Assert.Throws<InvalidConfigurationException>(() => PostgresSettings.ConnectionString("postgres://u:p@h/db?sslmod=require"));
        var error = Assert.Single(refused.Errors);
        Assert.Equal("dsn", error.Key);
        Assert.Contains("'sslmod'", error.Problem);
    }

    [Theory]
    [InlineData("postgres://u:p@h")]
    [InlineData("postgres://u:p@h/")]
    [InlineData("postgres://u:p@h:5432/?sslmode=disable")]
    public void A_missing_database_is_refused(string dsn)
    {
        var refused = Assert.Throws<InvalidConfigurationException>(() => PostgresSettings.ConnectionString(dsn));
        Assert.Contains("no database", Assert.Single(refused.Errors).Problem);
    }

    [Theory]
    [InlineData("postgres://u:p@h/db?sslmode=sometimes")]
    [InlineData("postgres://u:p@h/db?max_conn_lifetime=forever")]
    [InlineData("postgres://u:p@h/db?max_conns=many")]
    [InlineData("postgres:///db")]
    public void A_bad_value_is_refused_as_configuration(string dsn) =>
        Assert.Single(Assert.Throws<InvalidConfigurationException>(() => PostgresSettings.ConnectionString(dsn)).Errors);
}
