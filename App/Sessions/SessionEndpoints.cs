using App.Audit;
using App.Configuration;
using App.Data;
using App.KratosJson;
using App.SelfService.Flows;
using App.Sessions.Exchanges;
using Microsoft.EntityFrameworkCore;

namespace App.Sessions;

/// <summary>whoami and logout, as Kratos serves them.</summary>
public static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sessions/whoami", WhoAmIAsync);
        app.MapGet("/self-service/logout/browser", CreateLogoutUrlAsync);
        app.MapGet("/self-service/logout", LogoutAsync);
        app.MapDelete("/self-service/logout/api", LogoutApiAsync);
        app.MapSessionTokenExchange();
        return app;
    }

    private static async Task<IResult> WhoAmIAsync(HttpContext http, SessionService sessions, AuthenticatorAssurance assurance, SessionTokenizer tokenizer)
    {
        http.Response.Headers.CacheControl = "private, no-cache, no-store, must-revalidate";
        if (await sessions.WhoAmIAsync(http) is not { } answer)
            return Results.Json(KratosErrors.NoSessionCredentials(), KratosJsonOptions.Default, statusCode: 401);
        // session.whoami.required_aal: an identity with a second factor is not signed in until it is done.
        if (answer.OwesSecondFactor)
            return Results.Json(AalErrors.Aal2Required(assurance.SecondFactorUrl(http.Request.Query["return_to"])), KratosJsonOptions.Default, statusCode: 403);
        http.Response.Headers["X-Kratos-Authenticated-Identity-Id"] = answer.IdentityId.ToString();
        if (http.Request.Query["tokenize_as"].ToString() is { Length: > 0 } template)
        {
            // The cached answer is shared, so the token goes into a copy.
            var session = System.Text.Json.Nodes.JsonNode.Parse(answer.Json)!.AsObject();
            var (token, error) = tokenizer.Tokenize(template, session);
            if (error is not null) return Results.Json(error, KratosJsonOptions.Default, statusCode: 400);
            session["tokenized"] = token;
            return Results.Json(session, KratosJsonOptions.Default);
        }
        return Results.Bytes(answer.Json, "application/json; charset=utf-8");
    }

    private static async Task<IResult> CreateLogoutUrlAsync(HttpContext http, SessionService sessions, PortalSettings settings)
    {
        if (await sessions.GetCurrentAsync(http) is not { } session)
            return Results.Json(KratosErrors.NoSession(), KratosJsonOptions.Default, statusCode: 401);
        var returnTo = http.Request.Query["return_to"].ToString();
        if (returnTo.Length > 0 && !ReturnUrls.IsAllowed(settings, returnTo))
            return Results.Json(KratosErrors.ReturnToForbidden(returnTo), KratosJsonOptions.Default, statusCode: 400);
        var token = await sessions.CreateLogoutTokenAsync(session);
        var url = settings.PublicUrl("self-service/logout?token=" + token + (returnTo.Length > 0 ? "&return_to=" + Uri.EscapeDataString(returnTo) : ""));
        return Results.Json(new { logout_url = url, logout_token = token }, KratosJsonOptions.Default);
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, SessionService sessions, PortalSettings settings, AuditLog audit)
    {
        var json = Submission.WantsJson(http.Request);
        var session = await sessions.FindByLogoutTokenAsync(http.Request.Query["token"]);
        if (session is null)
            return json ? Results.Json(KratosErrors.NoSession(), KratosJsonOptions.Default, statusCode: 401)
                        : new SeeOther(settings.PublicUrl("login"));
        audit.Add(AuditEvents.SessionRevoked, http, session.IdentityId, session.Id, details: new { reason = "logout" });
        await sessions.RevokeAsync(session);
        sessions.ClearCookie(http);
        if (json) return Results.NoContent();
        var returnTo = http.Request.Query["return_to"].ToString();
        var after = settings.Options.SelfService.Flows.Logout.After.DefaultBrowserReturnUrl ?? settings.PublicUrl("login");
        return new SeeOther(ReturnUrls.IsAllowed(settings, returnTo) ? ReturnUrls.Resolve(settings, returnTo) : after);
    }

    private static async Task<IResult> LogoutApiAsync(HttpContext http, PortalDbContext db, SessionService sessions, AuditLog audit)
    {
        var (submission, _) = await Submission.ReadAsync(http.Request);
        var token = submission?["session_token"];
        if (!SessionTokens.IsWellFormed(token))
            return Results.Json(KratosErrors.BadRequest("The session_token is missing or malformed."), KratosJsonOptions.Default, statusCode: 400);
        var hash = SessionTokens.Hash(token!);
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.TokenHash == hash && s.Active);
        if (session is null)
            return Results.Json(KratosErrors.NoSession(), KratosJsonOptions.Default, statusCode: 401);
        audit.Add(AuditEvents.SessionRevoked, http, session.IdentityId, session.Id, details: new { reason = "logout" });
        await sessions.RevokeAsync(session);
        return Results.NoContent();
    }
}
