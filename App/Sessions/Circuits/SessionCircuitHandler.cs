using App.Http;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace App.Sessions.Circuits;

/// <summary>
/// Tracks each circuit under the session its browser is signed in with, found again whenever the
/// connection comes (back) up, since the cookies may have changed meanwhile; forgets it when the
/// circuit is disposed.
/// </summary>
public sealed class SessionCircuitHandler(CircuitRequest request, InProcessRequests requests, SessionCircuits circuits, CircuitEnding ending) : CircuitHandler
{
    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var facts = await request.FactsAsync();
        var session = await requests.RunAsync(facts, async http =>
        {
            var current = await http.RequestServices.GetRequiredService<SessionService>().GetCurrentAsync(http);
            return current is null ? null : new { current.Id, current.IdentityId };
        }, cancellationToken);
        if (session is null)
        {
            circuits.Forget(circuit.Id);
            return;
        }
        circuits.Track(circuit.Id, session.Id, session.IdentityId, ending.RequestAsync);
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.Forget(circuit.Id);
        return Task.CompletedTask;
    }
}
