using System.Security.Cryptography;
using Scalar.AspNetCore;

namespace App.Http.OpenApi;

/// <summary>
/// The browsable reference of the admin API at <c>/admin/docs</c>, on the admin listener only.
/// Scalar's page and its script come from the package itself, never from a CDN; the page starts
/// with an inline script, which runs only with this response's nonce.
/// </summary>
public static class ApiReference
{
    public const string Path = "/admin/docs";
    private const string NonceKey = "api-reference-nonce";

    public static bool IsReferencePath(PathString path) => path.StartsWithSegments(Path);

    /// <summary>
    /// The portal's policy, but with this response's nonce for the page's own inline script, and
    /// inline styles, which the reference's components set as they render. Nothing else is loosened.
    /// </summary>
    public static string ContentSecurityPolicy(HttpContext http)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        http.Items[NonceKey] = nonce;
        return $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
            "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    }

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference(Path, (options, http) =>
        {
            options.WithTitle("Identity portal: admin API")
                .WithOpenApiRoutePattern(ApiDocuments.Path)
                .DisableDefaultFonts()
                .DisableTelemetry()
                // Nothing on the page may reach a service outside the portal.
                .HideDeveloperTools()
                .DisableAgent()
                .DisableMcp()
                .AddPreferredSecuritySchemes(ApiDocuments.AdminKeyScheme)
                .WithNonce(http.Items[NonceKey] as string ?? "");
        });
        return app;
    }
}
