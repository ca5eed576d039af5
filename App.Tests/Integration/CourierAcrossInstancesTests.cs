using System.Collections.Concurrent;
using App.Courier;
using App.Data;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace App.Tests.Integration;

/// <summary>
/// The courier of many instances on one PostgreSQL database: each worker claims a batch of its own
/// (<c>FOR UPDATE SKIP LOCKED</c>), so every message is claimed once and sent once, and a claim left
/// by an instance that died mid-send is taken over once its lease has run out.
/// </summary>
public sealed class CourierAcrossInstancesTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    private sealed class CountingTransport(string instance, ConcurrentQueue<(string Instance, Guid Id)> attempts) : IMailTransport
    {
        public string Describe() => "a counting transport";
        public async Task SendAsync(CourierMessage message, CancellationToken cancel)
        {
            attempts.Enqueue((instance, message.Id));
            await Task.Delay(2, cancel); // a delivery takes a moment, so the workers overlap
        }
    }

    private static PortalFactory Portal(string dsn, string name, ConcurrentQueue<(string, Guid)> attempts, string poll = "1s") =>
        new(new Dictionary<string, string?> { ["dsn"] = dsn, ["courier.worker.poll_interval"] = poll })
        {
            ExtraServices = s => s.AddSingleton<IMailTransport>(new CountingTransport(name, attempts)),
        };

    private static CourierWorker Worker(PortalFactory portal) => portal.Services.GetServices<IHostedService>().OfType<CourierWorker>().Single();

    [Fact]
    public async Task Two_instances_send_each_of_a_few_hundred_messages_exactly_once()
    {
        var dsn = server.CreateDatabase();
        var attempts = new ConcurrentQueue<(string Instance, Guid Id)>();
        using var a = Portal(dsn, "a", attempts);
        using var b = Portal(dsn, "b", attempts);
        var workers = new[] { Worker(a), Worker(b) };
        var ids = await QueueAsync(a, 300);

        // Both instances' own loops run too; these drive the two workers at once until nothing is due.
        await Task.WhenAll(workers.SelectMany(w => Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (await w.DeliverDueAsync(CancellationToken.None) > 0) { }
        }))));
        await WaitAsync(a, m => m.Status == CourierStatuses.Sent, ids.Count);

        Assert.Equal(ids.Order(), attempts.Select(x => x.Id).Order());
        Assert.Contains(attempts, x => x.Instance == "a");
        Assert.Contains(attempts, x => x.Instance == "b");
        await using var scope = a.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var messages = await db.CourierMessages.AsNoTracking().Include(m => m.Dispatches).ToListAsync();
        Assert.All(messages, m =>
        {
            // One claim each: a message two workers had both claimed would count two attempts.
            Assert.Equal(1, m.SendCount);
            Assert.Equal("success", Assert.Single(m.Dispatches).Status);
            Assert.Null(m.ClaimedUntil);
        });
    }

    /// <summary>
    /// The wake-up is in memory, so only the instance that queued a message is woken: that instance
    /// sends it at once, and the others need not hear of it. With a poll too long to matter, nothing
    /// but that wake-up can have sent it.
    /// </summary>
    [Fact]
    public async Task An_email_queued_on_one_instance_is_sent_at_once_by_that_instance()
    {
        var dsn = server.CreateDatabase();
        var attempts = new ConcurrentQueue<(string Instance, Guid Id)>();
        using var a = Portal(dsn, "a", attempts, poll: "1h");
        using var b = Portal(dsn, "b", attempts, poll: "1h");
        _ = Worker(b);

        var email = await EmailSteps.RegisterAndRequestCodeAsync(a);
        var sent = await EmailSteps.WaitForEmailAsync(a, email, m => m.Status == CourierStatuses.Sent);

        Assert.Equal([("a", sent.Id)], attempts);
        Assert.Equal(1, sent.SendCount);
    }

    [Fact]
    public async Task A_claim_whose_lease_ran_out_is_taken_over_and_one_still_held_is_left()
    {
        var dsn = server.CreateDatabase();
        var attempts = new ConcurrentQueue<(string Instance, Guid Id)>();
        using var a = Portal(dsn, "a", attempts);
        var now = DateTime.UtcNow;
        var lapsed = Claimed(now - TimeSpan.FromSeconds(1));
        var held = Claimed(now + CourierWorker.Lease);
        await using (var scope = a.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            db.CourierMessages.AddRange(lapsed, held);
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, await Worker(a).DeliverDueAsync(CancellationToken.None));

        Assert.Equal([lapsed.Id], attempts.Select(x => x.Id));
        await using (var scope = a.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var retried = await db.CourierMessages.AsNoTracking().Include(m => m.Dispatches).SingleAsync(m => m.Id == lapsed.Id);
            Assert.Equal(CourierStatuses.Sent, retried.Status);
            Assert.Equal(2, retried.SendCount);
            Assert.Equal("success", Assert.Single(retried.Dispatches).Status);
            var still = await db.CourierMessages.AsNoTracking().SingleAsync(m => m.Id == held.Id);
            Assert.Equal(CourierStatuses.Processing, still.Status);
            Assert.Equal(1, still.SendCount);
        }
    }

    /// <summary>A message an instance claimed and began to send, then died: its lease ends at <paramref name="until"/>.</summary>
    private static CourierMessage Claimed(DateTime until) => new()
    {
        Status = CourierStatuses.Processing, ClaimedUntil = until, SendCount = 1, Recipient = "claimed@example.com",
        Subject = "s", Body = "b", TemplateType = "login_code_valid",
        NextAttemptAt = until - CourierWorker.Lease, CreatedAt = until - CourierWorker.Lease, UpdatedAt = until - CourierWorker.Lease,
    };

    private static async Task<List<Guid>> QueueAsync(PortalFactory portal, int count)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = DateTime.UtcNow;
        var messages = Enumerable.Range(0, count).Select(i => new CourierMessage
        {
            Recipient = $"many-{i}@example.com", Subject = "s", Body = "b", TemplateType = "login_code_valid",
            NextAttemptAt = now, CreatedAt = now, UpdatedAt = now,
        }).ToList();
        db.CourierMessages.AddRange(messages);
        await db.SaveChangesAsync();
        return messages.Select(m => m.Id).ToList();
    }

    private static async Task WaitAsync(PortalFactory portal, System.Linq.Expressions.Expression<Func<CourierMessage, bool>> done, int count)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            if (await db.CourierMessages.CountAsync(done) == count) return;
            Assert.True(DateTime.UtcNow < until, "the messages were not all sent in time");
            await Task.Delay(100);
        }
    }
}
