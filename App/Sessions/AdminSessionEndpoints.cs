using App.Admin;
using App.Configuration;
using App.KratosJson;

namespace App.Sessions;

/// <summary>
/// Kratos's admin session API (<c>listSessions</c>, <c>getSession</c>, <c>disableSession</c>,
/// <c>extendSession</c>, <c>listIdentitySessions</c>, <c>deleteIdentitySessions</c>), on the admin
/// listener only. The work is <see cref="SessionAdministration"/>'s.
/// </summary>
public static class AdminSessionEndpoints
{
    public static IEndpointRouteBuilder MapAdminSessions(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/sessions", ListAsync);
        app.MapGet("/admin/sessions/{id}", GetAsync);
        app.MapDelete("/admin/sessions/{id}", RevokeAsync);
        app.MapPatch("/admin/sessions/{id}/extend", ExtendAsync);
        app.MapGet("/admin/identities/{id}/sessions", ListForIdentityAsync);
        app.MapDelete("/admin/identities/{id}/sessions", RevokeForIdentityAsync);
        return app;
    }

    private static Task<IResult> ListAsync(HttpContext http, SessionAdministration sessions, PortalSettings settings)
    {
        var (expand, problem) = Expand(http.Request.Query);
        return problem is not null ? Task.FromResult(problem) : PageAsync(http, sessions, settings, null, expand!);
    }

    /// <summary>Kratos lists an identity's sessions with everything expanded.</summary>
    private static async Task<IResult> ListForIdentityAsync(string id, HttpContext http, SessionAdministration sessions, PortalSettings settings)
    {
        if (!Guid.TryParse(id, out var identityId) || !await sessions.IdentityExistsAsync(identityId)) return Error(AdminErrors.IdentityNotFound());
        return await PageAsync(http, sessions, settings, identityId, new Expansion(Identity: true, Devices: true));
    }

    private static async Task<IResult> PageAsync(HttpContext http, SessionAdministration sessions, PortalSettings settings, Guid? identityId, Expansion expand)
    {
        var (size, badSize) = Paging.PageSize(http.Request);
        if (badSize is not null) return badSize;
        var (after, badToken) = Paging.Token(http.Request);
        if (badToken is not null) return badToken;
        bool? active = null;
        if (http.Request.Query["active"] is { Count: > 0 } text)
        {
            if (ParseBool(text.ToString()) is not { } parsed) return Paging.Bad("active must be true or false.");
            active = parsed;
        }
        var (page, more) = await sessions.PageAsync(identityId, active, size, after, http.RequestAborted);
        if (more) Paging.LinkNext(http, page[^1].Id.ToString());
        return Results.Json(page.Select(s => Json(s, settings, expand)), KratosJsonOptions.Default);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, SessionAdministration sessions, PortalSettings settings)
    {
        var (expand, problem) = Expand(http.Request.Query);
        if (problem is not null) return problem;
        if (!Guid.TryParse(id, out var sessionId)) return Paging.Bad("The session id is not a UUID.");
        return await sessions.FindAsync(sessionId, http.RequestAborted) is { } session
            ? Results.Json(Json(session, settings, expand!), KratosJsonOptions.Default)
            : Error(AdminErrors.SessionNotFound());
    }

    private static async Task<IResult> RevokeAsync(string id, HttpContext http, SessionAdministration sessions)
    {
        if (!Guid.TryParse(id, out var sessionId)) return Paging.Bad("The session id is not a UUID.");
        return (await sessions.RevokeAsync(sessionId, http)).ToResult(_ => Results.NoContent());
    }

    /// <summary>Answers with the session, as Kratos does while <c>feature_flags.faster_session_extend</c> is off (its default).</summary>
    private static async Task<IResult> ExtendAsync(string id, HttpContext http, SessionAdministration sessions, PortalSettings settings)
    {
        if (!Guid.TryParse(id, out var sessionId)) return Paging.Bad("The session id is not a UUID.");
        return (await sessions.ExtendAsync(sessionId, http)).ToResult(s =>
            Results.Json(Json(s, settings, new Expansion(Identity: true, Devices: true)), KratosJsonOptions.Default));
    }

    private static async Task<IResult> RevokeForIdentityAsync(string id, HttpContext http, SessionAdministration sessions)
    {
        if (!Guid.TryParse(id, out var identityId)) return Error(AdminErrors.IdentityNotFound());
        return (await sessions.RevokeAllAsync(identityId, http)).ToResult(_ => Results.NoContent());
    }

    private sealed record Expansion(bool Identity, bool Devices);

    /// <summary>Kratos's <c>expand</c>: <c>identity</c> and <c>devices</c>; without it neither is given.</summary>
    private static (Expansion? Expand, IResult? Problem) Expand(IQueryCollection query)
    {
        var values = query["expand"];
        if (values.Any(v => v is not ("identity" or "devices"))) return (null, Paging.Bad("expand may only be identity or devices."));
        return (new Expansion(values.Contains("identity"), values.Contains("devices")), null);
    }

    private static SessionJson Json(Session session, PortalSettings settings, Expansion expand) =>
        SessionJson.From(session, expand.Identity ? session.Identity : null, settings, withDevices: expand.Devices);

    /// <summary>The spellings Go's strconv.ParseBool accepts, which Kratos reads query flags with.</summary>
    private static bool? ParseBool(string text) => text switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => null,
    };

    private static IResult Error(ErrorEnvelope error) => Results.Json(error, KratosJsonOptions.Default, statusCode: error.Error.Code);
}
