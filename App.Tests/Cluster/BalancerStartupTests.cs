using System.Diagnostics;
using App.Tests.Infrastructure;

namespace App.Tests.Cluster;

/// <summary>The balancer refuses to start on settings it cannot use, saying which and how to fix it, rather than proxy to nothing.</summary>
public sealed class BalancerStartupTests
{
    [Theory]
    [InlineData(new string[0], "No destinations")]
    [InlineData(new[] { "--destinations", "ftp://127.0.0.1:21" }, "not an http:// or https:// URL")]
    [InlineData(new[] { "--destinations", "http://127.0.0.1:1", "--health_path", "health" }, "must start with /")]
    [InlineData(new[] { "--destinations", "http://127.0.0.1:1", "--health_interval_ms", "10" }, "at least 100")]
    public async Task Bad_settings_stop_it_with_exit_code_1_and_the_reason(string[] arguments, string reason)
    {
        var start = new ProcessStartInfo("dotnet", [BalancerProcess.Program(), "--urls", $"http://127.0.0.1:{LocalMachine.FreePort()}", .. arguments])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        };
        start.Environment.Remove("destinations");
        using var balancer = Process.Start(start)!;
        var stderr = balancer.StandardError.ReadToEndAsync();
        var stdout = balancer.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await balancer.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            balancer.Kill(entireProcessTree: true);
            Assert.Fail("The balancer kept running on settings it cannot use: " + await stdout);
        }
        Assert.Equal(1, balancer.ExitCode);
        Assert.Contains(reason, await stderr);
    }
}
