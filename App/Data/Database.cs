using App.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace App.Data;

/// <summary>Turns the <c>dsn</c> into a provider configuration and prepares the database at start-up.</summary>
public static class Database
{
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, string dsn)
    {
        var (scheme, rest) = Split(dsn);
        switch (scheme)
        {
            case "sqlite":
                var sqlite = SqliteSettings.Parse(rest);
                builder.UseSqlite(SqliteConnectionString(sqlite.File)).AddInterceptors(Setups.GetOrAdd(sqlite, s => new SqliteConnectionSetup(s)));
                break;
            case "postgres" or "postgresql":
                builder.UseNpgsql(PostgresSettings.ConnectionString(dsn)).AddInterceptors(MicrosecondTimes.Instance, SkipLockedRows.Instance);
                break;
            default:
                throw new InvalidConfigurationException([new ConfigError("dsn", $"The '{scheme}' database is not available in this build.", "Use sqlite://data/identity.db or postgres://user:password@host:5432/database.")]);
        }
        return builder.ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsAssembly, ProviderMigrations>();
    }

    /// <summary>
    /// Creates the database if missing, applies pending migrations, and switches SQLite to WAL so readers
    /// never block the writer. On PostgreSQL the migration runs under <see cref="MigrationLock"/>, so
    /// instances starting together migrate once, and make the data-protection ring's first key once.
    /// </summary>
    public static async Task PrepareAsync(IServiceProvider services, CancellationToken cancel = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (db.Database.IsSqlite())
        {
            var path = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            await db.Database.OpenConnectionAsync(cancel);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancel);
        }
        await using (await MigrationLock.TakeAsync(db, cancel))
        {
            await db.Database.MigrateAsync(cancel);
            await Credentials.Passkeys.AaguidBackfill.RunAsync(db, cancel);
            SharedKeyRing.EnsureKey(scope.ServiceProvider);
        }
    }

    /// <summary>One interceptor per database, shared by every context, so it knows which handles it has prepared.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<SqliteSettings, SqliteConnectionSetup> Setups = new();

    private static string SqliteConnectionString(string file)
    {
        return new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    private static (string Scheme, string Remainder) Split(string dsn)
    {
        var parts = dsn.Split("://", 2);
        return (parts[0].ToLowerInvariant(), parts.Length > 1 ? parts[1] : "");
    }
}
