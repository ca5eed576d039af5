using App.Components.Interactive;

namespace App.Http;

/// <summary>
/// Headers every response carries. Scripts and styles load only from the portal itself; pages
/// cannot be framed (clickjacking of a sign-in page is account takeover).
/// </summary>
public static class SecurityHeaders
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>
    /// An interactive page's MudBlazor components write their theme into a &lt;style&gt; element and
    /// position popovers and dialogs with style attributes, so inline styles are allowed there, and
    /// only there. Scripts stay restricted to the portal's own files on every page.
    /// </summary>
    private const string InteractiveContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        var headers = http.Response.Headers;
        headers["Content-Security-Policy"] = InteractivePageAttribute.Applies(http) ? InteractiveContentSecurityPolicy
            : OpenApi.ApiReference.IsReferencePath(http.Request.Path) ? OpenApi.ApiReference.ContentSecurityPolicy(http)
            : ContentSecurityPolicy;
        headers["X-Content-Type-Options"] = "nosniff";
        headers["X-Frame-Options"] = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        return next(http);
    });
}
