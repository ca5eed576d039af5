using System.Net;

namespace App.Configuration;

/// <summary>Where the admin API listens, and whether only this machine can reach it.</summary>
public static class AdminListener
{
    /// <summary>
    /// True for <c>localhost</c> and loopback addresses (127.0.0.0/8, ::1). Anything else, a wildcard
    /// such as 0.0.0.0 (Kratos's default) or a host name, may be reachable from other machines.
    /// </summary>
    public static bool IsLoopbackHost(string? host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host?.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
