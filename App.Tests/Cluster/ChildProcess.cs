using System.Diagnostics;
using System.Text;

namespace App.Tests.Cluster;

/// <summary>
/// A program the cluster tests run as a real process, so it can be killed as an operating system
/// kills one (SIGKILL: no shutdown code runs) and started again on the same ports. Its output is
/// kept, the last lines only, for failure messages.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 300;
    private readonly string name;
    private readonly ProcessStartInfo start;
    private readonly Queue<string> lines = new();
    private Process? process;

    public ChildProcess(string name, ProcessStartInfo start)
    {
        this.name = name;
        this.start = start;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
    }

    public bool IsRunning => process is { HasExited: false };
    public int? Id => IsRunning ? process!.Id : null;

    public string Output
    {
        get { lock (lines) return $"--- {name} ---\n" + string.Join('\n', lines); }
    }

    public void Start()
    {
        if (IsRunning) throw new InvalidOperationException($"{name} is already running.");
        process?.Dispose();
        process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (lines)
        {
            lines.Enqueue(line);
            while (lines.Count > KeptLines) lines.Dequeue();
        }
    }

    /// <summary>Polls <paramref name="url"/> until it answers 200; fails with the process's output if it exits or takes too long.</summary>
    public async Task WaitUntilAnswersAsync(string url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (!IsRunning) throw new InvalidOperationException($"{name} exited while starting:\n{Output}");
            try
            {
                if ((await http.GetAsync(url)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new InvalidOperationException($"{name} did not answer {url} within {timeout.TotalSeconds} s:\n{Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: the process gets no chance to finish what it was doing.</summary>
    public async Task KillAsync()
    {
        if (process is null || process.HasExited) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
        process = null;
    }
}
