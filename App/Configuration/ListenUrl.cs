using System.Net;
using System.Net.Sockets;

namespace App.Configuration;

/// <summary>The address Kestrel binds for <c>serve.public</c> and <c>serve.admin</c>'s host and port.</summary>
public static class ListenUrl
{
    /// <summary>
    /// An empty host is every interface, as in Kratos; an IPv6 literal such as <c>::</c> is bracketed,
    /// since <c>http://:::4434</c> cannot be told apart from a port.
    /// </summary>
    public static string For(string? host, int port)
    {
        var name = host?.Trim() ?? "";
        if (name.Length == 0) name = "*";
        else if (IPAddress.TryParse(name, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6 && !name.StartsWith('[')) name = $"[{name}]";
        return $"http://{name}:{port}";
    }
}
