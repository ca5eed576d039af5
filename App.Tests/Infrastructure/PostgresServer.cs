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

    /// <summary>
    /// A new database and the DSN that reaches it, as an operator would write it: empty, or a copy of
    /// <paramref name="template"/>, which must then have no open connections. The copy is of files
    /// (PostgreSQL 15's FILE_COPY): about 0.1 s here, where the default, which logs every page, took 0.7 s.
    /// </summary>
    public string CreateDatabase(string? template = null)
    {
        var name = $"identity_{Guid.NewGuid():N}";
        Execute(template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\" STRATEGY = FILE_COPY");
        return Dsn(name);
    }

    public string Dsn(string database) => $"postgres://postgres@127.0.0.1:{Port}/{database}?sslmode=disable";

    /// <summary>Drops the database, ending whatever connections are still on it.</summary>
    public void DropDatabase(string name) => Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");

    /// <summary>One statement on the maintenance database, for what cannot run inside a database (CREATE and DROP DATABASE).</summary>
    public void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
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

    /// <summary>
    /// Stops the cluster and deletes its folder from a shell that is nobody's child (it puts the work in
    /// the background and exits), so it finishes even when this process is killed the moment it returns.
    /// </summary>
    public void StopInBackground()
    {
        var stop = string.Join(' ', AsOwner(Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop").Select(Quoted));
        var script = $"({stop}; rm -rf {Quoted(root)}) >/dev/null 2>&1 </dev/null &";
        using var shell = Process.Start(new ProcessStartInfo("setsid", ["sh", "-c", script]) { UseShellExecute = false });
        shell?.WaitForExit(TimeSpan.FromSeconds(5));
    }

    private static string Quoted(string word) => "'" + word.Replace("'", "'\\''") + "'";

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
