using App.Data;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace App.Tests.Integration;

/// <summary>audit.retention: housekeeping removes what is older, and nothing younger, on a clock the test moves.</summary>
public sealed class AuditRetentionTests
{
    [Theory]
    [InlineData(null, 365)]
    [InlineData("30d", 30)]
    [InlineData("720h", 30)]
    public async Task Entries_older_than_the_retention_are_swept_and_younger_ones_kept(string? retention, int days)
    {
        var clock = new FakeClock();
        var settings = new Dictionary<string, string?>();
        if (retention is not null) settings["audit.retention"] = retention;
        using var portal = new PortalFactory(settings) { Clock = clock };

        await Steps.RegisterAsync(portal, new SoftwareAuthenticator(), $"old-{Guid.NewGuid():N}@example.com");
        clock.Advance(TimeSpan.FromDays(days) - TimeSpan.FromDays(2));
        await Steps.RegisterAsync(portal, new SoftwareAuthenticator(), $"young-{Guid.NewGuid():N}@example.com");

        // A day short of the retention for the first entry: both stay.
        clock.Advance(TimeSpan.FromDays(1));
        await SweepAsync(portal);
        Assert.Equal(2, (await TypesAsync(portal)).Count);

        // Two days later the first is a day past it and goes; the second, three days old, stays.
        clock.Advance(TimeSpan.FromDays(2));
        await SweepAsync(portal);
        var left = await TypesAsync(portal);
        Assert.Equal(["registration.succeeded"], left.Select(e => e.Type));
        Assert.Equal(clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(3), left[0].At, TimeSpan.FromMinutes(1));
    }

    private static Task SweepAsync(PortalFactory portal) =>
        portal.Services.GetServices<IHostedService>().OfType<Housekeeping>().Single().SweepAsync(CancellationToken.None);

    private static async Task<List<(string Type, DateTime At)>> TypesAsync(PortalFactory portal)
    {
        using var scope = portal.Services.CreateScope();
        var rows = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEvents.OrderBy(e => e.At).ToListAsync();
        return rows.Select(e => (e.Type, e.At)).ToList();
    }
}
