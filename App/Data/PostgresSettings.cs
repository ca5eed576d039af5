using System.Globalization;
using App.Configuration;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

namespace App.Data;

/// <summary>
/// Turns a <c>postgres://user:password@host:5432/database?sslmode=require</c> DSN, as Kratos takes it,
/// into an Npgsql connection string. The user and password are URL-decoded, so a password may hold
/// <c>@</c>, <c>:</c> or <c>/</c> written as <c>%40</c>, <c>%3A</c>, <c>%2F</c>. A query key Npgsql
/// has no meaning for is refused rather than ignored, so a typo never silently weakens TLS.
/// </summary>
public static class PostgresSettings
{
    /// <summary>libpq's names (and Kratos's pool keys) for the Npgsql keywords they stand for.</summary>
    private static readonly Dictionary<string, string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslmode"] = "SSL Mode",
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["connect_timeout"] = "Timeout",
        ["application_name"] = "Application Name",
        ["search_path"] = "Search Path",
        ["target_session_attrs"] = "Target Session Attributes",
        ["options"] = "Options",
        ["max_conns"] = "Maximum Pool Size",
        ["max_conn_lifetime"] = "Connection Lifetime",
        ["max_conn_idle_time"] = "Connection Idle Lifetime",
    };

    /// <summary>Go's pool keeps a number of idle connections; Npgsql prunes idle ones by time (max_conn_idle_time) instead.</summary>
    private static readonly string[] Accepted = ["max_idle_conns"];

    private static readonly string[] DurationKeys = ["max_conn_lifetime", "max_conn_idle_time"];

    /// <summary>The connection string for <paramref name="dsn"/>, which starts with <c>postgres://</c> or <c>postgresql://</c>.</summary>
    public static string ConnectionString(string dsn)
    {
        if (!Uri.TryCreate(dsn, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw Invalid("The PostgreSQL DSN is not a URL with a host.", "Use postgres://user:password@host:5432/database?sslmode=require; escape @, : and / in the password as %40, %3A and %2F.");
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/'))
            throw Invalid("The PostgreSQL DSN names no database.", "End the path with the database's name, such as postgres://user:password@host:5432/identity.");
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
        };
        var (user, password) = UserInfo(uri.UserInfo);
        if (user is not null) builder.Username = user;
        if (password is not null) builder.Password = password;
        foreach (var (key, values) in QueryHelpers.ParseQuery(uri.Query))
            Apply(builder, key, values.ToString());
        return builder.ConnectionString;
    }

    private static void Apply(NpgsqlConnectionStringBuilder builder, string key, string value)
    {
        if (Accepted.Contains(key, StringComparer.OrdinalIgnoreCase)) return;
        if (!Keywords.TryGetValue(key, out var keyword))
            throw Invalid($"The PostgreSQL DSN has '{key}', which this portal does not know.",
                $"Remove it, or use one of: {string.Join(", ", Keywords.Keys.Concat(Accepted))}.");
        if (DurationKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
            value = GoDuration.TryParse(value, out var duration) && duration >= TimeSpan.Zero
                ? ((long)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)
                : throw Invalid($"'{value}' is not a duration for {key}.", $"Use a duration such as {key}=1h.");
        // libpq writes verify-full; Npgsql's enum is VerifyFull.
        if (keyword == "SSL Mode") value = value.Replace("-", "");
        try
        {
            builder[keyword] = value;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw Invalid($"'{value}' is not a value for {key}.", key == "sslmode"
                ? "Use sslmode=disable, allow, prefer, require, verify-ca or verify-full."
                : $"Check the value of {key}.");
        }
    }

    private static (string? User, string? Password) UserInfo(string info)
    {
        if (info.Length == 0) return (null, null);
        var colon = info.IndexOf(':');
        return colon < 0
            ? (Uri.UnescapeDataString(info), null)
            : (Uri.UnescapeDataString(info[..colon]), Uri.UnescapeDataString(info[(colon + 1)..]));
    }

    private static InvalidConfigurationException Invalid(string message, string hint) => new([new ConfigError("dsn", message, hint)]);
}
