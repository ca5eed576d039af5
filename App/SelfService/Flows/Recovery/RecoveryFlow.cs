using App.Audit;
using App.Configuration;
using App.SelfService.Flows.Settings;
using App.SelfService.Methods;
using App.SelfService.Ui;

namespace App.SelfService.Flows.Recovery;

/// <summary>
/// The recovery flow (Kratos <c>selfservice/flow/recovery</c>): someone who lost every passkey
/// proves they own the account's address, or follows a link an administrator issued, and continues
/// in a settings flow with a session that may only save a new passkey, fresh enough to change
/// settings at once.
/// </summary>
public sealed class RecoveryFlow(IEnumerable<IRecoveryMethod> methods, FlowEngine engine, SettingsFlow settingsFlow, PortalSettings portal, TimeProvider clock)
    : FlowKind(methods)
{
    public override string Name => FlowKinds.Recovery;
    public override TimeSpan Lifespan(PortalSettings settings) => settings.RecoveryLifespan;
    public override string UiUrl(PortalSettings settings) => settings.Options.SelfService.Flows.Recovery.UiUrl;
    public override bool Enabled(PortalSettings settings) => settings.RecoveryEnabled;
    public override KratosJson.ErrorEnvelope Disabled() => KratosJson.KratosErrors.RecoveryDisabled();
    public override UiText ExpiredMessage(DateTime expiredAt, DateTime now) => RecoveryMessages.Expired(expiredAt, now);
    public override UiText NoMethodMessage() => RecoveryMessages.NoStrategy();
    public override UiText AlreadyDoneMessage() => RecoveryMessages.AlreadyDone();
    public override string SucceededEvent => AuditEvents.RecoveryCompleted;
    public override string? RefusedEvent => AuditEvents.RecoveryRefused;

    /// <summary>
    /// Issued by an administrator for one identity, and not tied to a browser: the person opens it
    /// wherever they are, once. Email recovery flows belong to the browser that asked, as sign-in
    /// flows do; only an administrator's browser flows are made without one (<see cref="FlowStore.New"/>).
    /// </summary>
    public override bool OpenToAnyBrowser(Flow flow) => flow.Type == FlowTypes.Browser && flow.CsrfHash is null && flow.IdentityId is not null;

    /// <summary>
    /// Whether a flow not yet completed was issued by an administrator: only such a flow names its
    /// identity from the start. One started by email learns its identity when it completes.
    /// </summary>
    public static bool IsIssuedByAdmin(Flow flow) => flow.IdentityId is not null && flow.State != FlowStates.PassedChallenge;

    /// <summary>A settings flow for the recovered identity, saying what to do now (Kratos <c>recoveryIssueSession</c>).</summary>
    public override async Task<FlowContinuation?> ContinueAsync(FlowContext context, Sessions.Session session)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var message = RecoveryMessages.Recovered(session.AuthenticatedAt + portal.PrivilegedSessionMaxAge, now);
        var next = await engine.StartAsync(settingsFlow, context.Http, context.Flow.Type, context.Flow.ReturnTo, message,
            identityId: session.IdentityId, session: session);
        return new FlowContinuation(next, engine.UiLocation(settingsFlow, next));
    }
}
