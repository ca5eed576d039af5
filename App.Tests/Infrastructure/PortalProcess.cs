using System.Diagnostics;
using static App.Tests.Infrastructure.LocalMachine;

namespace App.Tests.Infrastructure;

/// <summary>The real portal process, started as an operator would, for what only a whole process shows: how it stops.</summary>
internal static class PortalProcess
{
    /// <summary>Starts the portal with these settings (environment variables) and arguments and waits for it to exit; fails the test if it keeps running.</summary>
    public static async Task<(int ExitCode, string StandardError, string StandardOutput)> RunUntilExitAsync(string dataFolder, IDictionary<string, string> settings,
        params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "App.dll"), .. arguments])
        {
            WorkingDirectory = RepositoryRoot(), RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["dsn"] = "sqlite://" + Path.Combine(dataFolder, "identity.db");
        start.Environment["serve__public__port"] = FreePort().ToString();
        start.Environment["serve__admin__port"] = FreePort().ToString();
        foreach (var (key, value) in settings) start.Environment[key] = value;

        using var portal = Process.Start(start)!;
        var stderr = portal.StandardError.ReadToEndAsync();
        var stdout = portal.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await portal.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            portal.Kill(entireProcessTree: true);
            Assert.Fail("The portal kept running: " + await stdout);
        }
        return (portal.ExitCode, await stderr, await stdout);
    }
}
