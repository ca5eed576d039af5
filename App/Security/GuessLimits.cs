using App.Configuration;

namespace App.Security;

/// <summary>
/// The limits on trying codes for an address: emailed codes and backup codes count in the same
/// buckets (<c>selfservice.methods.code.config.rate_limits.submissions_per_*</c>), so switching
/// from one kind of code to the other buys no extra guesses.
/// </summary>
public sealed class GuessLimits(RateLimiter limiter, Secrets secrets, PortalSettings settings)
{
    /// <summary>Null when this try may go ahead (and is counted); otherwise how long to wait.</summary>
    public async Task<TimeSpan?> TryAsync(string address, HttpContext http)
    {
        var limits = settings.Options.SelfService.Methods.Code.Config.RateLimits;
        return await limiter.TryHitAsync(
            new RateLimit("code.submit.address:" + await BucketKeyAsync(address), limits.SubmissionsPerAddress),
            new RateLimit("code.submit.ip:" + RateLimiter.ClientIp(http), limits.SubmissionsPerIp));
    }

    /// <summary>Rate-limit buckets name an address by a keyed hash, so the table never lists who tried.</summary>
    public async Task<string> BucketKeyAsync(string address) =>
        Convert.ToBase64String((await secrets.HmacAsync("rate_limit", address)).AsSpan(0, 16));
}
