using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace App.Tests.Infrastructure;

/// <summary>
/// The portal as production runs it: <c>dotnet publish</c> of the build the tests use, started in
/// the Production environment from the repository root (where appsettings.json and wwwroot/ are),
/// as the README says. Only a publish carries the framework's and MudBlazor's files precompressed.
/// </summary>
public sealed class PublishedPortal : IAsyncDisposable
{
    private readonly Process process;
    private readonly string output;
    private readonly string data;

    private PublishedPortal(Process process, string output, string data, int port)
    {
        this.process = process;
        this.output = output;
        this.data = data;
        BaseUrl = $"http://localhost:{port}";
    }

    public string BaseUrl { get; }

    public static async Task<PublishedPortal> StartAsync()
    {
        var root = RepositoryRoot();
        // The configuration these binaries were built in, so the publish needs no build of its own.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        var output = Directory.CreateTempSubdirectory("portal-publish-").FullName;
        var data = Directory.CreateTempSubdirectory("portal-published-data-").FullName;
        await RunAsync(root, "dotnet", ["publish", "App", "-c", configuration, "--no-build", "-nologo", "-o", output]);

        var port = FreePort();
        var url = $"http://localhost:{port}";
        var start = new ProcessStartInfo("dotnet", [Path.Combine(output, "App.dll")])
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["urls"] = url,
            ["dsn"] = $"sqlite://{Path.Combine(data, "identity.db")}",
            ["log__level"] = "warning",
            ["serve__public__base_url"] = url + "/",
            ["selfservice__default_browser_return_url"] = url + "/welcome",
            ["selfservice__allowed_return_urls__0"] = url + "/",
            ["selfservice__methods__passkey__config__rp__origins__0"] = url,
            ["selfservice__flows__login__ui_url"] = url + "/login",
            ["selfservice__flows__registration__ui_url"] = url + "/registration",
            ["selfservice__flows__settings__ui_url"] = url + "/settings",
            // Production refuses to start with email sign-in on and no SMTP server; nothing here sends mail.
            ["courier__smtp__connection_uri"] = "smtp://localhost:2525/?disable_starttls=true",
        }) start.Environment[key] = value;
        var process = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var portal = new PublishedPortal(process, output, data, port);

        using var http = new HttpClient();
        for (var attempt = 0; attempt < 120; attempt++)
        {
            if (process.HasExited) break;
            try
            {
                if ((await http.GetAsync(url + "/health/ready")).IsSuccessStatusCode) return portal;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        await portal.DisposeAsync();
        throw new InvalidOperationException($"The published portal did not start:\n{log}");
    }

    private static async Task RunAsync(string directory, string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        using var run = Process.Start(start)!;
        var stdout = run.StandardOutput.ReadToEndAsync();
        var stderr = run.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await run.WaitForExitAsync(limit.Token);
        if (run.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({run.ExitCode}):\n{await stdout}\n{await stderr}");
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Identity.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Identity.sln) was not found above the test binaries.");
    }

    private static int FreePort() => LocalMachine.FreePort();

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var dir in new[] { output, data })
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
    }
}
