using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;

namespace App.Configuration;

/// <summary><c>serve.public.trusted_proxies</c>: the only senders whose forwarded client address counts.</summary>
public static class TrustedProxies
{
    /// <summary>An address is a range of one.</summary>
    public static IPNetwork? Parse(string value)
    {
        value = value.Trim();
        if (IPNetwork.TryParse(value, out var network)) return network;
        return IPAddress.TryParse(value, out var address) ? new IPNetwork(address, address.GetAddressBytes().Length * 8) : null;
    }

    public static ForwardedHeadersOptions Options(PortalSettings settings)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            // Each trusted hop peels one address off X-Forwarded-For; anything further left is the client's claim.
            ForwardLimit = settings.Options.Serve.Public.TrustedProxies.Count,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in settings.Options.Serve.Public.TrustedProxies)
            options.KnownIPNetworks.Add(Parse(proxy)!.Value);
        return options;
    }
}
