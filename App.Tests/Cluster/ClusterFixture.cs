using App.Tests.Infrastructure;
using Npgsql;

namespace App.Tests.Cluster;

/// <summary>
/// Two portal processes on one PostgreSQL database, maildev as their SMTP server, and the balancer
/// in front of both, all on loopback: a deployment of two instances, as small as one can be.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private PostgresServer? postgres;
    private Maildev? mail;

    public PostgresServer Postgres => postgres ?? throw new InvalidOperationException("Not started.");
    public Maildev Mail => mail ?? throw new InvalidOperationException("Not started.");
    public string Dsn { get; private set; } = "";
    public PortalInstance A { get; private set; } = null!;
    public PortalInstance B { get; private set; } = null!;
    public BalancerProcess Balancer { get; private set; } = null!;
    /// <summary>What every instance is given; the balancer's URL is the deployment's public one.</summary>
    public int BalancerPort { get; } = BalancerProcess.ChoosePort();
    public string PublicUrl => $"http://localhost:{BalancerPort}";

    private readonly int portA = LocalMachine.FreePort();
    private readonly int portB = LocalMachine.FreePort();

    public async Task InitializeAsync()
    {
        postgres = new PostgresServer();
        mail = await Maildev.StartAsync();
        Dsn = postgres.CreateDatabase();
        A = new PortalInstance("portal A", Settings(trustedProxies: ["127.0.0.1"]), portA);
        B = new PortalInstance("portal B", Settings(trustedProxies: ["127.0.0.1"]), portB);
        // Together, as a deployment starts: the migration lock lets one migrate while the other waits.
        await Task.WhenAll(A.StartAsync(), B.StartAsync());
        Balancer = await BalancerProcess.StartAsync(BalancerPort, [A, B]);
    }

    /// <summary>
    /// One instance's configuration. Sign-in emails go to maildev, also to addresses without an account
    /// (so a test can queue many through the product), with limits far above what a test sends.
    /// </summary>
    public Dictionary<string, string> Settings(IReadOnlyList<string> trustedProxies, IEnumerable<string>? moreOrigins = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["dsn"] = Dsn,
            ["log__level"] = "warning",
            ["serve__public__base_url"] = PublicUrl + "/",
            ["selfservice__default_browser_return_url"] = PublicUrl + "/welcome",
            ["selfservice__allowed_return_urls__0"] = PublicUrl + "/",
            ["selfservice__flows__login__ui_url"] = PublicUrl + "/login",
            ["selfservice__flows__registration__ui_url"] = PublicUrl + "/registration",
            ["selfservice__flows__settings__ui_url"] = PublicUrl + "/settings",
            ["selfservice__methods__passkey__config__rp__id"] = "localhost",
            ["courier__smtp__connection_uri"] = Mail.ConnectionUri,
            ["selfservice__methods__code__config__notify_unknown_recipients"] = "true",
            ["selfservice__methods__code__config__rate_limits__sends_per_ip"] = "100000",
            ["selfservice__methods__code__config__rate_limits__sends_per_address"] = "100",
        };
        var origins = new[] { PublicUrl, $"http://localhost:{portA}", $"http://localhost:{portB}" }.Concat(moreOrigins ?? []).ToList();
        for (var i = 0; i < origins.Count; i++) settings[$"selfservice__methods__passkey__config__rp__origins__{i}"] = origins[i];
        for (var i = 0; i < trustedProxies.Count; i++) settings[$"serve__public__trusted_proxies__{i}"] = trustedProxies[i];
        return settings;
    }

    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(Postgres.ConnectionString(PostgresServer.DatabaseOf(Dsn)));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>One number from the database, for the tests' own checks (never through the portal).</summary>
    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>Everything the processes printed lately, for a failure message.</summary>
    public string Logs => string.Join("\n", A.Output, B.Output, Balancer.Output);

    public async Task DisposeAsync()
    {
        foreach (var part in new IAsyncDisposable?[] { Balancer, B, A, mail })
            if (part is not null) await part.DisposeAsync();
        postgres?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    /// <summary>One cluster for every class here, in turn: the machine runs one at a time.</summary>
    public const string Name = "Two instances behind the balancer";
}
