using System.Globalization;
using System.Net;

namespace LoadDriver;

/// <summary>What to do: command-line options, each with a default and a hard upper bound.</summary>
public sealed class Options
{
    public Uri Url { get; private set; } = new("http://localhost:4455");
    public string? Origin { get; private set; }
    public int? Pid { get; private set; }
    public string Mode { get; private set; } = "signin";
    public int Accounts { get; private set; } = 32;
    public int Concurrency { get; private set; } = 4;
    public double WarmupSeconds { get; private set; } = 10;
    public int WarmupMaxOps { get; private set; } = 100_000;
    public double DurationSeconds { get; private set; } = 30;
    public int MaxOps { get; private set; } = 1_000_000;
    public string? JsonOut { get; private set; }
    public double WaitSeconds { get; private set; }
    public string RunId { get; private set; } = Guid.NewGuid().ToString("N")[..8];

    /// <summary>The WebAuthn origin the authenticator reports: the portal's configured origin.</summary>
    public string EffectiveOrigin => Origin ?? Url.GetLeftPart(UriPartial.Authority);

    public const string Usage = """
        LoadDriver: complete passkey sign-ins against a running portal on this machine.

          --url URL             portal public URL (default http://localhost:4455); loopback only
          --origin ORIGIN       WebAuthn origin to report (default: scheme://host:port of --url)
          --pid PID             portal process id (default: found by the listening port, or a process named App)
          --mode MODE           signin (default): flow + passkey + whoami per operation
                                flow: only create login flows (GET /self-service/login/browser)
                                whoami: sign in once per worker, then only GET /sessions/whoami
                                ready: only GET /health/ready (the cost of a request that does nothing)
          --accounts N          accounts to register first (default 32, at most 10000, at least --concurrency)
          --concurrency C       concurrent simulated browsers (default 4, at most 256)
          --warmup SECONDS      unmeasured warm-up phase (default 10, at most 300)
          --warmup-max N        cap on warm-up operations (default 100000)
          --duration SECONDS    measured phase length (default 30, at most 600)
          --max N               cap on measured operations (default 1000000)
          --json FILE           also write the results as JSON to FILE
          --wait SECONDS        wait up to this long for /health/ready to answer 200 (default 0: ask once)
          --run-id ID           suffix for the registered addresses (default: random)
        """;

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help") throw new UsageException(null);
            if (i + 1 >= args.Length) throw new UsageException($"{name} needs a value.");
            var value = args[++i];
            switch (name)
            {
                case "--url": o.Url = new Uri(value.TrimEnd('/')); break;
                case "--origin": o.Origin = value.TrimEnd('/'); break;
                case "--pid": o.Pid = Int(value, name, 1, int.MaxValue); break;
                case "--mode":
                    if (value is not ("signin" or "flow" or "whoami" or "ready")) throw new UsageException($"Unknown mode '{value}'.");
                    o.Mode = value;
                    break;
                case "--accounts": o.Accounts = Int(value, name, 1, 10_000); break;
                case "--concurrency": o.Concurrency = Int(value, name, 1, 256); break;
                case "--warmup": o.WarmupSeconds = Seconds(value, name, 300); break;
                case "--warmup-max": o.WarmupMaxOps = Int(value, name, 0, 10_000_000); break;
                case "--duration": o.DurationSeconds = Seconds(value, name, 600); break;
                case "--max": o.MaxOps = Int(value, name, 1, 10_000_000); break;
                case "--json": o.JsonOut = value; break;
                case "--wait": o.WaitSeconds = Seconds(value, name, 300); break;
                case "--run-id": o.RunId = value; break;
                default: throw new UsageException($"Unknown option '{name}'.");
            }
        }
        if (!IsLoopback(o.Url)) throw new UsageException($"{o.Url} is not on this machine; the driver only targets loopback addresses.");
        if (o.Accounts < o.Concurrency) o.Accounts = o.Concurrency;
        return o;
    }

    /// <summary>localhost, 127.0.0.0/8 or ::1, nothing else.</summary>
    public static bool IsLoopback(Uri uri) =>
        uri.IsAbsoluteUri && (uri.Scheme == "http" || uri.Scheme == "https") &&
        (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase) ||
         (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));

    private static int Int(string value, string name, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n : throw new UsageException($"{name} must be an integer from {min} to {max}.");

    private static double Seconds(string value, string name, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && s <= max
            ? s : throw new UsageException($"{name} must be a number of seconds from 0 to {max}.");
}

public sealed class UsageException(string? message) : Exception(message ?? "");
