using System.Diagnostics;
using Npgsql;

namespace App.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for one test class: <c>initdb</c> into a temporary folder, started
/// with <c>pg_ctl</c> on a free port of 127.0.0.1, stopped and deleted at the end. PostgreSQL refuses
/// to run as root, so as root the cluster belongs to the <c>postgres</c> user the Debian package makes.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string bin;
    private readonly string root;
    private readonly string data;

    public PostgresServer()
    {
        bin = Binaries();
        root = Directory.CreateTempSubdirectory("portal-pg-").FullName;
        data = Path.Combine(root, "data");
        Port = LocalMachine.FreePort();
        if (Environment.UserName == "root") Run("chown", "postgres:postgres", root);
        Run(AsOwner(Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync"));
        // fsync off: the cluster is thrown away, and durability is not what the tests measure.
        Run(AsOwner(Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(root, "server.log"), "-w",
            "-o", $"-p {Port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200", "start"));
    }

    public int Port { get; }

    /// <summary>A new, empty database and the DSN that reaches it, as an operator would write it.</summary>
    public string CreateDatabase()
    {
        var name = $"identity_{Guid.NewGuid():N}";
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        command.ExecuteNonQuery();
        return $"postgres://postgres@127.0.0.1:{Port}/{name}?sslmode=disable";
    }

    /// <summary>A connection string outside the portal's pools, for the tests' own looks at a database.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = false }.ConnectionString;

    public static string DatabaseOf(string dsn) => new Uri(dsn).AbsolutePath.Trim('/');

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try { Run(AsOwner(Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop")); }
        finally { try { Directory.Delete(root, recursive: true); } catch (IOException) { } }
    }

    /// <summary>The newest installed server's programs; scripts/test.sh installs the package when they are missing.</summary>
    private static string Binaries() =>
        (Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [])
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var major) ? major : 0)
            .FirstOrDefault()
        ?? throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); scripts/test.sh installs it, or run apt-get install -y postgresql.");

    private static string[] AsOwner(params string[] command) =>
        Environment.UserName == "root" ? ["runuser", "-u", "postgres", "--", .. command] : command;

    private static void Run(params string[] command)
    {
        var start = new ProcessStartInfo(command[0], command[1..]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60))) process.Kill(entireProcessTree: true);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{string.Join(' ', command)} exited {process.ExitCode}: {error.Result}{output.Result}");
    }
}
