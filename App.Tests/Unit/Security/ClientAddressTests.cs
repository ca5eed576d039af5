using System.Net;
using App.Configuration;
using App.Security;
using Microsoft.AspNetCore.Http;
using static App.Tests.Unit.Configuration.TestConfig;

namespace App.Tests.Unit.Security;

/// <summary>What a per-IP limit counts, and which proxies may tell the portal a client's address.</summary>
public sealed class ClientAddressTests
{
    private static string ClientIp(string address) =>
        RateLimiter.ClientIp(new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse(address) } });

    [Theory]
    [InlineData("203.0.113.5", "203.0.113.5")]
    [InlineData("::ffff:203.0.113.5", "203.0.113.5")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void An_ipv6_client_is_counted_by_its_64_and_an_ipv4_one_by_its_address(string address, string bucket) =>
        Assert.Equal(bucket, ClientIp(address));

    [Fact]
    public void Without_an_address_the_client_shares_one_bucket() =>
        Assert.Equal("unknown", RateLimiter.ClientIp(new DefaultHttpContext()));

    [Theory]
    [InlineData("10.0.0.5", "10.0.0.5/32")]
    [InlineData(" 10.0.0.0/8 ", "10.0.0.0/8")]
    [InlineData("fd00::/8", "fd00::/8")]
    [InlineData("::1", "::1/128")]
    public void A_proxy_is_an_address_or_a_range(string value, string network) =>
        Assert.Equal(network, TrustedProxies.Parse(value)!.Value.ToString());

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("proxy.internal")]
    [InlineData("")]
    public void Anything_else_stops_start_up_naming_the_key(string value)
    {
        var error = ErrorFor(Refused(Local(), ("serve.public.trusted_proxies.0", value)), "serve.public.trusted_proxies.0");
        Assert.Contains("range", error.Fix);
    }
}
