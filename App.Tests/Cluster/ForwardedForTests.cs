using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Integration.Support;

namespace App.Tests.Cluster;

/// <summary>
/// Behind the balancer a portal records the client's address, from X-Forwarded-For, only because
/// <c>serve.public.trusted_proxies</c> lists the balancer; a portal that does not list it records
/// the balancer's. The client connects from 127.0.0.2 and the balancer from 127.0.0.1, so the two
/// can be told apart on one machine.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ForwardedForTests(ClusterFixture cluster)
{
    private static readonly IPAddress Client = IPAddress.Parse("127.0.0.2");

    private async Task<SoftwareAuthenticator> RegisteredAsync()
    {
        var key = new SoftwareAuthenticator();
        using var browser = new ClusterBrowser(Client);
        var (status, body) = await browser.RegisterAsync(cluster.PublicUrl, cluster.PublicUrl, key, $"xff-{Guid.NewGuid():N}@cluster.example", cluster.PublicUrl);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        return key;
    }

    /// <summary>Signs in through <paramref name="via"/>, claiming an address of its own, and returns the address the session records.</summary>
    private async Task<string> SignedInAddressAsync(SoftwareAuthenticator key, string via, string origin)
    {
        using var browser = new ClusterBrowser(Client);
        var (status, body) = await browser.SignInAsync(via, via, key, origin, forwardedFor: "203.0.113.7");
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        var session = Guid.Parse(body["session"]!["id"]!.GetValue<string>());
        var me = await Wire.ObjectAsync(await browser.WhoAmIAsync(via));
        var device = Assert.Single(me["devices"]!.AsArray())!;
        var stored = await cluster.CountAsync("SELECT count(*) FROM sessions WHERE id = @id AND ip_address = @ip",
            ("id", session), ("ip", device["ip_address"]!.GetValue<string>()));
        Assert.Equal(1, stored);
        return device["ip_address"]!.GetValue<string>();
    }

    [Fact]
    public async Task Through_the_balancer_the_session_records_the_clients_address_and_not_one_the_client_claims()
    {
        var key = await RegisteredAsync();
        Assert.Equal("127.0.0.2", await SignedInAddressAsync(key, cluster.PublicUrl, cluster.PublicUrl));
        // Straight to an instance, the same claim is the client's own and counts for nothing.
        Assert.Equal("127.0.0.2", await SignedInAddressAsync(key, cluster.A.BaseUrl, cluster.A.BaseUrl));
    }

    [Fact]
    public async Task A_portal_whose_trusted_proxies_do_not_list_the_balancer_records_the_balancers_address()
    {
        var key = await RegisteredAsync();
        var port = BalancerProcess.ChoosePort();
        var origin = $"http://localhost:{port}";
        // 192.0.2.1 is documentation's address: a proxy list that names someone, but not this balancer.
        await using var distrustful = new PortalInstance("portal C", cluster.Settings(["192.0.2.1"], [origin]));
        await distrustful.StartAsync();
        await using var balancer = await BalancerProcess.StartAsync(port, [distrustful]);
        Assert.Equal("127.0.0.1", await SignedInAddressAsync(key, balancer.BaseUrl, origin));
    }
}
