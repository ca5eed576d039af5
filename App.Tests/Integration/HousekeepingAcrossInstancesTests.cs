using App.Data;
using App.Security;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace App.Tests.Integration;

/// <summary>
/// Every instance runs the sweep; on one PostgreSQL database one sweeps at a time (an advisory lock),
/// and one finding another at it leaves it be.
/// </summary>
public sealed class HousekeepingAcrossInstancesTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private static PortalFactory Portal(string dsn) => new(new Dictionary<string, string?> { ["dsn"] = dsn });

    private static Housekeeping Sweeper(PortalFactory portal) => portal.Services.GetServices<IHostedService>().OfType<Housekeeping>().Single();

    [Fact]
    public async Task A_sweep_leaves_the_tables_to_the_instance_already_sweeping()
    {
        var dsn = server.CreateDatabase();
        using var portal = Portal(dsn);
        await AddHitsAsync(portal, 10);

        // Another instance, mid-sweep, holds the lock in its transaction.
        await using (var other = new NpgsqlConnection(server.ConnectionString(PostgresServer.DatabaseOf(dsn))))
        {
            await other.OpenAsync();
            await using var transaction = await other.BeginTransactionAsync();
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({Housekeeping.LockKey})", other, transaction))
                await take.ExecuteNonQueryAsync();

            Assert.False(await Sweeper(portal).SweepAsync(CancellationToken.None));
            Assert.Equal(11, await HitsAsync(portal));
        }

        // Its sweep over, the lock went with its transaction.
        Assert.True(await Sweeper(portal).SweepAsync(CancellationToken.None));
        Assert.Equal(1, await HitsAsync(portal));
    }

    [Fact]
    public async Task Two_instances_sweeping_at_once_both_finish_and_the_old_rows_go()
    {
        var dsn = server.CreateDatabase();
        using var a = Portal(dsn);
        using var b = Portal(dsn);
        for (var round = 0; round < 10; round++)
        {
            await AddHitsAsync(a, 200);
            var swept = await Task.WhenAll(Task.Run(() => Sweeper(a).SweepAsync(CancellationToken.None)), Task.Run(() => Sweeper(b).SweepAsync(CancellationToken.None)));
            Assert.Contains(true, swept);
            Assert.Equal(1 + round, await HitsAsync(a));
        }
    }

    /// <summary>Adds <paramref name="old"/> hits long past any window and one current hit.</summary>
    private static async Task AddHitsAsync(PortalFactory portal, int old)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = DateTime.UtcNow;
        db.RateLimitHits.AddRange(Enumerable.Range(0, old).Select(i => new RateLimitHit { Bucket = $"old-{i}", At = now - TimeSpan.FromDays(3) }));
        db.RateLimitHits.Add(new RateLimitHit { Bucket = "current", At = now });
        await db.SaveChangesAsync();
    }

    private static async Task<int> HitsAsync(PortalFactory portal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().RateLimitHits.CountAsync();
    }
}
