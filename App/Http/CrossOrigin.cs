using App.Configuration;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace App.Http;

/// <summary>
/// The framework's CORS middleware with <c>serve.public.cors</c>'s policy, on the public listener
/// only: the admin API is never called from a browser on another origin.
/// </summary>
public static class CrossOrigin
{
    public static IServiceCollection AddCrossOrigin(this IServiceCollection services, PortalSettings settings)
    {
        var cors = settings.Options.Serve.Public.Cors;
        if (!cors.Enabled) return services;
        return services.AddCors(options => options.AddDefaultPolicy(Policy(cors)));
    }

    public static IApplicationBuilder UseCrossOrigin(this IApplicationBuilder app, PortalSettings settings)
    {
        if (!settings.Options.Serve.Public.Cors.Enabled) return app;
        return app.UseWhen(http => !AdminPort.IsAdminListener(http, settings), branch => branch.UseCors());
    }

    public static CorsPolicy Policy(CrossOriginOptions cors)
    {
        var builder = new CorsPolicyBuilder()
            .WithMethods([.. cors.Methods])
            .WithHeaders([.. cors.Headers])
            .WithExposedHeaders([.. cors.Exposed]);
        var origins = cors.Origins;
        if (origins.Contains("*")) builder.AllowAnyOrigin();
        else builder.SetIsOriginAllowed(origin => origins.Any(pattern => Matches(pattern, origin)));
        if (cors.AllowCredentials) builder.AllowCredentials();
        if (cors.MaxAge > 0) builder.SetPreflightMaxAge(TimeSpan.FromSeconds(cors.MaxAge));
        return builder.Build();
    }

    /// <summary>
    /// An origin against one allowed pattern, case-insensitively, as browsers send origins in lower
    /// case. A <c>*</c> stands for any run of characters, as in Kratos: <c>https://*.example.com</c>
    /// allows <c>https://a.b.example.com</c> but not <c>https://example.com</c> nor <c>https://evil-example.com</c>.
    /// </summary>
    public static bool Matches(string pattern, string origin)
    {
        var star = pattern.IndexOf('*');
        if (star < 0) return string.Equals(pattern.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase);
        var prefix = pattern[..star];
        var suffix = pattern[(star + 1)..];
        return origin.Length >= prefix.Length + suffix.Length
            && origin.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && origin.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
    }
}
