using System.Net;
using App.Audit;
using App.Data;
using App.KratosJson;
using App.Security;

namespace App.Admin;

/// <summary>
/// Who is calling the admin API. With keys configured, a request names itself with
/// <c>Authorization: Bearer &lt;key&gt;</c> and acts as <c>admin:&lt;key name&gt;</c>; without keys, only a
/// caller on this machine, over loopback, is let in, as <c>admin:local</c>. Refusals are a 401 in
/// Kratos's shape, audited without the key; an address that keeps failing is answered 429 for a while.
/// </summary>
public static class AdminAuthentication
{
    public const string LocalName = "local";
    /// <summary>Failed attempts one address may make per rate-limit window before it is refused outright.</summary>
    public const int FailuresPerIp = 20;

    /// <summary>True when the request may go on; otherwise the refusal has been written.</summary>
    public static async Task<bool> AuthenticateAsync(HttpContext http)
    {
        var keys = http.RequestServices.GetRequiredService<AdminApiKeys>();
        var presented = BearerOf(http.Request);
        if (!keys.Required && IsLoopback(http.Connection))
        {
            AuditActor.SetAdmin(http, LocalName);
            return true;
        }
        if (presented is not null && keys.NameOf(presented) is { } name)
        {
            AuditActor.SetAdmin(http, name);
            return true;
        }
        await RefuseAsync(http, presented is null ? "missing" : keys.Required ? "unknown_key" : "no_keys_configured");
        return false;
    }

    private static async Task RefuseAsync(HttpContext http, string reason)
    {
        var services = http.RequestServices;
        var limiter = services.GetRequiredService<RateLimiter>();
        var wait = await limiter.TryHitAsync(new RateLimit("admin.auth_failed.ip:" + RateLimiter.ClientIp(http), FailuresPerIp));
        if (wait is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Results.Json(KratosErrors.TooManyRequests("Too many failed attempts at the admin API from this address.", retryAfter),
                KratosJsonOptions.Default, statusCode: 429).ExecuteAsync(http);
            return;
        }
        AuditActor.SetAnonymous(http);
        services.GetRequiredService<AuditLog>().Add(AuditEvents.AdminAuthenticationFailed, http,
            details: new { reason, method = http.Request.Method, path = http.Request.Path.Value });
        await services.GetRequiredService<PortalDbContext>().SaveChangesAsync();
        http.Response.Headers.WWWAuthenticate = "Bearer realm=\"admin\"";
        await Results.Json(KratosErrors.AdminUnauthorized(), KratosJsonOptions.Default, statusCode: 401).ExecuteAsync(http);
    }

    private static string? BearerOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var key = header["Bearer ".Length..].Trim();
        return key.Length > 0 ? key : null;
    }

    /// <summary>Both ends of the connection on this machine: the listener is bound to loopback, or the caller came over it.</summary>
    private static bool IsLoopback(ConnectionInfo connection) =>
        connection.LocalIpAddress is { } local && IPAddress.IsLoopback(local)
        && connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
}
