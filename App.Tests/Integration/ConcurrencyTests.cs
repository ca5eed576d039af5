using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>Simultaneous requests: one address is taken at most once, and nothing ends in a 500.</summary>
public sealed class ConcurrencyTests : IDisposable
{
    private readonly PortalFactory portal = new();

    [Fact]
    public async Task Simultaneous_sign_ups_for_one_address_create_exactly_one_account()
    {
        const int attempts = 6;
        var clients = Enumerable.Range(0, attempts).Select(_ => portal.NewClient()).ToList();
        try
        {
            // Prepare every attempt first, then submit them together.
            var prepared = new List<(PortalClient Client, JsonObject Flow, SoftwareAuthenticator Key, string Credential)>();
            foreach (var client in clients)
            {
                var flow = await client.CreateBrowserFlowAsync("registration");
                var key = new SoftwareAuthenticator();
                prepared.Add((client, flow, key, key.Create(PortalClient.NodeValue(flow, "passkey_create_data"), portal.Origin)));
            }
            var responses = await Task.WhenAll(prepared.Select(p =>
                p.Client.SubmitJsonAsync("registration", PortalClient.Id(p.Flow), Steps.RegistrationBody(p.Flow, "race@example.com", p.Credential))));

            var statuses = responses.Select(r => (int)r.StatusCode).ToList();
            Assert.True(statuses.Count(s => s == 200) == 1, "Statuses: " + string.Join(",", statuses));
            Assert.All(statuses, s => Assert.True(s is 200 or 400, "Statuses: " + string.Join(",", statuses)));
            for (var i = 0; i < attempts; i++)
            {
                if (responses[i].StatusCode == HttpStatusCode.OK) continue;
                var body = await Wire.AssertFlowAsync(responses[i]);
                var ids = Wire.Ids(Wire.NodeMessages(body, "traits.email").Concat(Wire.FlowMessages(body)));
                Assert.Contains(4000007, ids);
                Assert.Equal(HttpStatusCode.Unauthorized, (await prepared[i].Client.WhoAmIAsync()).StatusCode);
            }

            // Only the winner's passkey signs in.
            var winners = 0;
            foreach (var p in prepared)
            {
                using var login = portal.NewClient();
                var (response, _) = await Journeys.LoginAsync(login, p.Key);
                if (response.StatusCode == HttpStatusCode.OK) winners++;
                else Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            }
            Assert.Equal(1, winners);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    [Fact]
    public async Task Many_simultaneous_sign_ins_all_succeed()
    {
        const int users = 8;
        var keys = new List<SoftwareAuthenticator>();
        for (var i = 0; i < users; i++)
        {
            var key = new SoftwareAuthenticator();
            await Steps.RegisterAsync(portal, key, $"crowd{i}@example.com");
            keys.Add(key);
        }

        var results = await Task.WhenAll(keys.Select(async key =>
        {
            using var client = portal.NewClient();
            var (response, body) = await Journeys.LoginAsync(client, key);
            return ((int)response.StatusCode, body.ToJsonString());
        }));
        Assert.All(results, r => Assert.True(r.Item1 == 200, r.Item2));
    }

    public void Dispose() => portal.Dispose();
}
