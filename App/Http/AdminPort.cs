using App.Configuration;

namespace App.Http;

/// <summary>
/// Keeps the admin API (<c>/admin/*</c>) on the admin listener only and the public API off it, as
/// Kratos separates its public and admin ports, and lets only authenticated callers reach it
/// (<see cref="Admin.AdminAuthentication"/>).
/// </summary>
public static class AdminPort
{
    public static IApplicationBuilder UseAdminPortSeparation(this IApplicationBuilder app, PortalSettings settings) => app.Use(async (http, next) =>
    {
        var onAdminPort = http.Connection.LocalPort == settings.Options.Serve.Admin.Port && http.Connection.LocalPort != 0;
        var isAdminPath = http.Request.Path.StartsWithSegments("/admin");
        var isShared = http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments("/version");
        if (!isShared && onAdminPort != isAdminPath)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (onAdminPort && isAdminPath && !await Admin.AdminAuthentication.AuthenticateAsync(http)) return;
        await next(http);
    });
}
