using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Infrastructure;

/// <summary>
/// A real portal on a throwaway database: a SQLite file, or a PostgreSQL database of its own when
/// <see cref="TestDatabase"/> says so (<c>PORTAL_TEST_DATABASE=postgres</c>). In-memory by default; <see cref="StartKestrel"/>
/// puts it on a real port of localhost for browsers and load drivers.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;

    public PortalFactory(IDictionary<string, string?>? overrides = null, int? port = null)
    {
        DataDirectory = Directory.CreateTempSubdirectory("portal-test-").FullName;
        Port = port ?? 4455;
        BaseUrl = $"http://localhost:{Port}";
        settings = new Dictionary<string, string?>
        {
            ["dsn"] = $"sqlite://{Path.Combine(DataDirectory, "identity.db")}",
            ["serve:public:base_url"] = BaseUrl + "/",
            ["selfservice:default_browser_return_url"] = BaseUrl + "/welcome",
            ["selfservice:allowed_return_urls:0"] = BaseUrl + "/",
            ["selfservice:flows:login:ui_url"] = BaseUrl + "/login",
            ["selfservice:flows:registration:ui_url"] = BaseUrl + "/registration",
            ["selfservice:methods:passkey:config:rp:id"] = "localhost",
            ["selfservice:methods:passkey:config:rp:origins:0"] = BaseUrl,
            ["log:level"] = "warning",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key.Replace('.', ':')] = value;
        // A DSN the test gives (a second instance on the first one's database) is used as given.
        if (TestDatabase.IsPostgres && !(overrides ?? new Dictionary<string, string?>()).ContainsKey("dsn"))
            settings["dsn"] = ownDatabase = TestDatabase.NewPostgresDatabase();
    }

    /// <summary>The PostgreSQL database this factory made, and drops when it is disposed.</summary>
    private readonly string? ownDatabase;

    /// <summary>The portal's DSN, for a second instance on the same database.</summary>
    public string Dsn => settings["dsn"]!;

    /// <summary>A portal served by Kestrel on a free port of localhost.</summary>
    public static PortalFactory StartKestrel(IDictionary<string, string?>? overrides = null, string environment = "Testing", TimeProvider? clock = null)
    {
        var factory = new PortalFactory(overrides, FreePort()) { EnvironmentName = environment, Clock = clock, OnKestrel = true };
        factory.UseKestrel(factory.Port);
        factory.StartServer();
        return factory;
    }

    /// <summary>
    /// A portal served by Kestrel on a free public port and a free admin port. The admin listener is on
    /// loopback unless <paramref name="adminAddress"/> says otherwise; <c>serve.admin.host</c> follows it
    /// unless the overrides set it, so the configuration is checked as an operator's would be.
    /// </summary>
    public static PortalFactory StartKestrelWithAdmin(IDictionary<string, string?>? overrides = null, TimeProvider? clock = null, IPAddress? adminAddress = null,
        Action<IServiceCollection>? services = null)
    {
        var adminPort = FreePort();
        var address = adminAddress ?? IPAddress.Loopback;
        var settings = new Dictionary<string, string?>(overrides ?? new Dictionary<string, string?>()) { ["serve.admin.port"] = adminPort.ToString() };
        settings.TryAdd("serve.admin.host", address.ToString());
        var factory = new PortalFactory(settings, FreePort()) { AdminPort = adminPort, AdminAddress = address, Clock = clock, ExtraServices = services, OnKestrel = true };
        factory.UseKestrel(k =>
        {
            k.ListenLocalhost(factory.Port);
            k.Listen(address, adminPort);
        });
        factory.StartServer();
        return factory;
    }

    /// <summary>Served on a real port: clients then speak to it over the network, not in memory.</summary>
    public bool OnKestrel { get; private init; }

    /// <summary>The admin listener's port, when started by <see cref="StartKestrelWithAdmin"/>.</summary>
    public int? AdminPort { get; private init; }
    public IPAddress AdminAddress { get; private init; } = IPAddress.Loopback;
    public string AdminUrl => $"http://{new IPEndPoint(AdminAddress, AdminPort ?? 0)}";
    /// <summary>The admin console's origin: the admin listener by name, since WebAuthn cannot run on an IP address.</summary>
    public string ConsoleOrigin => $"http://localhost:{AdminPort}";

    public string DataDirectory { get; }
    public int Port { get; }
    /// <summary>Always <c>http://localhost:PORT</c>: an IP address cannot be an RP ID.</summary>
    public string BaseUrl { get; }
    public string Origin => BaseUrl;

    /// <summary>Extra service registrations (interceptors, fakes), applied after the portal's own.</summary>
    public Action<IServiceCollection>? ExtraServices { get; init; }

    /// <summary>The hosting environment; "Development" turns on what <c>dotnet run</c> has, such as the mailbox page.</summary>
    public string EnvironmentName { get; init; } = "Testing";

    /// <summary>Set before the first request to control the portal's clock.</summary>
    public TimeProvider? Clock { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (Clock is { } clock) builder.ConfigureServices(services => services.AddSingleton(clock));
        if (ExtraServices is { } extra) builder.ConfigureServices(extra);
    }

    public PortalClient NewClient() => new(this);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (ownDatabase is not null) TestDatabase.DropPostgresDatabase(ownDatabase);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    private static int FreePort() => LocalMachine.FreePort();
}
