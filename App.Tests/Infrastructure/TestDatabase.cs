using App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace App.Tests.Infrastructure;

/// <summary>
/// The database every <see cref="PortalFactory"/> of this test run uses, from <c>PORTAL_TEST_DATABASE</c>:
/// <c>sqlite</c> (the default), a file of its own per portal; or <c>postgres</c>, a database of its own
/// per portal in one throwaway cluster shared by the whole run and stopped when the process exits.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "PORTAL_TEST_DATABASE";

    public static bool IsPostgres { get; } = Kind() == "postgres";

    private static readonly Lazy<Shared> Cluster = new(() => new Shared(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A new database, already migrated, and its DSN.</summary>
    public static string NewPostgresDatabase() => Cluster.Value.NewDatabase();

    /// <summary>Drops a database <see cref="NewPostgresDatabase"/> made, once the portals on it have stopped.</summary>
    public static void DropPostgresDatabase(string dsn)
    {
        var connectionString = PostgresSettings.ConnectionString(dsn);
        using (var connection = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(connection);
        Cluster.Value.Server.DropDatabase(PostgresServer.DatabaseOf(dsn));
    }

    private static string Kind()
    {
        var kind = (Environment.GetEnvironmentVariable(Variable) ?? "").Trim().ToLowerInvariant();
        return kind switch
        {
            "" or "sqlite" => "sqlite",
            "postgres" or "postgresql" => "postgres",
            _ => throw new InvalidOperationException($"{Variable}={kind}: use sqlite or postgres."),
        };
    }

    /// <summary>
    /// The cluster and one database migrated once, which every new database copies: a copy took about
    /// 0.1 s, migrating a new database from nothing 0.2 to 0.4 s, on every one of hundreds of portals.
    /// </summary>
    private sealed class Shared
    {
        private const string Template = "portal_template";
        private readonly object creating = new();

        public Shared()
        {
            Server = new PostgresServer();
            // The test host is killed soon after the run ends, often before a stop could finish, so the
            // stop and the deletion go to a process of their own that outlives it.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Server.StopInBackground();
            Server.Execute($"CREATE DATABASE \"{Template}\"");
            Migrate(Server.Dsn(Template));
        }

        public PostgresServer Server { get; }

        public string NewDatabase()
        {
            // One copy at a time: it costs little, and PostgreSQL refuses to copy a template anyone else is on.
            lock (creating) return Server.CreateDatabase(Template);
        }

        private void Migrate(string dsn)
        {
            var services = new ServiceCollection()
                .AddDbContext<PortalDbContext>(o => Database.Configure(o, dsn))
                // Preparing a database makes the key ring's first key, as the portal does at start-up.
                .AddLogging()
                .AddSharedKeyRing()
                .BuildServiceProvider();
            using (services) Database.PrepareAsync(services).GetAwaiter().GetResult();
            // A template must have no connections when it is copied; the pool keeps its idle ones open.
            using (var connection = new NpgsqlConnection(PostgresSettings.ConnectionString(dsn))) NpgsqlConnection.ClearPool(connection);
            Server.Execute($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Template}' AND pid <> pg_backend_pid()");
        }
    }
}
