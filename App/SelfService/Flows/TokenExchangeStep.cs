using App.KratosJson;

namespace App.SelfService.Flows;

/// <summary>
/// A native app's api flow finished in the system browser (Kratos's session token exchange). The
/// browser posts the hosted page's form; it has no CSRF cookie for an api flow, so the flow's id and
/// the two exchange codes are the secret, as in Kratos. The session it wins belongs to the app: the
/// browser gets no cookie, only a 303 to return_to with the return_to code, and the app trades that
/// code and its init code at <c>/sessions/token-exchange</c>.
/// </summary>
public sealed partial class FlowEngine
{
    private static bool ExchangeRequested(HttpContext http, string type) =>
        type == FlowTypes.Api && http.Request.Query["return_session_token_exchange_code"] == "true";

    /// <summary>The code can only reach the app through a redirect, so the flow must say where to.</summary>
    private static ErrorEnvelope ExchangeNeedsReturnTo() =>
        KratosErrors.BadRequest("return_session_token_exchange_code=true needs a return_to: the browser is sent there with the code once the flow is done.");

    /// <summary>
    /// A form post (not JSON) to an api flow whose exchange still waits for a session: a browser
    /// finishing the flow for an app. A JSON submit of the same flow is the app itself and keeps
    /// getting the session token in the answer, so it needs no exchange.
    /// </summary>
    private async Task<bool> IsBrowserHopAsync(Flow flow, bool json) =>
        !json && await exchanges.AwaitsBrowserAsync(flow);

    /// <summary>The session is saved and bound to the exchange: send the browser back to the app.</summary>
    private async Task<IResult> HandOverAsync(FlowKind kind, FlowContext context, MethodOutcome.Authenticated done, string returnTo)
    {
        // What follows a sign-up still happens (the verification email); the app asks for the flow itself.
        await kind.FollowUpAsync(context, done.Identity);
        return new SeeOther(returnTo);
    }
}
