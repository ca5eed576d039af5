using System.Net;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Without keys, the admin API answers only this machine over loopback, even when the listener is
/// bound wider than <c>serve.admin.host</c> says (as <c>ASPNETCORE_URLS</c> can make it): the check is
/// made on each connection, not only on the configuration.
/// </summary>
public sealed class AdminLoopbackTests : IDisposable
{
    private readonly PortalFactory portal = PortalFactory.StartKestrelWithAdmin(
        new Dictionary<string, string?> { ["serve.admin.host"] = "127.0.0.1" }, adminAddress: IPAddress.Any);
    private readonly HttpClient admin = new();

    public void Dispose()
    {
        admin.Dispose();
        portal.Dispose();
    }

    [Fact]
    public async Task A_caller_over_the_network_is_refused_and_one_over_loopback_let_in()
    {
        var port = portal.AdminPort!.Value;
        var network = LocalMachine.NonLoopbackAddress();
        await Wire.AssertErrorAsync(await admin.GetAsync($"http://{network}:{port}/admin/identities"), HttpStatusCode.Unauthorized, null);
        // Without keys there is no key to present that would let a remote caller in.
        var guessed = new HttpRequestMessage(HttpMethod.Get, $"http://{network}:{port}/admin/identities");
        guessed.Headers.Authorization = new("Bearer", App.Admin.AdminKeyHash.NewKey());
        await Wire.AssertErrorAsync(await admin.SendAsync(guessed), HttpStatusCode.Unauthorized, null);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"http://127.0.0.1:{port}/admin/identities")).StatusCode);

        var failures = await admin.GetStringAsync($"http://127.0.0.1:{port}/admin/audit?type=admin.authentication_failed");
        Assert.Contains(network.ToString(), failures);
        Assert.Contains("\"missing\"", failures);
        Assert.Contains("no_keys_configured", failures);
    }
}
