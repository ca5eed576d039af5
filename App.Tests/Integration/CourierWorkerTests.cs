using System.Collections.Concurrent;
using App.Courier;
using App.Data;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// The outbox worker against a scripted transport: retries with doubling waits, gives up after
/// <c>courier.message_retries</c> or at once on a permanent refusal, and picks up a message whose
/// worker died mid-delivery. (Delivery through a real SMTP server is in CourierSmtpTests and the browser tests.)
/// </summary>
public sealed class CourierWorkerTests
{
    private sealed class ScriptedTransport : IMailTransport
    {
        public readonly ConcurrentQueue<Exception?> Script = new();
        public readonly ConcurrentQueue<Guid> Attempts = new();
        /// <summary>When set, the next delivery waits for this task (a stalled connection).</summary>
        public Task? Hang;
        public string Describe() => "a scripted transport";
        public Task SendAsync(CourierMessage message, CancellationToken cancel)
        {
            Attempts.Enqueue(message.Id);
            if (Interlocked.Exchange(ref Hang, null) is { } hang) return hang;
            return Script.TryDequeue(out var failure) && failure is not null ? Task.FromException(failure) : Task.CompletedTask;
        }
    }

    private readonly FakeClock clock = new();
    private readonly ScriptedTransport transport = new();

    private PortalFactory Portal(Dictionary<string, string?>? settings = null) =>
        new(settings) { Clock = clock, ExtraServices = s => s.AddSingleton<IMailTransport>(transport) };

    [Fact]
    public async Task A_failed_delivery_is_retried_with_doubling_waits_and_sent_once()
    {
        using var portal = Portal();
        transport.Script.Enqueue(new MailTransportException("451 try later", permanent: false));
        transport.Script.Enqueue(new MailTransportException("451 try later", permanent: false));
        var email = await EmailSteps.RegisterAndRequestCodeAsync(portal);

        var first = await EmailSteps.WaitForEmailAsync(portal, email, m => m.SendCount == 1 && m.Status == CourierStatuses.Queued);
        Assert.Equal(TimeSpan.FromSeconds(5), first.NextAttemptAt - first.UpdatedAt);
        clock.Advance(TimeSpan.FromSeconds(5));
        var second = await EmailSteps.WaitForEmailAsync(portal, email, m => m.SendCount == 2 && m.Status == CourierStatuses.Queued);
        Assert.Equal(TimeSpan.FromSeconds(10), second.NextAttemptAt - second.UpdatedAt);
        clock.Advance(TimeSpan.FromSeconds(10));
        var sent = await EmailSteps.WaitForEmailAsync(portal, email, m => m.Status == CourierStatuses.Sent);

        Assert.Equal(3, sent.SendCount);
        Assert.Equal(["failed", "failed", "success"], sent.Dispatches.OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).Select(d => d.Status));
        Assert.Contains("451 try later", sent.Dispatches.First().Error);
        await Task.Delay(300);
        Assert.Equal(3, transport.Attempts.Count(id => id == sent.Id));
    }

    [Fact]
    public async Task A_permanent_refusal_abandons_the_message_at_once()
    {
        using var portal = Portal();
        transport.Script.Enqueue(new MailTransportException("550 no such user", permanent: true));
        var email = await EmailSteps.RegisterAndRequestCodeAsync(portal);

        var abandoned = await EmailSteps.WaitForEmailAsync(portal, email, m => m.Status == CourierStatuses.Abandoned);
        Assert.Equal(1, abandoned.SendCount);
        Assert.Contains("550 no such user", Assert.Single(abandoned.Dispatches).Error);
    }

    [Fact]
    public async Task Delivery_stops_after_the_configured_number_of_attempts()
    {
        using var portal = Portal(new() { ["courier.message_retries"] = "3" });
        for (var i = 0; i < 10; i++) transport.Script.Enqueue(new MailTransportException("connection refused", permanent: false));
        var email = await EmailSteps.RegisterAndRequestCodeAsync(portal);

        for (var attempt = 1; attempt < 3; attempt++)
        {
            await EmailSteps.WaitForEmailAsync(portal, email, m => m.SendCount == attempt && m.Status == CourierStatuses.Queued);
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        var abandoned = await EmailSteps.WaitForEmailAsync(portal, email, m => m.Status == CourierStatuses.Abandoned);
        Assert.Equal(3, abandoned.SendCount);
        Assert.Equal(3, abandoned.Dispatches.Count(d => d.Status == "failed"));
    }

    [Fact]
    public async Task A_message_whose_worker_stalled_mid_delivery_is_taken_over_once_its_claim_runs_out()
    {
        using var portal = Portal();
        var stalled = new TaskCompletionSource();
        transport.Hang = stalled.Task;
        var email = await EmailSteps.RegisterAndRequestCodeAsync(portal);

        // The background worker is stuck inside the first delivery, holding its claim.
        var stuck = await EmailSteps.WaitForEmailAsync(portal, email, m => m.Status == CourierStatuses.Processing && m.SendCount == 1);
        Assert.Empty(stuck.Dispatches);
        var another = portal.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<CourierWorker>().Single();
        Assert.Equal(0, await another.DeliverDueAsync(CancellationToken.None)); // nothing is due while the claim holds

        // Another worker (another instance) takes it over once the claim has run out.
        clock.Advance(CourierWorker.Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await another.DeliverDueAsync(CancellationToken.None));
        var sent = await EmailSteps.WaitForEmailAsync(portal, email, m => m.Status == CourierStatuses.Sent);
        Assert.Equal(2, sent.SendCount);

        // The stalled worker finally fails; its outcome no longer counts.
        stalled.SetException(new IOException("connection reset"));
        await Task.Delay(300);
        var final = await EmailSteps.LatestEmailAsync(portal, email);
        Assert.Equal(CourierStatuses.Sent, final.Status);
        Assert.Equal("success", Assert.Single(final.Dispatches).Status);
    }
}
