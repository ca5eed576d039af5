using App.Configuration;
using App.KratosJson;

namespace App.Sessions;

/// <summary>
/// What a restricted session may not do. Sensitive operations (settings changes, revoking other
/// sessions) ask here, so the rule and its answer live in one place.
/// </summary>
public static class SessionRestrictions
{
    /// <summary>Signed in by email; the account must save a new passkey before anything else.</summary>
    public const string PasskeyEnrolmentRequired = "passkey_enrolment_required";

    /// <summary>The refusal for a sensitive operation, or null when the session may go ahead.</summary>
    public static ErrorEnvelope? Refusal(Session session, PortalSettings settings) =>
        session.Restriction is null ? null : KratosErrors.SessionRestricted(settings.BrowserFlowUrl(SelfService.Flows.FlowKinds.Settings));

    /// <summary>Marks an endpoint sensitive: it needs a session, and not a restricted one.</summary>
    public static RouteHandlerBuilder Sensitive(this RouteHandlerBuilder endpoint) => endpoint.AddEndpointFilter(async (context, next) =>
    {
        var http = context.HttpContext;
        var session = await http.RequestServices.GetRequiredService<SessionService>().GetCurrentAsync(http);
        if (session is null) return Results.Json(KratosErrors.NoSession(), KratosJsonOptions.Default, statusCode: 401);
        if (Refusal(session, http.RequestServices.GetRequiredService<PortalSettings>()) is { } refusal)
            return Results.Json(refusal, KratosJsonOptions.Default, statusCode: refusal.Error.Code);
        return await next(context);
    });
}
