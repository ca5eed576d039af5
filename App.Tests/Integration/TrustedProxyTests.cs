using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using App.Tests.Infrastructure;

namespace App.Tests.Integration;

/// <summary>
/// Per-IP limits count the client behind a trusted proxy, and nobody else can choose their address
/// with a forged X-Forwarded-For.
/// </summary>
public sealed class TrustedProxyTests
{
    private static PortalFactory Portal(bool trustLoopback)
    {
        var settings = new Dictionary<string, string?>
        {
            ["selfservice.methods.code.config.rate_limits.sends_per_ip"] = "1",
            ["selfservice.methods.code.config.rate_limits.sends_per_address"] = "100",
        };
        if (trustLoopback)
        {
            settings["serve.public.trusted_proxies.0"] = "127.0.0.0/8";
            settings["serve.public.trusted_proxies.1"] = "::1";
        }
        return PortalFactory.StartKestrel(settings);
    }

    /// <summary>Asks for a sign-in email through an API flow, as a client behind <paramref name="forwardedFor"/>.</summary>
    private static async Task<HttpStatusCode> SendAsync(PortalFactory portal, string forwardedFor)
    {
        using var http = new HttpClient { BaseAddress = new Uri(portal.BaseUrl) };
        http.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        var flow = (await http.GetFromJsonAsync<JsonObject>("/self-service/login/api"))!;
        var response = await http.PostAsJsonAsync($"/self-service/login?flow={flow["id"]}",
            new JsonObject { ["method"] = "code", ["identifier"] = $"proxy-{Guid.NewGuid():N}@example.com" });
        return response.StatusCode;
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_client_has_its_own_limit()
    {
        using var portal = Portal(trustLoopback: true);
        Assert.Equal(HttpStatusCode.BadRequest, await SendAsync(portal, "203.0.113.5"));   // sent: the flow comes back, 400 as in Kratos
        Assert.Equal(HttpStatusCode.TooManyRequests, await SendAsync(portal, "203.0.113.5"));
        Assert.Equal(HttpStatusCode.BadRequest, await SendAsync(portal, "198.51.100.7"));
        // A client that adds its own address in front gains nothing: only the last hop counts.
        Assert.Equal(HttpStatusCode.TooManyRequests, await SendAsync(portal, "192.0.2.99, 203.0.113.5"));
    }

    [Fact]
    public async Task Without_trusted_proxies_a_forged_forwarded_address_is_ignored()
    {
        using var portal = Portal(trustLoopback: false);
        Assert.Equal(HttpStatusCode.BadRequest, await SendAsync(portal, "203.0.113.5"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SendAsync(portal, "198.51.100.7"));
    }
}
