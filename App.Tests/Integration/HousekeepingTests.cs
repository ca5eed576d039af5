using App.Credentials.Codes;
using App.Data;
using App.Security;
using App.SelfService.Flows;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace App.Tests.Integration;

/// <summary>The sweep keeps tables the size of current use: old codes, rate-limit hits, errors and expired exchanges go, current ones stay.</summary>
public sealed class HousekeepingTests : IDisposable
{
    private readonly FakeClock clock = new();
    private readonly PortalFactory portal;

    public HousekeepingTests() => portal = new PortalFactory { Clock = clock };

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task Expired_codes_old_hits_old_errors_and_expired_exchanges_are_swept_and_current_ones_kept()
    {
        using (var client = portal.NewClient()) await client.CreateBrowserFlowAsync("login"); // starts the portal
        var now = clock.GetUtcNow().UtcDateTime;
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.OneTimeCodes.AddRange(Code(now - TimeSpan.FromDays(2)), Code(now + TimeSpan.FromMinutes(10)));
            db.RateLimitHits.AddRange(new RateLimitHit { Bucket = "old", At = now - TimeSpan.FromDays(2) }, new RateLimitHit { Bucket = "new", At = now });
            db.FlowErrors.AddRange(new FlowError { CreatedAt = now - TimeSpan.FromDays(2), UpdatedAt = now }, new FlowError { CreatedAt = now, UpdatedAt = now });
            db.SessionTokenExchanges.AddRange(Exchange(now - TimeSpan.FromMinutes(1)), Exchange(now + TimeSpan.FromMinutes(10)));
            await db.SaveChangesAsync();
        }

        await portal.Services.GetServices<IHostedService>().OfType<Housekeeping>().Single().SweepAsync(CancellationToken.None);

        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.Equal(1, await db.OneTimeCodes.CountAsync());
            Assert.True(await db.OneTimeCodes.AllAsync(c => c.ExpiresAt > now));
            Assert.Equal(["new"], await db.RateLimitHits.Select(h => h.Bucket).ToListAsync());
            Assert.Equal(1, await db.FlowErrors.CountAsync());
            Assert.True(await db.SessionTokenExchanges.AllAsync(e => e.ExpiresAt > now));
            Assert.Equal(1, await db.SessionTokenExchanges.CountAsync());
        }
    }

    private static App.Sessions.Exchanges.SessionTokenExchange Exchange(DateTime expiresAt) => new()
    {
        FlowId = Guid.NewGuid(), InitCodeHash = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), ExpiresAt = expiresAt,
    };

    private static OneTimeCode Code(DateTime expiresAt) => new()
    {
        FlowId = Guid.NewGuid(), Address = "sweep@example.com", CodeHmac = new byte[32], LinkHmac = new byte[32], ExpiresAt = expiresAt,
    };
}
