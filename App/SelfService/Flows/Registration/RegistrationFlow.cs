using App.Configuration;
using App.SelfService.Methods;
using App.SelfService.Ui;

namespace App.SelfService.Flows.Registration;

/// <summary>
/// The registration flow (Kratos <c>selfservice/flow/registration</c>), in one step: traits and
/// the credential are submitted together, and the identity exists only once the credential does.
/// </summary>
public sealed class RegistrationFlow(IEnumerable<IRegistrationMethod> methods, Verification.VerificationStarter verification,
    Settings.BackupPasskeyDetour backup) : FlowKind(methods)
{
    public override string Name => FlowKinds.Registration;
    public override TimeSpan Lifespan(PortalSettings settings) => settings.RegistrationLifespan;
    public override string UiUrl(PortalSettings settings) => settings.Options.SelfService.Flows.Registration.UiUrl;
    public override bool Enabled(PortalSettings settings) => settings.Options.SelfService.Flows.Registration.Enabled;
    public override bool IssuesSession(PortalSettings settings) => settings.RegistrationHooks.Contains("session");
    public override UiText ExpiredMessage(DateTime expiredAt, DateTime now) => Messages.RegistrationExpired(expiredAt, now);
    public override UiText NoMethodMessage() => Messages.RegistrationNoStrategy();
    public override Task<KratosJson.ContinueWith?> FollowUpAsync(FlowContext context, Identities.Identity identity) =>
        verification.AfterRegistrationAsync(context, identity);
    public override Task<string?> BrowserDetourAsync(Flow flow, Sessions.Session session) => backup.ForAsync(flow, session, signUp: true);
}
