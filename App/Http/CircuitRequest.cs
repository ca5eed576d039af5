using Microsoft.AspNetCore.Components.Authorization;

namespace App.Http;

/// <summary>
/// The facts of the browser behind an interactive page. They travel as the user of the page's
/// request (while it prerenders) and of the circuit's connection, which the framework refreshes on
/// every reconnection (<see cref="RequestFactsMiddleware"/> puts them there).
/// </summary>
public sealed class CircuitRequest(AuthenticationStateProvider authentication)
{
    public async Task<RequestFacts> FactsAsync() => RequestFacts.FromPrincipal((await authentication.GetAuthenticationStateAsync()).User);
}
