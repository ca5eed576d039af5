namespace App.Sessions.Exchanges;

/// <summary>Kratos's <c>GET /sessions/token-exchange</c> (exchangeSessionToken).</summary>
public static class TokenExchangeEndpoint
{
    public static IEndpointRouteBuilder MapSessionTokenExchange(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sessions/token-exchange", (HttpContext http, SessionTokenExchanges exchanges) =>
        {
            http.Response.Headers.CacheControl = "private, no-cache, no-store, must-revalidate";
            return exchanges.RedeemAsync(http);
        });
        return app;
    }
}
