using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using App.Tests.Authenticator;
using LoadDriver;

Options options;
try
{
    options = Options.Parse(args);
}
catch (UsageException e)
{
    if (e.Message.Length > 0) Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(Options.Usage);
    return e.Message.Length > 0 ? 2 : 0;
}

using var handler = new SocketsHttpHandler
{
    UseCookies = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
    MaxConnectionsPerServer = options.Concurrency,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
};
using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
var driver = new Driver(options, http);

if (!await driver.IsReadyAsync(TimeSpan.FromSeconds(options.WaitSeconds)))
{
    Console.Error.WriteLine($"{options.Url}/health/ready does not answer 200.");
    return 1;
}

var pid = options.Pid ?? ProcessCpu.FindPortal(options.Url.Port);
if (pid is null || !File.Exists($"/proc/{pid}/stat"))
{
    Console.Error.WriteLine($"No portal process found listening on port {options.Url.Port}; pass --pid.");
    return 2;
}

Console.WriteLine($"portal {options.Url} (pid {pid}: {ProcessCpu.CommandLine(pid.Value)})");
Console.WriteLine($"origin {options.EffectiveOrigin}, mode {options.Mode}, {options.Accounts} accounts, {options.Concurrency} workers, " +
                  $"warm-up {options.WarmupSeconds}s, measured {options.DurationSeconds}s (at most {options.MaxOps} operations)");

// 1. Accounts, each with its own authenticator: bounded by count and by two minutes.
var registration = Stopwatch.StartNew();
var registered = await driver.RegisterAsync(TimeSpan.FromMinutes(2));
Console.WriteLine($"registered {registered}/{options.Accounts} accounts in {registration.Elapsed.TotalSeconds:F1}s" +
                  (driver.Errors.IsEmpty ? "" : $" ({driver.Errors.Values.Sum()} errors)"));
driver.PrintErrors();
if (registered < options.Concurrency)
{
    Console.Error.WriteLine("Too few accounts registered to run one per worker.");
    return 1;
}

// 2. Warm-up (JIT, tiered compilation, connection pools, SQLite page cache), not measured.
if (options.WarmupSeconds > 0 && options.WarmupMaxOps > 0)
{
    var warm = await driver.RunPhaseAsync(TimeSpan.FromSeconds(options.WarmupSeconds), options.WarmupMaxOps, pid.Value);
    Console.WriteLine($"warm-up: {warm.Operations} operations, {warm.Errors} errors, {warm.Operations / warm.Elapsed.TotalSeconds:F1}/s");
}

// 3. The measured phase.
var result = await driver.RunPhaseAsync(TimeSpan.FromSeconds(options.DurationSeconds), options.MaxOps, pid.Value);
var report = Report.From(options, pid.Value, result);
Console.WriteLine();
Console.WriteLine(report.ToText());
driver.PrintErrors();
if (options.JsonOut is { } path)
    await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
return result.Operations > 0 && result.Errors * 10 <= result.Operations ? 0 : 1;

namespace LoadDriver
{
    public sealed record Account(string Email, SoftwareAuthenticator Authenticator);

    /// <summary>A step that did not answer as a browser expects; the message is the tally key.</summary>
    public sealed class StepFailure(string message) : Exception(message);

    public sealed record PhaseResult(
        int Operations, int Errors, TimeSpan Elapsed, double[] LatenciesMs, Dictionary<string, double> StepMeanMs,
        long ServerTicks, long DriverTicks, long MachineBusyTicks, long MachineTotalTicks, long ServerRssKibBefore, long ServerRssKibAfter);

    public sealed class Driver(Options options, HttpClient http)
    {
        private readonly List<Account> _accounts = [];
        public ConcurrentDictionary<string, int> Errors { get; } = new();

        private Uri Url(string path) => new(options.Url, path);

        /// <summary>Asks /health/ready every quarter second until it answers 200 or the time is up.</summary>
        public async Task<bool> IsReadyAsync(TimeSpan wait)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync(Url("/health/ready"));
                    if (response.StatusCode == HttpStatusCode.OK) return true;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                if (clock.Elapsed >= wait) return false;
                await Task.Delay(250);
            }
        }

        public async Task<int> RegisterAsync(TimeSpan limit)
        {
            using var cancel = new CancellationTokenSource(limit);
            var made = new ConcurrentBag<(int, Account)>();
            try
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, options.Accounts),
                    new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancel.Token },
                    async (i, token) =>
                    {
                        var account = new Account($"load-{options.RunId}-{i}@example.org", new SoftwareAuthenticator());
                        try
                        {
                            await RegisterOneAsync(account, token);
                            made.Add((i, account));
                        }
                        catch (Exception e) when (e is StepFailure or HttpRequestException or JsonException or FormatException or InvalidOperationException)
                        {
                            Tally("registration: " + e.Message);
                        }
                    });
            }
            catch (OperationCanceledException) { Tally("registration: stopped at the time limit"); }
            _accounts.AddRange(made.OrderBy(m => m.Item1).Select(m => m.Item2));
            return _accounts.Count;
        }

        private async Task RegisterOneAsync(Account account, CancellationToken cancel)
        {
            var browser = new Browser(http);
            var (status, flow) = await browser.GetJsonAsync(Url("/self-service/registration/browser"), cancel);
            using (flow)
            {
                if (status != HttpStatusCode.OK || flow is null) throw new StepFailure("create flow: " + Browser.Describe(status, flow));
                var creationOptions = Browser.NodeValue(flow, "passkey_create_data") ?? throw new StepFailure("create flow: no passkey_create_data node");
                var csrf = Browser.NodeValue(flow, "csrf_token") ?? "";
                var action = Browser.Action(flow) ?? throw new StepFailure("create flow: no ui.action");
                var credential = account.Authenticator.Create(creationOptions, options.EffectiveOrigin);
                var body = Browser.Json(w =>
                {
                    w.WriteString("method", "passkey");
                    w.WriteString("csrf_token", csrf);
                    w.WriteStartObject("traits");
                    w.WriteString("email", account.Email);
                    w.WriteEndObject();
                    w.WriteString("passkey_register", credential);
                });
                var (submitStatus, answer) = await browser.PostJsonAsync(new Uri(action), body, cancel);
                using (answer)
                    if (submitStatus != HttpStatusCode.OK) throw new StepFailure("submit: " + Browser.Describe(submitStatus, answer));
            }
        }

        /// <summary>
        /// Runs the mode's operation on every worker until the time is up or <paramref name="maxOps"/>
        /// have started, and measures the portal's and this process's CPU time around it.
        /// </summary>
        public async Task<PhaseResult> RunPhaseAsync(TimeSpan duration, int maxOps, int pid)
        {
            var workers = options.Concurrency;
            var ticket = 0;
            var errors = 0;
            var latencies = new List<double>[workers];
            var steps = new Dictionary<string, double>[workers];

            // Per-worker setup outside the measurement: whoami mode signs each worker in once.
            var sessions = new Browser?[workers];
            if (options.Mode == "whoami")
                for (var w = 0; w < workers; w++)
                {
                    var browser = new Browser(http);
                    using var setup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                    try
                    {
                        await SignInAsync(browser, _accounts[w], new Dictionary<string, double>(), setup.Token);
                    }
                    catch (Exception e) when (e is StepFailure or HttpRequestException or JsonException or OperationCanceledException)
                    {
                        Tally("whoami setup sign-in: " + e.Message);
                    }
                    sessions[w] = browser;
                }

            // A hard stop well past the deadline, so a stuck request cannot keep the phase open.
            using var hardStop = new CancellationTokenSource(duration + TimeSpan.FromSeconds(45));
            var serverBefore = ProcessCpu.ProcessTicks(pid);
            var driverBefore = ProcessCpu.SelfTicks();
            var machineBefore = ProcessCpu.MachineTicks();
            var rssBefore = ProcessCpu.RssKib(pid);
            var clock = Stopwatch.StartNew();

            var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
            {
                var mine = new List<double>(4096);
                var stepSums = new Dictionary<string, double>();
                latencies[w] = mine;
                steps[w] = stepSums;
                var consecutiveErrors = 0;
                for (var k = 0; clock.Elapsed < duration && !hardStop.IsCancellationRequested; k++)
                {
                    if (Interlocked.Increment(ref ticket) > maxOps) break;
                    // Worker w uses accounts w, w+C, w+2C, ...: no account is in two sign-ins at once,
                    // so its signature counter only ever goes up, as on a real authenticator.
                    var account = _accounts[(w + k * workers) % _accounts.Count];
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        switch (options.Mode)
                        {
                            case "signin": await SignInAsync(new Browser(http), account, stepSums, hardStop.Token); break;
                            case "flow": await CreateLoginFlowAsync(new Browser(http), hardStop.Token); break;
                            case "whoami": await WhoAmIAsync(sessions[w]!, hardStop.Token); break;
                            case "ready": await ReadyAsync(hardStop.Token); break;
                        }
                        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        consecutiveErrors = 0;
                    }
                    catch (Exception e) when (e is StepFailure or HttpRequestException or JsonException or FormatException
                                                  or InvalidOperationException or OperationCanceledException)
                    {
                        Interlocked.Increment(ref errors);
                        Tally(options.Mode + ": " + e.Message);
                        // A portal that fails everything would otherwise be hammered until the deadline.
                        if (++consecutiveErrors >= 200) break;
                    }
                }
            })).ToArray();
            await Task.WhenAll(tasks);

            var elapsed = clock.Elapsed;
            var serverTicks = ProcessCpu.ProcessTicks(pid) - serverBefore;
            var driverTicks = ProcessCpu.SelfTicks() - driverBefore;
            var machineAfter = ProcessCpu.MachineTicks();
            var all = latencies.SelectMany(l => l).ToArray();
            Array.Sort(all);
            var stepMeans = steps.SelectMany(s => s).GroupBy(kv => kv.Key)
                .ToDictionary(g => g.Key, g => all.Length == 0 ? 0 : g.Sum(kv => kv.Value) / all.Length);
            return new PhaseResult(all.Length, errors, elapsed, all, stepMeans, serverTicks, driverTicks,
                machineAfter.Busy - machineBefore.Busy, machineAfter.Total - machineBefore.Total, rssBefore, ProcessCpu.RssKib(pid));
        }

        /// <summary>One complete sign-in, as an SPA does it: new flow, passkey assertion, submit, whoami.</summary>
        private async Task SignInAsync(Browser browser, Account account, Dictionary<string, double> stepSums, CancellationToken cancel)
        {
            var t0 = Stopwatch.GetTimestamp();
            var (status, flow) = await browser.GetJsonAsync(Url("/self-service/login/browser"), cancel);
            using (flow)
            {
                if (status != HttpStatusCode.OK || flow is null) throw new StepFailure("create flow: " + Browser.Describe(status, flow));
                var challenge = Browser.NodeValue(flow, "passkey_challenge") ?? throw new StepFailure("create flow: no passkey_challenge node");
                var csrf = Browser.NodeValue(flow, "csrf_token") ?? "";
                var action = Browser.Action(flow) ?? throw new StepFailure("create flow: no ui.action");
                var t1 = Stopwatch.GetTimestamp();

                var assertion = account.Authenticator.Get(challenge, options.EffectiveOrigin);
                var body = Browser.Json(w =>
                {
                    w.WriteString("method", "passkey");
                    w.WriteString("csrf_token", csrf);
                    w.WriteString("passkey_login", assertion);
                });
                var t2 = Stopwatch.GetTimestamp();

                var (submitStatus, answer) = await browser.PostJsonAsync(new Uri(action), body, cancel);
                using (answer)
                {
                    if (submitStatus != HttpStatusCode.OK || answer is null || !answer.RootElement.TryGetProperty("session", out _))
                        throw new StepFailure("submit: " + Browser.Describe(submitStatus, answer));
                }
                var t3 = Stopwatch.GetTimestamp();

                await WhoAmIAsync(browser, cancel);
                var t4 = Stopwatch.GetTimestamp();

                Add(stepSums, "1 create login flow (GET /self-service/login/browser)", t0, t1);
                Add(stepSums, "2 authenticator.Get + request body (driver only)", t1, t2);
                Add(stepSums, "3 submit assertion (POST ui.action)", t2, t3);
                Add(stepSums, "4 GET /sessions/whoami", t3, t4);
            }
        }

        private async Task CreateLoginFlowAsync(Browser browser, CancellationToken cancel)
        {
            var (status, flow) = await browser.GetJsonAsync(Url("/self-service/login/browser"), cancel);
            using (flow)
                if (status != HttpStatusCode.OK || flow is null || Browser.NodeValue(flow, "passkey_challenge") is null)
                    throw new StepFailure("create flow: " + Browser.Describe(status, flow));
        }

        private async Task ReadyAsync(CancellationToken cancel)
        {
            using var response = await http.GetAsync(Url("/health/ready"), cancel);
            await response.Content.ReadAsByteArrayAsync(cancel);
            if (response.StatusCode != HttpStatusCode.OK) throw new StepFailure("ready: HTTP " + (int)response.StatusCode);
        }

        private async Task WhoAmIAsync(Browser browser, CancellationToken cancel)
        {
            var (status, session) = await browser.GetJsonAsync(Url("/sessions/whoami"), cancel);
            using (session)
                if (status != HttpStatusCode.OK || session is null || !session.RootElement.TryGetProperty("identity", out _))
                    throw new StepFailure("whoami: " + Browser.Describe(status, session));
        }

        private static void Add(Dictionary<string, double> sums, string step, long from, long to) =>
            sums[step] = sums.GetValueOrDefault(step) + Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

        private void Tally(string key) => Errors.AddOrUpdate(key, 1, (_, n) => n + 1);

        public void PrintErrors()
        {
            foreach (var (key, count) in Errors.OrderByDescending(e => e.Value).Take(10))
                Console.WriteLine($"  error x{count}: {key}");
            Errors.Clear();
        }
    }

    public sealed record Report(
        string Mode, int Concurrency, int Accounts, int Operations, int Errors, double ElapsedSeconds, double PerSecond,
        double P50Ms, double P90Ms, double P99Ms, double MaxMs, double MeanMs, double Over150MsPercent, Dictionary<string, double> StepMeanMs,
        double ServerCpuUsPerOp, double DriverCpuUsPerOp, double ServerCores, double DriverCores, double MachineBusyCores,
        int Cpus, long ServerRssKibBefore, long ServerRssKibAfter, int Pid, long ClockTicksPerSecond)
    {
        public static Report From(Options o, int pid, PhaseResult r)
        {
            var seconds = r.Elapsed.TotalSeconds;
            var tickUs = 1e6 / ProcessCpu.TicksPerSecond;
            var ops = Math.Max(r.Operations, 1);
            return new Report(o.Mode, o.Concurrency, o.Accounts, r.Operations, r.Errors, seconds, r.Operations / seconds,
                Percentile(r.LatenciesMs, 0.50), Percentile(r.LatenciesMs, 0.90), Percentile(r.LatenciesMs, 0.99),
                r.LatenciesMs.Length == 0 ? 0 : r.LatenciesMs[^1], r.LatenciesMs.Length == 0 ? 0 : r.LatenciesMs.Average(),
                r.LatenciesMs.Length == 0 ? 0 : 100.0 * r.LatenciesMs.Count(ms => ms >= 150) / r.LatenciesMs.Length,
                r.StepMeanMs, r.ServerTicks * tickUs / ops, r.DriverTicks * tickUs / ops,
                r.ServerTicks / (double)ProcessCpu.TicksPerSecond / seconds, r.DriverTicks / (double)ProcessCpu.TicksPerSecond / seconds,
                r.MachineBusyTicks / (double)ProcessCpu.TicksPerSecond / seconds, Environment.ProcessorCount,
                r.ServerRssKibBefore, r.ServerRssKibAfter, pid, ProcessCpu.TicksPerSecond);
        }

        /// <summary>Nearest-rank percentile of sorted values.</summary>
        private static double Percentile(double[] sorted, double p) =>
            sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

        public string ToText()
        {
            var unit = Mode switch { "signin" => "sign-in", "flow" => "login flow", "ready" => "ready request", _ => "whoami" };
            var c = CultureInfo.InvariantCulture;
            var lines = new List<string>
            {
                $"== measured phase: mode {Mode}, {Concurrency} workers, {Accounts} accounts, {Cpus} CPUs ==",
                string.Format(c, "{0,-38}{1}", $"{unit}s completed", Operations),
                string.Format(c, "{0,-38}{1}", "errors", Errors),
                string.Format(c, "{0,-38}{1:F1} s", "elapsed", ElapsedSeconds),
                string.Format(c, "{0,-38}{1:F1}", $"{unit}s/second", PerSecond),
                string.Format(c, "{0,-38}p50 {1:F2}  p90 {2:F2}  p99 {3:F2}  max {4:F2}  (mean {5:F2})", $"latency of a whole {unit}, ms", P50Ms, P90Ms, P99Ms, MaxMs, MeanMs),
            };
            lines.Add(string.Format(c, "{0,-38}{1:F1} %", $"{unit}s taking 150 ms or more", Over150MsPercent));
            foreach (var (step, ms) in StepMeanMs.OrderBy(s => s.Key))
                lines.Add(string.Format(c, "  mean {0,-60}{1,8:F2} ms", step, ms));
            lines.Add(string.Format(c, "{0,-38}{1:F0} µs  ({2:F2} cores busy)", $"server CPU per {unit}", ServerCpuUsPerOp, ServerCores));
            lines.Add(string.Format(c, "{0,-38}{1:F0} µs  ({2:F2} cores busy)", $"driver CPU per {unit}", DriverCpuUsPerOp, DriverCores));
            lines.Add(string.Format(c, "{0,-38}{1:F2} of {2} cores ({3:F2} by processes other than these two)", "machine busy (all processes)",
                MachineBusyCores, Cpus, Math.Max(0, MachineBusyCores - ServerCores - DriverCores)));
            lines.Add(string.Format(c, "{0,-38}{1} -> {2} MiB", "server RSS", ServerRssKibBefore / 1024, ServerRssKibAfter / 1024));
            lines.Add($"(CPU from /proc/PID/stat utime+stime at {ClockTicksPerSecond} ticks/s, before and after the measured phase)");
            return string.Join(Environment.NewLine, lines);
        }
    }
}
