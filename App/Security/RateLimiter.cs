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

    public static string ClientIp(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
