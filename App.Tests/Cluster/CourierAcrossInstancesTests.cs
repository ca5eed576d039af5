using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Integration.Support;

namespace App.Tests.Cluster;

/// <summary>
/// The outbox is one table that both instances' courier workers read: a thousand emails queued on
/// the two instances reach the SMTP server (maildev) each exactly once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class CourierAcrossInstancesTests(ClusterFixture cluster)
{
    private const int Count = 1000;

    [Fact]
    public async Task A_thousand_emails_queued_on_both_instances_are_each_delivered_exactly_once()
    {
        var domain = $"bulk-{Guid.NewGuid():N}.example";
        var addresses = Enumerable.Range(0, Count).Select(i => $"person{i}@{domain}").ToList();
        // Queued through the product: an email sign-in asked for each address, half on each instance.
        // The addresses have no account; notify_unknown_recipients makes the portal send them its
        // "no account" email, so no thousand accounts are needed.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await Parallel.ForEachAsync(Enumerable.Range(0, Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancel) =>
        {
            var on = i % 2 == 0 ? cluster.A.BaseUrl : cluster.B.BaseUrl;
            var flow = (await Wire.ObjectAsync(await http.GetAsync($"{on}/self-service/login/api", cancel)))["id"]!.GetValue<string>();
            var sent = await http.PostAsync($"{on}/self-service/login?flow={flow}",
                new StringContent(new JsonObject { ["method"] = "code", ["identifier"] = addresses[i] }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), cancel);
            await Wire.AssertFlowAsync(sent);
        });

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        List<(string To, string MessageId)> received;
        while (true)
        {
            received = await Received.ForDomainAsync(cluster.Mail, domain);
            var waiting = await cluster.CountAsync("SELECT count(*) FROM courier_messages WHERE recipient LIKE @d AND status <> 'sent'", ("d", "%@" + domain));
            if (received.Count >= Count && waiting == 0) break;
            Assert.True(DateTime.UtcNow < deadline, $"After 3 minutes maildev has {received.Count} of {Count}; {waiting} not sent.\n{cluster.Logs}");
            await Task.Delay(1000);
        }
        // A second copy sent late would arrive after the first: look once more.
        await Task.Delay(2000);
        received = await Received.ForDomainAsync(cluster.Mail, domain);

        var twice = received.GroupBy(r => r.To).Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
        Assert.True(twice.Count == 0, "Delivered more than once: " + string.Join(", ", twice.Take(20)));
        Assert.Equal(addresses.Order(), received.Select(r => r.To).Order());
        Assert.Equal(Count, received.Select(r => r.MessageId).Distinct().Count());
        // Each message was claimed once, by one worker, and recorded as sent.
        Assert.Equal(Count, await cluster.CountAsync(
            "SELECT count(*) FROM courier_messages WHERE recipient LIKE @d AND status = 'sent' AND send_count = 1", ("d", "%@" + domain)));
    }
}
