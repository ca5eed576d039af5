namespace LoadBalancer;

/// <summary>What the balancer is told: where the portals are and how to probe them.</summary>
public sealed record BalancerSettings(IReadOnlyList<Uri> Destinations, string HealthPath, TimeSpan HealthInterval)
{
    public const string DefaultUrl = "http://127.0.0.1:4400";

    /// <summary>
    /// <c>destinations</c>: the portals' public listeners, comma-separated. <c>health_path</c>: the
    /// readiness probe (default <c>/health/ready</c>, which answers 503 while the database is out of reach).
    /// <c>health_interval_ms</c>: how often each instance is probed (default 1000).
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
        var interval = int.TryParse(configuration["health_interval_ms"] ?? "1000", out var ms) && ms >= 100
            ? TimeSpan.FromMilliseconds(ms)
            : throw new ArgumentException("health_interval_ms must be a whole number of milliseconds, at least 100.");
        return new BalancerSettings(destinations, path, interval);
    }
}
