using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace App.Tests.Infrastructure;

/// <summary>One email as maildev received it; <see cref="Text"/> and <see cref="Html"/> are decoded.</summary>
public sealed partial record MaildevEmail(string Id, string From, IReadOnlyList<string> To, string Subject, string Text, string? Html, DateTimeOffset Time)
{
    /// <summary>The 6-digit sign-in code, which the subject starts with ("123456 is your … sign-in code").</summary>
    public string Code() =>
        SixDigits().Match(Subject) is { Success: true } match
            ? match.Value
            : throw new Xunit.Sdk.XunitException($"No 6-digit code in the subject \"{Subject}\".");

    /// <summary>The sign-in link of the plain-text body (<c>…/login?flow=ID&amp;link=TOKEN</c>).</summary>
    public string Link() =>
        SignInLink().Match(Text) is { Success: true } match
            ? match.Value
            : throw new Xunit.Sdk.XunitException($"No sign-in link in the text of \"{Subject}\":\n{Text}");

    public override string ToString() => $"\"{Subject}\" to {string.Join(", ", To)} at {Time:HH:mm:ss.fff}";

    [GeneratedRegex(@"\b\d{6}\b")] private static partial Regex SixDigits();
    [GeneratedRegex(@"https?://[^\s""'<>]+[?&]link=[^\s""'<>]+")] private static partial Regex SignInLink();
}

/// <summary>
/// maildev (npm, installed into <c>tools/maildev</c> by <c>scripts/test.sh</c>) as a child process:
/// a real SMTP server on a free port of 127.0.0.1 whose web API lists what it received. It can be
/// stopped and started again on the same ports to play an SMTP outage.
/// </summary>
public sealed class Maildev : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly StringBuilder output = new();
    private readonly string mailDirectory = Directory.CreateTempSubdirectory("maildev-").FullName;
    private Process? process;

    private Maildev(int smtpPort, int webPort)
    {
        SmtpPort = smtpPort;
        WebPort = webPort;
    }

    public int SmtpPort { get; }
    public int WebPort { get; }
    public string ApiUrl => $"http://127.0.0.1:{WebPort}";

    /// <summary>For <c>courier.smtp.connection_uri</c>: plain SMTP, since maildev offers no certificate here.</summary>
    public string ConnectionUri => $"smtp://127.0.0.1:{SmtpPort}/?disable_starttls=true";

    public bool IsRunning => process is { HasExited: false };

    /// <summary>The folder the npm package is installed in: <c>tools/maildev</c> of the repository.</summary>
    public static string PackageDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Identity.sln")))
                    return Path.Combine(dir.FullName, "tools", "maildev");
            throw new InvalidOperationException($"No Identity.sln above {AppContext.BaseDirectory}: cannot find tools/maildev.");
        }
    }

    private static string Script => Path.Combine(PackageDirectory, "node_modules", "maildev", "dist", "bin", "maildev.js");

    /// <summary>Starts maildev on two free ports and waits until its API answers.</summary>
    public static async Task<Maildev> StartAsync()
    {
        if (!File.Exists(Script))
            throw new InvalidOperationException(
                $"maildev is not installed ({Script} is missing). Run `npm ci --prefix tools/maildev` (scripts/test.sh does), which needs Node.js and npm.");
        // A free port can be taken by someone else between looking and binding; try a few pairs.
        for (var attempt = 1; ; attempt++)
        {
            var maildev = new Maildev(FreePort(), FreePort());
            try
            {
                await maildev.LaunchAsync();
                return maildev;
            }
            catch (InvalidOperationException) when (attempt < 3 && maildev.output.ToString().Contains("EADDRINUSE"))
            {
                await maildev.DisposeAsync();
            }
            catch
            {
                await maildev.DisposeAsync();
                throw;
            }
        }
    }

    private async Task LaunchAsync()
    {
        if (IsRunning) throw new InvalidOperationException("maildev is already running.");
        lock (output) output.Clear();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = PackageDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     Script, "--ip", "127.0.0.1", "--smtp", SmtpPort.ToString(), "--web-ip", "127.0.0.1", "--web", WebPort.ToString(),
                     "--mail-directory", mailDirectory,
                 })
            start.ArgumentList.Add(argument);
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot run node for maildev ({e.Message}). Install Node.js and npm (scripts/test.sh does).", e);
        }
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) lock (output) output.AppendLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) lock (output) output.AppendLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"maildev exited with code {process.ExitCode} while starting:\n{Output}");
            try
            {
                using var response = await http.GetAsync(ApiUrl + "/api/email");
                if (response.IsSuccessStatusCode && await SmtpAnswersAsync()) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"maildev did not answer on {ApiUrl} within {StartTimeout.TotalSeconds} s:\n{Output}");
            await Task.Delay(100);
        }
    }

    private async Task<bool> SmtpAnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, SmtpPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>What maildev printed so far, for failure messages.</summary>
    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    /// <summary>Ends the server: SMTP connections are refused until <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (process is null) return;
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        process = null;
        // Nothing may listen on the SMTP port any more, or the outage is not one.
        if (await SmtpAnswersAsync())
            throw new InvalidOperationException($"Something still accepts connections on port {SmtpPort} after maildev stopped.");
    }

    /// <summary>Starts maildev again on the same ports; the mail it had received is loaded back.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await LaunchAsync();
    }

    /// <summary>Every email received so far, oldest first.</summary>
    public async Task<IReadOnlyList<MaildevEmail>> ListAsync()
    {
        using var response = await http.GetAsync(ApiUrl + "/api/email");
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"GET {ApiUrl}/api/email answered {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.EnumerateArray().Select(Parse).OrderBy(e => e.Time).ToList();
    }

    /// <summary>The emails addressed to <paramref name="to"/>, oldest first.</summary>
    public async Task<IReadOnlyList<MaildevEmail>> ListForAsync(string to) =>
        (await ListAsync()).Where(e => e.To.Contains(to, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <summary>
    /// Polls until an email to <paramref name="to"/> (that <paramref name="match"/> accepts) has
    /// arrived and returns the newest such; fails with the mailbox's contents after the timeout
    /// (15 s by default).
    /// </summary>
    public async Task<MaildevEmail> WaitForEmailAsync(string to, Func<MaildevEmail, bool>? match = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var found = (await ListForAsync(to)).Where(e => match?.Invoke(e) ?? true).ToList();
            if (found.Count > 0) return found[^1];
            if (DateTime.UtcNow > deadline)
            {
                var all = await ListAsync();
                throw new Xunit.Sdk.XunitException(
                    $"No email to {to} arrived within {(timeout ?? TimeSpan.FromSeconds(15)).TotalSeconds} s. maildev has {all.Count}:\n  " +
                    string.Join("\n  ", all));
            }
            await Task.Delay(100);
        }
    }

    public async Task DeleteAllAsync()
    {
        using var response = await http.DeleteAsync(ApiUrl + "/api/email/all");
        response.EnsureSuccessStatusCode();
    }

    private static MaildevEmail Parse(JsonElement e) => new(
        e.GetProperty("id").GetString() ?? "",
        Addresses(e, "from").FirstOrDefault() ?? "",
        Addresses(e, "to"),
        e.TryGetProperty("subject", out var subject) ? subject.GetString() ?? "" : "",
        e.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : "",
        e.TryGetProperty("html", out var html) && html.ValueKind == JsonValueKind.String ? html.GetString() : null,
        e.TryGetProperty("time", out var time) && time.ValueKind == JsonValueKind.String
            ? DateTimeOffset.Parse(time.GetString()!, CultureInfo.InvariantCulture)
            : default);

    private static List<string> Addresses(JsonElement e, string field) =>
        e.TryGetProperty(field, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(a => a.TryGetProperty("address", out var x) ? x.GetString() ?? "" : "").ToList()
            : [];

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
            if (process is not null) await process.WaitForExitAsync();
        }
        catch (InvalidOperationException) { } // never started
        process?.Dispose();
        process = null;
        http.Dispose();
        try { Directory.Delete(mailDirectory, recursive: true); } catch (IOException) { }
    }

    private static int FreePort() => LocalMachine.FreePort();
}

/// <summary>One maildev for the tests of a class.</summary>
public sealed class MaildevFixture : IAsyncLifetime
{
    private Maildev? maildev;

    public Maildev Maildev => maildev ?? throw new InvalidOperationException("maildev is not started.");

    public async Task InitializeAsync() => maildev = await Maildev.StartAsync();

    public async Task DisposeAsync()
    {
        if (maildev is not null) await maildev.DisposeAsync();
    }
}
