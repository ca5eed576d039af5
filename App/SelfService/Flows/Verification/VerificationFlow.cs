using App.Audit;
using App.Configuration;
using App.SelfService.Methods;
using App.SelfService.Ui;

namespace App.SelfService.Flows.Verification;

/// <summary>
/// The verification flow (Kratos <c>selfservice/flow/verification</c>): someone proves an address by
/// the code or link emailed to it. It issues no session, so anyone may use it, signed in or not.
/// </summary>
public sealed class VerificationFlow(IEnumerable<IVerificationMethod> methods) : FlowKind(methods)
{
    public override string Name => FlowKinds.Verification;
    public override TimeSpan Lifespan(PortalSettings settings) => settings.VerificationLifespan;
    public override string UiUrl(PortalSettings settings) => settings.Options.SelfService.Flows.Verification.UiUrl;
    public override bool Enabled(PortalSettings settings) => settings.VerificationEnabled;
    public override UiText ExpiredMessage(DateTime expiredAt, DateTime now) => VerificationMessages.Expired(expiredAt, now);
    public override UiText NoMethodMessage() => VerificationMessages.NoStrategy();
    public override UiText AlreadyDoneMessage() => VerificationMessages.AlreadyDone();
    public override bool SessionOptional => true;
    public override string SucceededEvent => AuditEvents.VerificationCompleted;
    public override string? RefusedEvent => AuditEvents.VerificationRefused;

    /// <summary>
    /// The emailed link may be opened in any browser (a mail app's, another device's): it proves the
    /// address by itself. The page it lands on then shows the finished flow, which says only that.
    /// </summary>
    public override bool OpenToAnyBrowser(Flow flow) => flow.State == FlowStates.PassedChallenge;
}
