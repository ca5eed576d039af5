using System.Net;
using System.Text.Json.Nodes;
using App.Ceremonies;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;

namespace App.Tests.Integration;

/// <summary>A challenge expires on the server even while its flow is still valid.</summary>
public sealed class CeremonyExpiryTests : IDisposable
{
    private readonly FakeClock clock = new();
    private readonly PortalFactory portal;

    public CeremonyExpiryTests() => portal = new PortalFactory() { Clock = clock };

    [Fact]
    public async Task An_assertion_over_an_expired_challenge_is_refused_and_a_fresh_one_works()
    {
        var authenticator = new SoftwareAuthenticator();
        using (var client = portal.NewClient())
            Assert.Equal(HttpStatusCode.OK, (await Journeys.RegisterAsync(client, authenticator, "late@example.com")).Response.StatusCode);

        using var login = portal.NewClient();
        var flow = await login.CreateBrowserFlowAsync("login");
        var assertion = authenticator.Get(PortalClient.NodeValue(flow, "passkey_challenge"), portal.Origin);
        clock.Advance(CeremonyService.Lifetime + TimeSpan.FromSeconds(1));

        var refused = await login.SubmitJsonAsync("login", PortalClient.Id(flow), Body(flow, assertion));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var again = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!.AsObject();
        Assert.Contains(again["ui"]!["messages"]!.AsArray(), m => m!["type"]!.GetValue<string>() == "error");
        Assert.Equal(HttpStatusCode.Unauthorized, (await login.WhoAmIAsync()).StatusCode);

        var fresh = authenticator.Get(PortalClient.NodeValue(again, "passkey_challenge"), portal.Origin);
        var accepted = await login.SubmitJsonAsync("login", PortalClient.Id(flow), Body(again, fresh));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    private static JsonObject Body(JsonObject flow, string assertion) => new()
    {
        ["method"] = "passkey",
        ["csrf_token"] = PortalClient.Csrf(flow),
        ["passkey_login"] = assertion,
    };

    public void Dispose() => portal.Dispose();
}
