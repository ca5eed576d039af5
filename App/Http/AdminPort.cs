using App.Configuration;

namespace App.Http;

/// <summary>
/// Keeps the admin API (<c>/admin/*</c>) on the admin listener only and the public API off it, as
/// Kratos separates its public and admin ports.
/// </summary>
public static class AdminPort
{
    public static IApplicationBuilder UseAdminPortSeparation(this IApplicationBuilder app, PortalSettings settings) => app.Use((http, next) =>
    {
        var onAdminPort = http.Connection.LocalPort == settings.Options.Serve.Admin.Port && http.Connection.LocalPort != 0;
        var isAdminPath = http.Request.Path.StartsWithSegments("/admin");
        var isShared = http.Request.Path.StartsWithSegments("/health") || http.Request.Path.StartsWithSegments("/version");
        // Whoever reaches the admin listener acts as an administrator; unnamed until API keys name them.
        if (onAdminPort && isAdminPath) Audit.AuditActor.SetAdmin(http, "local");
        if (isShared || onAdminPort == isAdminPath) return next(http);
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    });
}
