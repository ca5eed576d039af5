using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace App.Tests.Infrastructure;

/// <summary>What tests that start real processes need from this machine: a free port and the repository's folder.</summary>
internal static class LocalMachine
{
    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A port free on loopback, from below the kernel's ephemeral range (32768 and up): a port the kernel
    /// handed out could be taken by any outgoing connection, or by another process asking the same way,
    /// before the test binds it. Never the same port twice in one test run.
    /// </summary>
    public static int FreePort()
    {
        lock (Given)
        {
            while (true)
            {
                var port = Random.Shared.Next(20_000, 32_768);
                if (Given.Add(port) && Binds(IPAddress.Loopback, port) && (!Socket.OSSupportsIPv6 || Binds(IPAddress.IPv6Loopback, port))) return port;
            }
        }
    }

    private static bool Binds(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
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
