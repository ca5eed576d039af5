using App.Audit;
using App.Configuration;
using App.Data;
using App.KratosJson;
using App.Sessions.Circuits;
using Microsoft.EntityFrameworkCore;

namespace App.Sessions;

/// <summary>
/// A signed-in user's other sessions (Kratos <c>listMySessions</c>, <c>disableMyOtherSessions</c>,
/// <c>disableMySession</c>): see where else the account is signed in, and end those sessions.
/// Ending sessions is sensitive: a session restricted after an email sign-in may not push the
/// owner out before it has saved a passkey.
/// </summary>
public static class MySessionsEndpoints
{
    public static IEndpointRouteBuilder MapMySessions(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sessions", ListAsync);
        app.MapDelete("/sessions", RevokeOthersAsync).Sensitive();
        app.MapDelete("/sessions/{id}", RevokeOneAsync).Sensitive();
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, SessionService sessions, PortalSettings settings)
    {
        if (await sessions.GetCurrentAsync(http) is not { } current) return NoSession();
        var (size, problem) = Paging.PageSize(http.Request);
        if (problem is not null) return problem;
        var others = sessions.OthersOf(current).AsNoTracking();
        var (after, badToken) = Paging.Token(http.Request);
        if (badToken is not null) return badToken;
        // Newest first.
        if (after is { } last) others = others.Where(s => s.Id.CompareTo(last) < 0);
        var rows = await others.OrderByDescending(s => s.Id).Take(size + 1).ToListAsync();
        var page = Paging.Page(http, rows, size, s => s.Id.ToString());
        return Results.Json(page.Select(s => SessionJson.From(s, null, settings)), KratosJsonOptions.Default);
    }

    private static async Task<IResult> RevokeOthersAsync(HttpContext http, SessionService sessions, PortalDbContext db, AuditLog audit, SessionCircuits circuits)
    {
        var current = (await sessions.GetCurrentAsync(http))!;
        var count = await sessions.OthersOf(current)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, false).SetProperty(x => x.LogoutTokenHash, (byte[]?)null));
        circuits.EndOtherSessions(current.IdentityId, current.Id);
        audit.Add(AuditEvents.SessionRevoked, http, current.IdentityId, current.Id, details: new { reason = "signed out other sessions", count });
        await db.SaveChangesAsync();
        return Results.Json(new { count }, KratosJsonOptions.Default);
    }

    private static async Task<IResult> RevokeOneAsync(string id, HttpContext http, SessionService sessions, PortalDbContext db, AuditLog audit, SessionCircuits circuits)
    {
        var current = (await sessions.GetCurrentAsync(http))!;
        if (!Guid.TryParse(id, out var sessionId)) return Paging.Bad("The session id is not a UUID.");
        if (sessionId == current.Id)
            return Paging.Bad("The current session cannot be revoked here; sign out instead.");
        var revoked = await sessions.OthersOf(current).Where(s => s.Id == sessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, false).SetProperty(x => x.LogoutTokenHash, (byte[]?)null));
        // Another identity's session looks exactly like one that does not exist.
        if (revoked == 0) return Results.Json(KratosErrors.NotFound("The session could not be found."), KratosJsonOptions.Default, statusCode: 404);
        circuits.EndSession(sessionId);
        audit.Add(AuditEvents.SessionRevoked, http, current.IdentityId, sessionId, details: new { reason = "signed out from another session", by = current.Id });
        await db.SaveChangesAsync();
        return Results.NoContent();
    }

    private static IResult NoSession() => Results.Json(KratosErrors.NoSession(), KratosJsonOptions.Default, statusCode: 401);
}
