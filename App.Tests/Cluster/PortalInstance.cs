using System.Diagnostics;
using App.Tests.Infrastructure;

namespace App.Tests.Cluster;

/// <summary>
/// One portal instance as a process of its own (<c>dotnet App.dll</c>, from the repository root as
/// an operator runs it), on ports that stay the same across a kill and a restart.
/// </summary>
public sealed class PortalInstance : IAsyncDisposable
{
    private readonly ChildProcess process;

    public PortalInstance(string name, IReadOnlyDictionary<string, string> settings, int? port = null)
    {
        Name = name;
        Port = port ?? LocalMachine.FreePort();
        AdminPort = LocalMachine.FreePort();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "App.dll")]) { WorkingDirectory = LocalMachine.RepositoryRoot() };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in settings) start.Environment[key] = value;
        start.Environment["serve__public__port"] = Port.ToString();
        start.Environment["serve__admin__port"] = AdminPort.ToString();
        process = new ChildProcess(name, start);
    }

    public string Name { get; }
    public int Port { get; }
    public int AdminPort { get; }
    /// <summary>By name, as a browser calls it: WebAuthn needs a host name, not an address.</summary>
    public string BaseUrl => $"http://localhost:{Port}";
    /// <summary>By address, for the balancer, so it always connects from 127.0.0.1 (the trusted proxy).</summary>
    public string AddressUrl => $"http://127.0.0.1:{Port}";
    public string AdminUrl => $"http://127.0.0.1:{AdminPort}";
    public bool IsRunning => process.IsRunning;
    public int? ProcessId => process.Id;
    public string Output => process.Output;

    public async Task StartAsync()
    {
        process.Start();
        await process.WaitUntilAnswersAsync(AddressUrl + "/health/ready", TimeSpan.FromSeconds(90));
    }

    public Task KillAsync() => process.KillAsync();

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
