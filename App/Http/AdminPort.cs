using App.Configuration;

namespace App.Http;

/// <summary>
/// Keeps the admin API (<c>/admin/*</c>) on the admin listener only and the public API off it, as
/// Kratos separates its public and admin ports, and lets only authenticated callers reach it
/// (<see cref="Admin.AdminAuthentication"/>). The admin console (<c>/admin</c>, its sign-in and
/// sign-out) is on the admin listener too, but signs administrators in with a passkey instead, and
/// shares the pages' files and the circuit's connection with the public listener.
/// </summary>
public static class AdminPort
{
    /// <summary>What an interactive page loads, on whichever listener it is served.</summary>
    private static readonly string[] PageAssets = ["/_blazor", "/_framework", "/_content", "/css", "/js", "/themes", "/img", "/language"];

    public static IApplicationBuilder UseAdminPortSeparation(this IApplicationBuilder app, PortalSettings settings) => app.Use(async (http, next) =>
    {
        var onAdminPort = IsAdminListener(http, settings);
        var path = http.Request.Path;
        var isAdminPath = path.StartsWithSegments("/admin");
        var isConsole = Admin.Console.ConsoleEndpoints.IsConsolePath(path);
        if (onAdminPort && settings.ConsoleEnabled && path == "/")
        {
            http.Response.Redirect(Admin.Console.ConsoleEndpoints.HomePath);
            return;
        }
        // Whether a path is shared is asked only of a request on the wrong listener, not of every public one.
        if ((onAdminPort != isAdminPath && !IsShared(path, settings)) || (isConsole && !settings.ConsoleEnabled))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        // The reference page, like the document it reads, describes the API without acting on it.
        if (onAdminPort && isAdminPath && !isConsole && !OpenApi.ApiReference.IsReferencePath(path) && !await Admin.AdminAuthentication.AuthenticateAsync(http)) return;
        await next(http);
    });

    /// <summary>The request came in on the admin listener.</summary>
    public static bool IsAdminListener(HttpContext http, PortalSettings settings) =>
        http.Connection.LocalPort == settings.Options.Serve.Admin.Port && http.Connection.LocalPort != 0;

    private static bool IsShared(PathString path, PortalSettings settings) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/version") || path.StartsWithSegments("/schemas")
        || path == OpenApi.ApiDocuments.Path
        || (settings.ConsoleEnabled && PageAssets.Any(p => path.StartsWithSegments(p)));
}
