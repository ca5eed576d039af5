using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Integration.Support;
using Npgsql;
using Xunit.Abstractions;

namespace App.Tests.Cluster;

/// <summary>
/// Instance B killed with SIGKILL while sign-ins, registrations and sign-in emails run through the
/// balancer: the balancer takes B out within seconds and A carries on; after B is back, the
/// database holds nothing half-written and every email that was queued has been sent.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CrashTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private const int Workers = 6;
    private static readonly TimeSpan BeforeKill = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan AfterRestart = TimeSpan.FromSeconds(4);
    /// <summary>How long the balancer may take to stop sending to a dead instance.</summary>
    private static readonly TimeSpan Detection = TimeSpan.FromSeconds(3);

    private sealed record Attempt(string Kind, TimeSpan Started, HttpStatusCode? Status, string? Id, string Detail);

    [Fact]
    public async Task Sign_ins_go_on_through_A_when_B_is_killed_and_nothing_is_left_half_written()
    {
        var domain = $"crash-{Guid.NewGuid():N}.example";
        var people = new List<SoftwareAuthenticator>();
        for (var i = 0; i < Workers; i++)
        {
            var key = new SoftwareAuthenticator();
            using var browser = new ClusterBrowser();
            var (status, body) = await browser.RegisterAsync(cluster.PublicUrl, cluster.PublicUrl, key, $"worker{i}@{domain}", cluster.PublicUrl);
            Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
            people.Add(key);
        }

        var attempts = new ConcurrentBag<Attempt>();
        var clock = Stopwatch.StartNew();
        var end = BeforeKill + Down + AfterRestart;
        var load = Enumerable.Range(0, Workers).Select(w => Task.Run(() => WorkAsync(w, people[w], domain, clock, end, attempts))).ToArray();
        TimeSpan killedAt, restartedAt;
        try
        {
            await Task.Delay(BeforeKill);
            await cluster.B.KillAsync();
            killedAt = clock.Elapsed;
            await Task.Delay(Down);
            restartedAt = clock.Elapsed;
            await cluster.B.StartAsync();
            await Task.WhenAll(load);
        }
        finally
        {
            if (!cluster.B.IsRunning) await cluster.B.StartAsync();
        }

        var report = Report(attempts, killedAt, restartedAt);
        output.WriteLine(report);
        var signIns = attempts.Where(a => a.Kind == "sign-in").ToList();
        Assert.True(signIns.Count(a => a.Started < killedAt && a.Status == HttpStatusCode.OK) > 0, report);
        // Once the balancer has noticed, every sign-in while B is down is served by A.
        var whileDown = signIns.Where(a => a.Started > killedAt + Detection && a.Started < restartedAt).ToList();
        Assert.True(whileDown.Count > 0, report);
        Assert.True(whileDown.All(a => a.Status == HttpStatusCode.OK), "Sign-ins failed while B was out of the rotation.\n" + report + cluster.Logs);
        Assert.True(signIns.Any(a => a.Started > restartedAt && a.Status == HttpStatusCode.OK), report);

        // Every sign-in that answered 200 has its session, and every registration its identity.
        foreach (var kind in new[] { ("sign-in", "SELECT count(*) FROM sessions WHERE id = @id"), ("registration", "SELECT count(*) FROM identities WHERE id = @id") })
            foreach (var ok in attempts.Where(a => a.Kind == kind.Item1 && a.Status == HttpStatusCode.OK))
                Assert.True(await cluster.CountAsync(kind.Item2, ("id", Guid.Parse(ok.Id!))) == 1, $"{kind.Item1} {ok.Id} answered 200 but is not in the database.");

        Assert.Equal(0, await cluster.CountAsync("""
            SELECT count(*) FROM identities i
            WHERE EXISTS (SELECT 1 FROM identity_identifiers x WHERE x.identity_id = i.id AND x.value LIKE @d)
              AND NOT EXISTS (SELECT 1 FROM identity_passkeys p WHERE p.identity_id = i.id)
            """, ("d", "%@" + domain)));
        Assert.Equal(0, await cluster.CountAsync("SELECT count(*) FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM identities i WHERE i.id = s.identity_id)"));

        await EveryQueuedEmailIsSentAsync(domain, attempts.Count(a => a.Kind == "email" && a.Id == "queued"));
    }

    /// <summary>
    /// One worker's loop until <paramref name="end"/>: a sign-in each round, and every third round a
    /// new registration and a sign-in email, each through the balancer as a new browser.
    /// </summary>
    private async Task WorkAsync(int worker, SoftwareAuthenticator key, string domain, Stopwatch clock, TimeSpan end, ConcurrentBag<Attempt> attempts)
    {
        for (var round = 0; clock.Elapsed < end; round++)
        {
            await TryAsync("sign-in", clock, attempts, async () =>
            {
                using var browser = new ClusterBrowser();
                var (status, body) = await browser.SignInAsync(cluster.PublicUrl, cluster.PublicUrl, key, cluster.PublicUrl);
                return (status, body["session"]?["id"]?.GetValue<string>(), body.ToJsonString());
            });
            if (round % 3 != 0) continue;
            await TryAsync("registration", clock, attempts, async () =>
            {
                using var browser = new ClusterBrowser();
                var (status, body) = await browser.RegisterAsync(cluster.PublicUrl, cluster.PublicUrl, new SoftwareAuthenticator(),
                    $"new{worker}-{round}@{domain}", cluster.PublicUrl);
                return (status, body["identity"]?["id"]?.GetValue<string>(), body.ToJsonString());
            });
            await TryAsync("email", clock, attempts, async () =>
            {
                using var browser = new ClusterBrowser();
                var flow = await browser.ApiFlowAsync(cluster.PublicUrl, "login");
                var sent = await browser.SubmitAsync(cluster.PublicUrl, "login", flow,
                    new JsonObject { ["method"] = "code", ["identifier"] = $"mail{worker}-{round}@{domain}" });
                var body = await Wire.BodyAsync(sent);
                // 400 with the flow is Kratos's "sent" answer; only then was the email queued.
                return (sent.StatusCode, sent.StatusCode == HttpStatusCode.BadRequest && Wire.IsFlow(body) ? "queued" : null, body?.ToJsonString() ?? "");
            });
        }
    }

    /// <summary>Runs one step; a refused connection or a broken answer (B dying mid-request) is a failed attempt, not a failed test.</summary>
    private static async Task TryAsync(string kind, Stopwatch clock, ConcurrentBag<Attempt> attempts, Func<Task<(HttpStatusCode, string?, string)>> step)
    {
        var started = clock.Elapsed;
        try
        {
            var (status, id, detail) = await step();
            attempts.Add(new Attempt(kind, started, status, id, detail.Length > 300 ? detail[..300] : detail));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Xunit.Sdk.XunitException or System.Text.Json.JsonException)
        {
            attempts.Add(new Attempt(kind, started, null, null, e.Message));
        }
    }

    /// <summary>
    /// Waits until no email of this run is queued or claimed, then checks each ended sent and reached
    /// maildev. An email B had claimed when it died waits out its claim (the courier's two-minute lease).
    /// </summary>
    private async Task EveryQueuedEmailIsSentAsync(string domain, int answeredSent)
    {
        var like = ("d", (object)("%@" + domain));
        var deadline = DateTime.UtcNow + App.Courier.CourierWorker.Lease + TimeSpan.FromSeconds(60);
        while (await cluster.CountAsync("SELECT count(*) FROM courier_messages WHERE recipient LIKE @d AND status IN ('queued', 'processing')", like) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "Emails are still waiting long after their claims ran out.\n" + cluster.Logs);
            await Task.Delay(1000);
        }
        var queued = new List<Guid>();
        await using (var connection = await cluster.OpenDatabaseAsync())
        await using (var command = new NpgsqlCommand("SELECT id, status FROM courier_messages WHERE recipient LIKE @d", connection))
        {
            command.Parameters.AddWithValue("d", "%@" + domain);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Assert.Equal("sent", reader.GetString(1));
                queued.Add(reader.GetGuid(0));
            }
        }
        output.WriteLine($"{queued.Count} emails of this run, all sent, waited for {DateTime.UtcNow - (deadline - App.Courier.CourierWorker.Lease - TimeSpan.FromSeconds(60)):mm\\:ss}.");
        // Every request that answered "sent" queued one; one cut off by the kill may have queued one too.
        Assert.True(queued.Count >= answeredSent, $"{answeredSent} sign-in emails were answered as sent but {queued.Count} are in the outbox.");
        var delivered = (await Received.ForDomainAsync(cluster.Mail, domain)).Select(r => Received.OutboxId(r.MessageId)).ToHashSet();
        var missing = queued.Where(id => !delivered.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {queued.Count} emails are recorded as sent but never reached maildev: {string.Join(", ", missing.Take(10))}");
    }

    private static string Report(IEnumerable<Attempt> attempts, TimeSpan killedAt, TimeSpan restartedAt)
    {
        var text = new StringBuilder($"B killed at {killedAt.TotalSeconds:F1} s, restarted at {restartedAt.TotalSeconds:F1} s.\n");
        foreach (var a in attempts.OrderBy(a => a.Started))
            if (a.Status != HttpStatusCode.OK && !(a.Kind == "email" && a.Id == "queued"))
                text.AppendLine($"  {a.Started.TotalSeconds,6:F2} s {a.Kind}: {(a.Status is { } s ? (int)s : "no answer")} {a.Detail}");
        var kinds = attempts.GroupBy(a => a.Kind).Select(g => $"{g.Key}: {g.Count()}");
        return text.AppendLine(string.Join(", ", kinds)).ToString();
    }
}
