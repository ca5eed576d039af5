using App.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Fuzz;

/// <summary>One route of the portal as its endpoint data source lists it, so a new endpoint is fuzzed without naming it here.</summary>
public sealed record Route(string Pattern, string[] Methods, string[] Parameters, bool IsPage)
{
    public bool IsAdmin => Pattern.StartsWith("/admin", StringComparison.Ordinal);

    public override string ToString() => $"{string.Join(',', Methods)} {Pattern}";
}

public static class Routes
{
    /// <summary>Every routed endpoint but the framework's own files (static assets, the circuit's hub), which the portal does not answer itself.</summary>
    public static IReadOnlyList<Route> Of(PortalFactory portal)
    {
        var source = portal.Services.GetRequiredService<EndpointDataSource>();
        return source.Endpoints.OfType<RouteEndpoint>()
            .Select(e => new Route(
                "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToArray() is { Length: > 0 } methods ? methods : ["GET", "POST"],
                e.RoutePattern.Parameters.Select(p => p.Name).ToArray(),
                e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null))
            .Where(r => !IsFrameworkFile(r.Pattern))
            .DistinctBy(r => r.ToString())
            .OrderBy(r => r.Pattern, StringComparer.Ordinal)
            .ToList();
    }

    private static bool IsFrameworkFile(string pattern) =>
        pattern.StartsWith("/_framework", StringComparison.Ordinal) || pattern.StartsWith("/_content", StringComparison.Ordinal)
        || pattern.StartsWith("/_blazor", StringComparison.Ordinal) || pattern.Contains("{**", StringComparison.Ordinal)
        || System.IO.Path.HasExtension(pattern.Split('/')[^1]);
}
