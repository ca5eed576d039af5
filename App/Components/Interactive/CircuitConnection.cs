using Microsoft.AspNetCore.Components.Server.Circuits;

namespace App.Components.Interactive;

/// <summary>
/// Tells a page when its circuit's connection came back after a drop. Whatever the browser did
/// meanwhile (a passkey made while the connection was down) may never have reached the server, so
/// the page looks for it again.
/// </summary>
public sealed class CircuitConnection(ILogger<CircuitConnection> logger) : CircuitHandler
{
    private bool wasUp;

    public event Func<Task>? Reconnected;

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var again = wasUp;
        wasUp = true;
        // Not awaited: the handlers talk to the browser, whose answers the framework accepts only
        // once this reconnection has finished.
        if (again && Reconnected is { } handlers)
            foreach (var handler in handlers.GetInvocationList().Cast<Func<Task>>())
                _ = Task.Run(async () =>
                {
                    try { await handler(); }
                    catch (Exception e) { logger.LogWarning(e, "A page could not resume after its circuit reconnected"); }
                });
        return Task.CompletedTask;
    }
}
