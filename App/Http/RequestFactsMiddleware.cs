using App.Components.Interactive;
using App.Configuration;

namespace App.Http;

/// <summary>Interactive pages and the circuit hub (<c>/_blazor</c>) carry the browser's request facts as their user.</summary>
public static class RequestFactsMiddleware
{
    public static IApplicationBuilder UseRequestFacts(this IApplicationBuilder app, PortalSettings settings) => app.Use((http, next) =>
    {
        if (http.Request.Path.StartsWithSegments("/_blazor") || InteractivePageAttribute.Applies(http))
            http.User = RequestFacts.From(http, settings).ToPrincipal();
        return next(http);
    });
}
