using App.Configuration;
using Microsoft.AspNetCore.WebUtilities;

namespace App.Data;

/// <summary>
/// The SQLite options a <c>dsn</c> may carry in its query, named as Kratos's SQLite driver names
/// them (<c>sqlite://data/identity.db?_synchronous=FULL&amp;_busy_timeout=5000</c>).
/// </summary>
/// <param name="Synchronous">
/// <c>NORMAL</c> by default. In WAL mode it survives a crash of the process without losing a
/// committed transaction, and it never corrupts the file; what it gives up is the transactions
/// committed in the last moments before a power loss or an operating-system crash, because the WAL
/// is synced at checkpoints instead of at every commit. <c>FULL</c> syncs every commit (one
/// <c>fsync</c> per write transaction) and loses nothing on power loss either.
/// </param>
/// <param name="BusyTimeoutMs">How long a writer waits for the write lock inside SQLite before it gives up.</param>
public sealed record SqliteSettings(string File, string Synchronous, int BusyTimeoutMs)
{
    private static readonly string[] SynchronousModes = ["OFF", "NORMAL", "FULL", "EXTRA"];

    public static SqliteSettings Parse(string pathAndQuery)
    {
        var query = pathAndQuery.IndexOf('?');
        var file = query >= 0 ? pathAndQuery[..query] : pathAndQuery;
        var options = query >= 0 ? QueryHelpers.ParseQuery(pathAndQuery[query..]) : [];
        var synchronous = (First(options, "_synchronous", "_sync") ?? "NORMAL").ToUpperInvariant();
        if (!SynchronousModes.Contains(synchronous))
            throw Invalid($"'{synchronous}' is not a SQLite synchronous mode.", "Use _synchronous=NORMAL or _synchronous=FULL.");
        var timeout = First(options, "_busy_timeout", "_timeout") ?? "10000";
        if (!int.TryParse(timeout, out var busy) || busy < 0)
            throw Invalid($"'{timeout}' is not a busy timeout in milliseconds.", "Use _busy_timeout=10000.");
        return new SqliteSettings(file, synchronous, busy);
    }

    /// <summary>What every new connection runs once: the pragmas SQLite keeps per connection, not in the file.</summary>
    public string ConnectionPragmas => $"PRAGMA busy_timeout = {BusyTimeoutMs}; PRAGMA synchronous = {Synchronous};";

    private static string? First(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> options, params string[] names) =>
        names.Select(n => options.TryGetValue(n, out var v) ? v.ToString() : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));

    private static InvalidConfigurationException Invalid(string message, string hint) => new([new ConfigError("dsn", message, hint)]);
}
