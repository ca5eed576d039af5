using App.Audit;
using App.Configuration;
using App.KratosJson;
using App.Sessions;

namespace App.SelfService.Flows;

/// <summary>
/// What the flow engine does for authenticator assurance levels: a login flow with <c>?aal=aal2</c>
/// is the second step of a session that signed in already, completing it upgrades that session;
/// settings honour <c>selfservice.flows.settings.required_aal</c>.
/// </summary>
public sealed partial class FlowEngine
{
    /// <summary>The level a new login flow asks for, or the answer that refuses it (Kratos <c>login/handler.go</c>).</summary>
    private async Task<(string Aal, IResult? Problem)> RequestedAalAsync(FlowKind kind, HttpContext http, Session? current, bool json, string returnTo)
    {
        var aal = http.Request.Query["aal"].ToString();
        if (kind.Name != FlowKinds.Login || aal is "" or AuthenticatorAssurance.Aal1) return (AuthenticatorAssurance.Aal1, null);
        if (aal != AuthenticatorAssurance.Aal2)
            return (aal, await FailAsync(json, KratosErrors.BadRequest($"'{aal}' is not an authenticator assurance level; use aal1 or aal2.")));
        if (current is null) return (aal, await FailAsync(json, AalErrors.SessionRequired()));
        if (current.Aal == AuthenticatorAssurance.Aal2 || await assurance.HighestAvailableAsync(current.IdentityId) != AuthenticatorAssurance.Aal2)
            return (aal, json ? Json(401, AalErrors.AlreadyFulfilled()) : new SeeOther(ReturnUrls.Resolve(settings, returnTo)));
        return (aal, null);
    }

    /// <summary>Settings of an identity with a second factor need it done first, when the configuration says so.</summary>
    private async Task<IResult?> SettingsAalProblemAsync(FlowKind kind, Session? current, bool json)
    {
        if (kind.Name != FlowKinds.Settings || current is null) return null;
        var refusal = await assurance.RefusalAsync(current, settings.Options.SelfService.Flows.Settings.RequiredAal, settings.BrowserFlowUrl(FlowKinds.Settings));
        if (refusal is null) return null;
        return json ? Json(403, refusal) : new SeeOther(refusal.RedirectBrowserTo!);
    }

    /// <summary>The second factor is done: the same session becomes aal2, for the same identity only.</summary>
    private async Task<IResult> SecondFactorDoneAsync(FlowKind kind, FlowContext context, Session session, MethodOutcome.Authenticated done, bool json)
    {
        var (flow, http) = (context.Flow, context.Http);
        if (done.Identity.Id != session.IdentityId)
        {
            audit.Add(AuditEvents.LoginFailed, http, session.IdentityId, session.Id, flow.Id, new { method = done.Method, reason = "second factor of another identity" });
            context.Ui.AddMessage(Ui.Messages.Generic("That security key belongs to another account."));
            return await ShowFormAsync(kind, context, json || flow.Type == FlowTypes.Api);
        }
        flow.State = FlowStates.PassedChallenge;
        flow.Active = done.Method;
        store.WriteUi(flow, context.Ui);
        sessions.CompleteSecondFactor(session, done.Method);
        audit.Add(AuditEvents.SecondFactorSucceeded, http, session.IdentityId, session.Id, flow.Id, new { method = done.Method });
        await store.SaveAsync();
        var returnTo = ReturnUrls.Resolve(settings, flow.ReturnTo);
        var sessionJson = SessionJson.From(session, done.Identity, settings);
        if (flow.Type == FlowTypes.Api)
            return Results.Json(new SuccessJson { Session = sessionJson, SessionToken = sessions.PresentedToken(http) }, KratosJsonOptions.Default);
        if (!json) return new SeeOther(returnTo);
        return Results.Json(new SuccessJson { Session = sessionJson, ContinueWith = [ContinueWith.Redirect(returnTo)] }, KratosJsonOptions.Default);
    }
}
