using System.Net;
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

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Identity.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Identity.sln) was not found above the test binaries.");
    }
}
