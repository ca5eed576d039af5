using App.Configuration;
using App.KratosJson;

namespace App.Ceremonies;

/// <summary>
/// <c>GET /.well-known/webauthn</c> (WebAuthn L3 §5.11.1): the origins of other sites that may use
/// this RP ID's passkeys. Browsers fetch it from <c>https://{rp.id}</c> before they let such a site
/// run a ceremony, so it must be served on the RP ID's host. Without related origins there is none.
/// </summary>
public static class RelatedOriginsEndpoint
{
    public const string Path = "/.well-known/webauthn";

    public static void MapRelatedOrigins(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, (PortalSettings settings, HttpContext http) =>
        {
            if (settings.RelatedOrigins.Count == 0)
                return Results.Json(KratosErrors.NotFound("No related origins are configured."), KratosJsonOptions.Default, statusCode: 404);
            // Browsers may cache it; a changed list reaches them within the hour.
            http.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Json(new { origins = settings.RelatedOrigins });
        });
}
