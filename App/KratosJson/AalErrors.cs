namespace App.KratosJson;

/// <summary>Kratos's errors about authenticator assurance levels (<c>session/manager.go</c>, <c>selfservice/flow/login/error.go</c>).</summary>
public static class AalErrors
{
    /// <summary>The session is aal1 but the identity has a second factor and <c>required_aal</c> is <c>highest_available</c>.</summary>
    public static ErrorEnvelope Aal2Required(string loginUrl) => new()
    {
        Error = KratosErrors.Make(403, "Session does not fulfill the requested Authenticator Assurance Level", "session_aal2_required",
            "An active session was found but it does not fulfill the requested Authenticator Assurance Level. Please verify yourself with a second factor to resolve this issue.",
            new() { ["redirect_browser_to"] = loginUrl }).Error,
        RedirectBrowserTo = loginUrl,
    };

    /// <summary><c>?aal=aal2</c> without a session: the second factor comes after the first.</summary>
    public static ErrorEnvelope SessionRequired() =>
        KratosErrors.Make(401, "aal2 and aal3 can only be requested if a session exists already", "session_aal1_required",
            "You can not requested a higher AAL (AAL2/AAL3) without an active session.");

    /// <summary><c>?aal=aal2</c> for a session that already has it, or whose identity has no second factor.</summary>
    public static ErrorEnvelope AlreadyFulfilled() =>
        KratosErrors.Make(401, "session has the requested authenticator assurance level already", "session_aal_already_fulfilled",
            "The session has the requested AAL already.");
}
