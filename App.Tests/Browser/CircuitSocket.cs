using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace App.Tests.Browser;

/// <summary>
/// Stands between a page and its circuit's WebSocket (<c>/_blazor</c>), to lose the connection at
/// the worst moment: when the browser's answer carrying a new passkey is on its way to the server,
/// or right after the server got it, before its reply reaches the browser.
/// </summary>
public sealed partial class CircuitSocket
{
    private readonly TaskCompletionSource credentialSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IWebSocketRoute? page;
    private IWebSocketRoute? server;
    private volatile bool muted;
    private int connections;

    /// <summary>Once: drop the connection instead of delivering the browser's message that carries a credential.</summary>
    public bool DropCredential { get; set; }

    /// <summary>Once: deliver the credential, then let nothing of the server's reply through.</summary>
    public bool MuteRepliesAfterCredential { get; set; }

    /// <summary>New connections are refused (the network is still down).</summary>
    public bool RefuseConnections { get; set; }

    /// <summary>How many connections reached the server.</summary>
    public int Connections => connections;

    /// <summary>Done when the credential was dropped or delivered.</summary>
    public Task CredentialSeen => credentialSeen.Task;

    public static async Task<CircuitSocket> AttachAsync(IPage target)
    {
        var socket = new CircuitSocket();
        await target.RouteWebSocketAsync(Hub(), socket.Route);
        return socket;
    }

    /// <summary>Closes the connection as a lost network would, from both ends.</summary>
    public async Task DropAsync()
    {
        if (page is { } p) await p.CloseAsync(new() { Code = 4000, Reason = "network lost" });
        if (server is { } s) await s.CloseAsync(new() { Code = 4000, Reason = "network lost" });
    }

    private void Route(IWebSocketRoute route)
    {
        if (RefuseConnections)
        {
            _ = route.CloseAsync(new() { Code = 4000, Reason = "network down" });
            return;
        }
        muted = false;
        page = route;
        var upstream = server = route.ConnectToServer();
        Interlocked.Increment(ref connections);
        route.OnMessage(frame =>
        {
            if (CarriesCredential(frame))
            {
                credentialSeen.TrySetResult();
                if (DropCredential)
                {
                    DropCredential = false;
                    _ = DropAsync();
                    return;
                }
                if (MuteRepliesAfterCredential)
                {
                    MuteRepliesAfterCredential = false;
                    muted = true;
                }
            }
            Forward(frame, upstream);
        });
        upstream.OnMessage(frame =>
        {
            if (!muted) Forward(frame, route);
        });
    }

    private static void Forward(IWebSocketFrame frame, IWebSocketRoute to)
    {
        if (frame.Binary is { } bytes) to.Send(bytes);
        else if (frame.Text is { } text) to.Send(text);
    }

    /// <summary>The browser's answer to "make a passkey": a registration response has an attestation object.</summary>
    private static bool CarriesCredential(IWebSocketFrame frame) =>
        (frame.Text ?? (frame.Binary is { } b ? Encoding.UTF8.GetString(b) : "")).Contains("attestationObject", StringComparison.Ordinal);

    [GeneratedRegex("/_blazor")]
    private static partial Regex Hub();
}
