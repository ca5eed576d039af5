using System.Security.Cryptography;
using App.Configuration;
using App.Data;
using App.Sessions;
using Microsoft.EntityFrameworkCore;

namespace App.Admin.Console;

/// <summary>
/// The console's own sessions and their cookie. Cookies do not isolate by port, so the cookie has a
/// name of its own (a public session cookie never opens the console, nor this one a public page),
/// is HttpOnly and SameSite=Strict, and is read only from requests on the admin listener.
/// </summary>
public sealed class ConsoleSessions(PortalDbContext db, PortalSettings settings, TimeProvider clock)
{
    public const string CookieName = "portal_admin_console";
    private const string TokenPrefix = "portal_ac_";

    /// <summary>A working day; an administrator signs in again after it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    /// <summary>Adds a new console session to the unit of work and returns its token.</summary>
    public (ConsoleSession Session, string Token) Issue(Guid identityId, HttpContext http)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = TokenPrefix + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32);
        var session = new ConsoleSession
        {
            TokenHash = SessionTokens.Hash(token),
            IdentityId = identityId,
            IssuedAt = now,
            ExpiresAt = now + Lifetime,
            IpAddress = http.Connection.RemoteIpAddress?.ToString(),
            UserAgent = http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 512)] : null,
        };
        db.ConsoleSessions.Add(session);
        return (session, token);
    }

    /// <summary>The console session of this token, while it lasts.</summary>
    public async Task<ConsoleSession?> FindAsync(string? token, CancellationToken cancel = default)
    {
        if (token is null || !token.StartsWith(TokenPrefix, StringComparison.Ordinal) || !SessionTokens.IsWellFormed(token)) return null;
        var hash = SessionTokens.Hash(token);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.ConsoleSessions.AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == hash && s.Active && s.ExpiresAt > now, cancel);
    }

    public Task EndAsync(Guid id) =>
        db.ConsoleSessions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, false));

    /// <summary>The cookie of a request on the admin listener; on any other listener there is none.</summary>
    public static string? TokenOf(HttpContext http, PortalSettings settings) =>
        OnAdminListener(http, settings) ? http.Request.Cookies[CookieName] : null;

    public static bool OnAdminListener(HttpContext http, PortalSettings settings) =>
        http.Connection.LocalPort != 0 && http.Connection.LocalPort == settings.Options.Serve.Admin.Port;

    public void SetCookie(HttpContext http, string token) =>
        http.Response.Cookies.Append(CookieName, token, Cookie(settings, clock.GetUtcNow() + Lifetime));

    public void ClearCookie(HttpContext http) => http.Response.Cookies.Delete(CookieName, Cookie(settings, null));

    // Path=/ because the circuit's connection (/_blazor) must carry it too; it is read on the admin listener only.
    private static CookieOptions Cookie(PortalSettings settings, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = settings.SecureConsoleCookies,
        Path = "/",
        Expires = expires,
    };
}
