namespace ImportAspNetIdentity;

/// <summary>The command line: where the Identity database is, where the portal's admin API is, and whether to write.</summary>
public sealed record Options(string Provider, string ConnectionString, Uri AdminUrl, string? AdminKey, bool Apply, string? SchemaId)
{
    public const string Usage = """
        Usage: import-aspnet-identity (--sqlite <file> | --postgres <connection string>) --admin-url <url> [--admin-key <key>] [--schema-id <id>] [--apply]

          --sqlite <file>         an ASP.NET Core Identity database in SQLite
          --postgres <conn>       or in PostgreSQL (Npgsql connection string)
          --admin-url <url>       the portal's admin listener, such as http://127.0.0.1:4434
          --admin-key <key>       an admin API key (scripts/admin-key.sh); or set PORTAL_ADMIN_KEY
          --schema-id <id>        the identity schema to import into (default: the portal's default)
          --apply                 import; without it nothing is written and the report says what would happen
        """;

    public static (Options? Options, string? Problem) Parse(string[] args, Func<string, string?> environment)
    {
        string? provider = null, connection = null, url = null, key = environment("PORTAL_ADMIN_KEY"), schema = null;
        var apply = false;
        for (var i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--sqlite": (provider, connection) = ("sqlite", Next()); break;
                case "--postgres": (provider, connection) = ("postgres", Next()); break;
                case "--admin-url": url = Next(); break;
                case "--admin-key": key = Next(); break;
                case "--schema-id": schema = Next(); break;
                case "--apply": apply = true; break;
                default: return (null, $"Unknown argument '{args[i]}'.");
            }
        }
        if (provider is null || string.IsNullOrEmpty(connection)) return (null, "Say where the Identity database is: --sqlite <file> or --postgres <connection string>.");
        if (provider == "sqlite" && !File.Exists(connection)) return (null, $"There is no SQLite database at '{connection}'.");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var admin) || admin.Scheme is not ("http" or "https"))
            return (null, "Say where the portal's admin API is: --admin-url http://127.0.0.1:4434.");
        var connectionString = provider == "sqlite" ? $"Data Source={connection};Mode=ReadOnly" : connection;
        return (new Options(provider, connectionString, admin, key, apply, schema), null);
    }
}
