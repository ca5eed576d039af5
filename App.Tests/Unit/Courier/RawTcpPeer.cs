using System.Net;
using System.Net.Sockets;
using System.Text;

namespace App.Tests.Unit.Courier;

/// <summary>
/// Something on a port that is not a working SMTP server: it writes one fixed line to each
/// connection and hangs up (a web server, a host under maintenance), hangs up at once, or, with
/// <see cref="Silent"/>, accepts the connection and never says a word.
/// </summary>
public sealed class RawTcpPeer : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task serving;

    private RawTcpPeer(string? line, bool answer)
    {
        listener.Start();
        // A listener that never accepts still completes the TCP handshake: the client waits in vain.
        serving = answer ? ServeAsync(line) : Task.CompletedTask;
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public static RawTcpPeer Saying(string line) => new(line, answer: true);
    public static RawTcpPeer HangingUp() => new(null, answer: true);
    public static RawTcpPeer Silent() => new(null, answer: false);

    private async Task ServeAsync(string? line)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                if (line is not null) await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), stop.Token);
            }
        }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await serving;
        listener.Stop();
        stop.Dispose();
    }
}
