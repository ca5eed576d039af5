using System.Reflection;
using App.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Http;

/// <summary>
/// Kratos's <c>isAlive</c>, <c>isReady</c> and <c>getVersion</c>, served on both listeners as Kratos
/// serves them. Ready means the database answers and carries every migration this build knows, so a
/// load balancer stops sending sign-ins to an instance whose database is gone or behind.
/// </summary>
public static class HealthEndpoints
{
    /// <summary>The build's version, without the source revision the SDK appends after a '+'.</summary>
    public static readonly string Version = (typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(HealthEndpoints).Assembly.GetName().Version?.ToString() ?? "unknown").Split('+')[0];

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/alive", () => Results.Json(new { status = "ok" }));
        app.MapGet("/health/ready", ReadyAsync);
        app.MapGet("/version", () => Results.Json(new { version = Version }));
        return app;
    }

    private static async Task<IResult> ReadyAsync(PortalDbContext db, ILoggerFactory logs, CancellationToken cancel)
    {
        string? problem;
        try
        {
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancel)).ToHashSet();
            var missing = db.Database.GetMigrations().Count(m => !applied.Contains(m));
            problem = missing == 0 ? null : $"{missing} database migrations are not applied.";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logs.CreateLogger(typeof(HealthEndpoints)).LogWarning(e, "The readiness check could not read the database.");
            problem = "The database could not be read.";
        }
        return problem is null
            ? Results.Json(new { status = "ok" })
            : Results.Json(new { errors = new Dictionary<string, string> { ["database"] = problem } }, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
