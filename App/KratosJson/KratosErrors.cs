using Microsoft.AspNetCore.WebUtilities;

namespace App.KratosJson;

/// <summary>The errors the API answers with, with Kratos's ids, codes and messages.</summary>
public static class KratosErrors
{
    public static ErrorEnvelope Make(int code, string message, string? id = null, string? reason = null, Dictionary<string, object?>? details = null) => new()
    {
        Error = new ErrorBody
        {
            Id = id,
            Code = code,
            Status = ReasonPhrases.GetReasonPhrase(code),
            Reason = reason,
            Message = message,
            Details = details,
        },
    };

    public static ErrorEnvelope BadRequest(string reason) =>
        Make(400, "The request was malformed or contained invalid parameters", reason: reason);

    public static ErrorEnvelope NotFound(string reason = "The requested resource could not be found") =>
        Make(404, "The requested resource could not be found", reason: reason);

    public static ErrorEnvelope NoSession() =>
        Make(401, "The request could not be authorized", "session_inactive", "No active session was found in this request.");

    /// <summary>whoami's 401: Kratos wraps whatever went wrong in a plain Unauthorized, with no id (<c>session/handler.go</c>).</summary>
    public static ErrorEnvelope NoSessionCredentials() =>
        Make(401, "The request could not be authorized", reason: "No valid session credentials found in the request.");

    /// <summary>A row that is not there, as Kratos's persister answers it: no reason, no id.</summary>
    public static ErrorEnvelope NoRows() => Make(404, "Unable to locate the resource");

    /// <summary>A submission whose <c>?flow=</c> is missing or not a UUID (<c>flow.GetFlowID</c>).</summary>
    public static ErrorEnvelope MalformedFlowId() => BadRequest("The flow query parameter is missing or malformed.");

    /// <summary>The admin API without a valid key.</summary>
    public static ErrorEnvelope AdminUnauthorized() =>
        Make(401, "The request could not be authorized", reason:
            "The admin API needs the header Authorization: Bearer <key>, with a key whose hash is in serve.admin.api_keys.");

    public static ErrorEnvelope SessionAlreadyAvailable() =>
        Make(400, "you are already logged in", "session_already_available",
            "A valid session was detected and thus login is not possible. Did you forget to set `?refresh=true`?");

    /// <summary>
    /// Kratos's CSRF refusal (<c>x/nosurf.go</c>): a hint that depends on whether the caller looked like
    /// a script or a page, and the reason the token was refused; a missing token is itself the hint.
    /// </summary>
    public static ErrorEnvelope Csrf(string rejectReason, bool ajax, bool tokenMissing = false) =>
        Make(403, "the request was rejected to protect you from Cross-Site-Request-Forgery", "security_csrf_violation",
            "Please retry the flow and optionally clear your cookies. The request was rejected to protect you from Cross-Site-Request-Forgery (CSRF) which could cause account takeover, leaking personal information, and other serious security issues.",
            tokenMissing
                ? new() { ["docs"] = CsrfDocs, ["hint"] = rejectReason }
                : new() { ["docs"] = CsrfDocs, ["hint"] = ajax ? CsrfAjaxHint : CsrfServerHint, ["reject_reason"] = rejectReason });

    private const string CsrfDocs = "https://www.ory.sh/kratos/docs/debug/csrf";
    private const string CsrfAjaxHint = "We detected an AJAX call, please ensure that CORS is enabled and configured correctly, and that your AJAX code sends cookies and has credentials enabled. For further debugging, check your Browser's Network Tab to see what cookies are included or excluded.";
    private const string CsrfServerHint = "We detected a regular browser or server-side call. To debug browser calls check your Browser's Network Tab to see what cookies are included or excluded. If you are calling from a server ensure that the appropriate cookies are being forwarded and that the SDK method is called correctly.";

    public static ErrorEnvelope FlowExpired(Guid newFlowId, DateTime expiredAt, DateTime now)
    {
        var envelope = Make(410, "self-service flow expired", "self_service_flow_expired",
            $"The self-service flow expired {(now - expiredAt).TotalMinutes:0.00} minutes ago, initialize a new one.");
        return new ErrorEnvelope
        {
            Error = envelope.Error,
            UseFlowId = newFlowId,
            ExpiredAt = expiredAt,
            Since = (long)(now - expiredAt).TotalNanoseconds,
        };
    }

    public static ErrorEnvelope LocationChange(string url) => new()
    {
        Error = Make(422, "browser location change required", "browser_location_change_required",
            $"In order to complete this flow please redirect the browser to: {url}").Error,
        RedirectBrowserTo = url,
    };

    public static ErrorEnvelope ReturnToForbidden(string url) =>
        Make(400, "The request was malformed or contained invalid parameters", "self_service_flow_return_to_forbidden",
            $"Requested return_to URL \"{url}\" is not allowed.");

    /// <summary>Kratos's answer while <c>selfservice.flows.verification.enabled</c> is off (<c>verification/handler.go</c>).</summary>
    public static ErrorEnvelope VerificationDisabled() => BadRequest("Verification is not allowed because it was disabled.");

    /// <summary>Kratos's <c>ErrRegistrationDisabled</c> and its kin: an id, a short message, the reason in a sentence.</summary>
    public static ErrorEnvelope FlowDisabled(string flow) =>
        Make(400, $"{flow} flow disabled", "self_service_flow_disabled",
            $"{char.ToUpperInvariant(flow[0])}{flow[1..]} is not allowed because it was disabled.");

    /// <summary>Kratos's answer while <c>selfservice.flows.recovery.enabled</c> is off (<c>recovery/handler.go</c>): no id.</summary>
    public static ErrorEnvelope RecoveryDisabled() => BadRequest("Recovery is not allowed because it was disabled.");

    /// <summary>Kratos's answer when a settings change needs a fresher sign-in (<c>settings/error.go</c>).</summary>
    public static ErrorEnvelope RefreshRequired(string loginUrl) => new()
    {
        Error = Make(403, "The requested action was forbidden", "session_refresh_required",
            "The login session is too old and thus not allowed to update these fields. Please re-authenticate.").Error,
        RedirectBrowserTo = loginUrl,
    };

    public static ErrorEnvelope IdentityMismatch() =>
        Make(403, "The requested action was forbidden", "security_identity_mismatch",
            "The flow belongs to another identity than the one signed in.");

    /// <summary>Not a Kratos id: a session restricted after a sign-in without a passkey (an emailed or a backup code) tried something else first.</summary>
    public static ErrorEnvelope SessionRestricted(string settingsUrl) => new()
    {
        Error = Make(403, "The requested action was forbidden", "session_passkey_enrolment_required",
            "You signed in without a passkey. Save a new passkey first: open the settings page and choose \"Add passkey\".").Error,
        RedirectBrowserTo = settingsUrl,
    };

    public static ErrorEnvelope TooManyRequests(string reason, TimeSpan retryAfter) =>
        Make(429, "The request was rate limited", "rate_limit_exceeded", reason,
            new() { ["retry_after_seconds"] = (int)Math.Ceiling(retryAfter.TotalSeconds) });

    public static ErrorEnvelope TooLarge() => Make(413, "The request body is too large.", reason: "The request body exceeds the allowed size.");

    public static ErrorEnvelope Internal() => Make(500, "An internal server error occurred, please contact the system administrator");
}
