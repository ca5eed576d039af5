using App.Configuration;
using App.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Security;

/// <summary>A limit to check: at most <paramref name="Limit"/> hits in <paramref name="Bucket"/> within the window.</summary>
public sealed record RateLimit(string Bucket, int Limit);

/// <summary>
/// Sliding-window limits kept in the database, so every instance on one database counts together
/// and a restart forgets nothing. A request is counted only when it is allowed; its hits are saved
/// with the rest of the request's unit of work.
/// </summary>
public sealed class RateLimiter(PortalDbContext db, PortalSettings settings, TimeProvider clock)
{
    /// <summary>Null when every limit allows the request (and its hits are recorded); otherwise how long to wait.</summary>
    public async Task<TimeSpan?> TryHitAsync(params RateLimit[] limits)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var window = settings.RateLimitWindow;
        var since = now - window;
        var buckets = limits.Select(l => l.Bucket).ToArray();
        var counts = await db.RateLimitHits.AsNoTracking()
            .Where(h => buckets.Contains(h.Bucket) && h.At > since)
            .GroupBy(h => h.Bucket)
            .Select(g => new { Bucket = g.Key, Count = g.Count(), Oldest = g.Min(h => h.At) })
            .ToListAsync();
        TimeSpan? wait = null;
        foreach (var limit in limits)
        {
            var seen = counts.FirstOrDefault(c => c.Bucket == limit.Bucket);
            if (seen is null || seen.Count < limit.Limit) continue;
            // The oldest hit leaves the window first; until then the bucket stays full.
            var until = seen.Oldest + window - now;
            if (wait is null || until > wait) wait = until;
        }
        if (wait is not null) return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
        foreach (var bucket in buckets) db.RateLimitHits.Add(new RateLimitHit { Bucket = bucket, At = now });
        return null;
    }

    /// <summary>
    /// Who a per-IP limit counts: the IPv4 address, or the /64 of an IPv6 one, since one home or
    /// one server is given a whole /64 and could otherwise walk through its addresses.
    /// </summary>
    public static string ClientIp(HttpContext http) => http.Connection.RemoteIpAddress is not { } address ? "unknown"
        : address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString()
        : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? new System.Net.IPNetwork(Prefix64(address), 64).ToString()
        : address.ToString();

    private static System.Net.IPAddress Prefix64(System.Net.IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new System.Net.IPAddress(bytes);
    }
}
