using static App.Http.OpenApi.ApiParameter;

namespace App.Http.OpenApi;

/// <summary>
/// The public listener's operations, with the parameters their handlers read and the status codes
/// they answer (FlowEngine, SecondFactorStep, the session and schema endpoints). Kept beside the
/// code they describe, not derived from Kratos's document, so comparing the two can find a difference.
/// </summary>
internal static class PublicOperations
{
    private static readonly ApiParameter Cookie = Header("Cookie", "The session cookie and the flow's anti-CSRF cookie.");
    private static readonly ApiParameter SessionToken = Header("X-Session-Token", "A session token, as an api flow gave it (Authorization: Bearer works too).");
    private static readonly ApiParameter ReturnTo = Query("return_to", "Where the browser goes once the flow is done; only an allowed URL.");
    private static readonly ApiParameter FlowId = Query("flow", "The flow's id.", required: true);
    private static readonly ApiParameter Id = Query("id", "The flow's id.", required: true);
    private static readonly ApiParameter PageSize = Query("page_size", "Items per page, 1 to 1000.");
    private static readonly ApiParameter PageToken = Query("page_token", "The next page's token, from the Link header.");
    private static readonly ApiParameter ExchangeCode = Query("return_session_token_exchange_code",
        "true: the flow is finished in a browser, which is sent to return_to with a code; the answer carries session_token_exchange_code for /sessions/token-exchange.");

    public static IEnumerable<ApiOperation> All()
    {
        const string frontend = "frontend";
        yield return ApiOperation.Kratos("GET", "/self-service/login/browser", "createBrowserLoginFlow", frontend, "Start a sign-in in a browser",
            [200, 303, 400, 401], ReturnTo, Query("refresh", "true asks a signed-in browser to sign in again."),
            Query("aal", "aal2 asks a signed-in session for its second factor."), Cookie);
        yield return ApiOperation.Kratos("GET", "/self-service/login/api", "createNativeLoginFlow", frontend, "Start a sign-in in an app",
            [200, 400, 401], ReturnTo, Query("refresh", "true asks for a new sign-in of a signed-in session."),
            Query("aal", "aal2 asks a signed-in session for its second factor."), ExchangeCode, SessionToken);
        yield return ApiOperation.Kratos("GET", "/self-service/login/flows", "getLoginFlow", frontend, "Read a sign-in flow",
            [200, 403, 404, 410], Id, Cookie);
        yield return ApiOperation.Kratos("POST", "/self-service/login", "updateLoginFlow", frontend, "Submit a sign-in flow",
            [200, 303, 400, 401, 403, 404, 410, 413, 429], FlowId, SessionToken, Cookie);

        yield return ApiOperation.Kratos("GET", "/self-service/registration/browser", "createBrowserRegistrationFlow", frontend, "Start a sign-up in a browser",
            [200, 303, 400], ReturnTo, Cookie);
        yield return ApiOperation.Kratos("GET", "/self-service/registration/api", "createNativeRegistrationFlow", frontend, "Start a sign-up in an app",
            [200, 400], ReturnTo, ExchangeCode, SessionToken);
        yield return ApiOperation.Kratos("GET", "/self-service/registration/flows", "getRegistrationFlow", frontend, "Read a sign-up flow",
            [200, 403, 404, 410], Id, Cookie);
        yield return ApiOperation.Kratos("POST", "/self-service/registration", "updateRegistrationFlow", frontend, "Submit a sign-up flow",
            [200, 303, 400, 403, 404, 410, 413], FlowId, Cookie);

        yield return ApiOperation.Kratos("GET", "/self-service/settings/browser", "createBrowserSettingsFlow", frontend, "Start a settings flow in a browser",
            [200, 303, 400, 401, 403], ReturnTo, Cookie);
        yield return ApiOperation.Kratos("GET", "/self-service/settings/api", "createNativeSettingsFlow", frontend, "Start a settings flow in an app",
            [200, 400, 401, 403], ReturnTo, SessionToken);
        yield return ApiOperation.Kratos("GET", "/self-service/settings/flows", "getSettingsFlow", frontend, "Read a settings flow",
            [200, 401, 403, 404, 410], Id, SessionToken, Cookie);
        yield return ApiOperation.Kratos("POST", "/self-service/settings", "updateSettingsFlow", frontend, "Submit a settings flow",
            [200, 303, 400, 401, 403, 404, 410, 413], FlowId, SessionToken, Cookie);

        yield return ApiOperation.Kratos("GET", "/self-service/recovery/browser", "createBrowserRecoveryFlow", frontend, "Start a recovery in a browser",
            [200, 303, 400], ReturnTo, Cookie);
        yield return ApiOperation.Kratos("GET", "/self-service/recovery/api", "createNativeRecoveryFlow", frontend, "Start a recovery in an app",
            [200, 400], ReturnTo);
        yield return ApiOperation.Kratos("GET", "/self-service/recovery/flows", "getRecoveryFlow", frontend, "Read a recovery flow",
            [200, 403, 404, 410], Id, Cookie);
        yield return ApiOperation.Kratos("POST", "/self-service/recovery", "updateRecoveryFlow", frontend, "Submit a recovery flow",
            [200, 303, 400, 403, 404, 410, 413, 429], FlowId, Query("token", "An administrator's recovery link token, used as the code."), Cookie);
        yield return ApiOperation.Portal("GET", "/self-service/recovery", "followRecoveryLink", "Follow an administrator's recovery link to the recovery page",
            [303], Query("flow", "The recovery flow's id."), Query("token", "The link's token."));

        yield return ApiOperation.Kratos("GET", "/self-service/verification/browser", "createBrowserVerificationFlow", frontend, "Start a verification in a browser",
            [200, 303, 400], ReturnTo, Cookie);
        yield return ApiOperation.Kratos("GET", "/self-service/verification/api", "createNativeVerificationFlow", frontend, "Start a verification in an app",
            [200, 400], ReturnTo);
        yield return ApiOperation.Kratos("GET", "/self-service/verification/flows", "getVerificationFlow", frontend, "Read a verification flow",
            [200, 400, 403, 404, 410], Id, Cookie);
        yield return ApiOperation.Kratos("POST", "/self-service/verification", "updateVerificationFlow", frontend, "Submit a verification flow",
            [200, 303, 400, 403, 404, 410, 413, 429], FlowId, Cookie);
        yield return ApiOperation.Portal("GET", "/self-service/verification", "followVerificationLink", "Follow the emailed verification link, then show the page",
            [303], Query("flow", "The verification flow's id."), Query("code", "The link's token."));

        yield return ApiOperation.Kratos("GET", "/self-service/errors", "getFlowError", frontend, "Read an error a browser was sent to",
            [200, 400, 404], Query("id", "The error's id.", required: true));
        yield return ApiOperation.Kratos("GET", "/self-service/logout/browser", "createBrowserLogoutFlow", frontend, "Make a sign-out URL for a browser",
            [200, 400, 401], ReturnTo, Cookie);
        yield return ApiOperation.Kratos("GET", "/self-service/logout", "updateLogoutFlow", frontend, "Sign a browser out",
            [204, 303, 401], Query("token", "The logout token."), ReturnTo);
        yield return ApiOperation.Kratos("DELETE", "/self-service/logout/api", "performNativeLogout", frontend, "Sign an app's session out",
            [204, 400, 401, 413]);

        yield return ApiOperation.Kratos("GET", "/sessions/whoami", "toSession", frontend, "Who is signed in",
            [200, 400, 401, 403], SessionToken, Cookie, Query("return_to", "Where the second-factor page sends the browser back to, in a 403's redirect_browser_to."),
            Query("tokenize_as", "A session.whoami.tokenizer template: the answer's tokenized is then the session as a JSON Web Token signed by its key."));
        yield return ApiOperation.Kratos("GET", "/sessions/token-exchange", "exchangeSessionToken", frontend, "Trade a native app's exchange codes for its session token, once",
            [200, 400, 404, 410], Query("init_code", "The flow's session_token_exchange_code, from the answer that created it.", required: true),
            Query("return_to_code", "The code the browser brought back to return_to.", required: true));
        yield return ApiOperation.Kratos("GET", "/sessions", "listMySessions", frontend, "The signed-in identity's other sessions",
            [200, 400, 401], PageSize, PageToken, SessionToken, Cookie);
        yield return ApiOperation.Kratos("DELETE", "/sessions", "disableMyOtherSessions", frontend, "End every other session of the signed-in identity",
            [200, 401, 403], SessionToken, Cookie);
        yield return ApiOperation.Kratos("DELETE", "/sessions/{id}", "disableMySession", frontend, "End one other session of the signed-in identity",
            [204, 400, 401, 403, 404], SessionToken, Cookie);

        yield return ApiOperation.Kratos("GET", "/schemas", "listIdentitySchemas", "identity", "The identity schemas", [200]);
        yield return ApiOperation.Kratos("GET", "/schemas/{id}", "getIdentitySchema", "identity", "One identity schema", [200, 404]);
        yield return ApiOperation.Kratos("GET", "/.well-known/ory/webauthn.js", "getWebAuthnJavaScript", frontend, "The WebAuthn script the UI nodes load", [200]);
        yield return ApiOperation.Portal("GET", "/.well-known/webauthn", "getRelatedOrigins", "The origins that may use this RP ID's passkeys (WebAuthn related origins)", [200, 404]);
        yield return ApiOperation.Portal("GET", "/language", "setLanguage", "Remember the pages' language and go back",
            [303, 400], Query("lang", "en, de, fr, es or pt-BR.", required: true), Query("return_to", "A local path to go back to."));
    }
}
