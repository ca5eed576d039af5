using System.Diagnostics;
using System.Text;

namespace App.Tests.Sdk;

/// <summary>Runs <c>node App.Tests/Sdk/run.mjs JOURNEY</c> from the source tree and fails with its output.</summary>
public static class SdkScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static string Directory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Identity.sln")))
                    return Path.Combine(dir.FullName, "App.Tests", "Sdk");
            throw new InvalidOperationException($"No Identity.sln above {AppContext.BaseDirectory}: cannot find App.Tests/Sdk.");
        }
    }

    public static async Task RunAsync(string journey, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("run.mjs");
        start.ArgumentList.Add(journey);
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var output = new StringBuilder();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) lock (output) output.AppendLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) lock (output) output.AppendLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"The SDK journey {journey} did not finish within {Timeout.TotalSeconds} s:\n{output}");
        }
        // The asynchronous readers may still hold the last lines until the streams close.
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new Xunit.Sdk.XunitException($"The SDK journey {journey} failed (exit {process.ExitCode}):\n{output}");
    }
}
