namespace LoadBalancer;

/// <summary>What the balancer is told: where the portals are and how to probe them.</summary>
public sealed record BalancerSettings(IReadOnlyList<Uri> Destinations, string HealthPath, TimeSpan HealthInterval, TimeSpan HealthTimeout)
{
    public const string DefaultUrl = "http://127.0.0.1:4400";

    /// <summary>
    /// <c>destinations</c>: the portals' public listeners, comma-separated. <c>health_path</c>: the
    /// readiness probe (default <c>/health/ready</c>, which answers 503 while the database is out of reach).
    /// <c>health_interval_ms</c>: how often each instance is probed (default 1000). <c>health_timeout_ms</c>:
    /// how long a probe may take (default 2000), longer than the interval so that an instance that is
    /// busy, not dead, stays in the rotation.
    /// </summary>
    public static BalancerSettings Load(IConfiguration configuration)
    {
        var destinations = (configuration["destinations"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => Uri.TryCreate(d, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new ArgumentException($"'{d}' in destinations is not an http:// or https:// URL."))
            .ToList();
        if (destinations.Count == 0)
            throw new ArgumentException("No destinations: set --destinations http://127.0.0.1:4455,http://127.0.0.1:4456 (or the destinations environment variable).");
        var path = configuration["health_path"] ?? "/health/ready";
        if (!path.StartsWith('/')) throw new ArgumentException($"health_path '{path}' must start with /.");
        return new BalancerSettings(destinations, path, Milliseconds(configuration, "health_interval_ms", 1000), Milliseconds(configuration, "health_timeout_ms", 2000));
    }

    private static TimeSpan Milliseconds(IConfiguration configuration, string key, int fallback) =>
        int.TryParse(configuration[key] ?? fallback.ToString(), out var ms) && ms >= 100
            ? TimeSpan.FromMilliseconds(ms)
            : throw new ArgumentException($"{key} must be a whole number of milliseconds, at least 100.");
}
