using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace App.Tests.Infrastructure;

/// <summary>What tests that start real processes need from this machine: a free port and the repository's folder.</summary>
internal static class LocalMachine
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// An IPv4 address of this machine that is not loopback: what another machine would call. Fails the
    /// test on a machine without one, since what it checks cannot be shown over loopback.
    /// </summary>
    public static IPAddress NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? throw new InvalidOperationException("This machine has no non-loopback IPv4 address to bind the admin listener to.");

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Identity.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Identity.sln) was not found above the test binaries.");
    }
}
