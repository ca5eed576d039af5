using System.Diagnostics;
using App.Tests.Infrastructure;

namespace App.Tests.Cluster;

/// <summary>The LoadBalancer project's build, as a process, in front of some portal instances.</summary>
public sealed class BalancerProcess : IAsyncDisposable
{
    private readonly ChildProcess process;

    private BalancerProcess(ChildProcess process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }
    public string BaseUrl => $"http://localhost:{Port}";
    public string Output => process.Output;

    /// <summary>The URL the balancer will listen on, known before the portals start (they need it as their base URL).</summary>
    public static int ChoosePort() => LocalMachine.FreePort();

    public static async Task<BalancerProcess> StartAsync(int port, IEnumerable<PortalInstance> portals)
    {
        var start = new ProcessStartInfo("dotnet",
        [
            Program(), "--urls", $"http://localhost:{port}",
            "--destinations", string.Join(',', portals.Select(p => p.AddressUrl)),
            // Probed twice a second, a dead instance is out within about a second.
            "--health_interval_ms", "500",
        ]) { WorkingDirectory = LocalMachine.RepositoryRoot() };
        var balancer = new BalancerProcess(new ChildProcess("balancer", start), port);
        balancer.process.Start();
        // Any path: the balancer answers through a portal, which proves both are up.
        await balancer.process.WaitUntilAnswersAsync($"http://127.0.0.1:{port}/health/ready", TimeSpan.FromSeconds(60));
        return balancer;
    }

    /// <summary>LoadBalancer.dll from its own build folder, in the configuration these tests were built in.</summary>
    public static string Program()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        var path = Path.Combine(LocalMachine.RepositoryRoot(), "LoadBalancer", "bin", configuration, "net10.0", "LoadBalancer.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build Identity.sln (-c {configuration}) first.");
    }

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
