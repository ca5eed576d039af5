using App.Configuration;
using App.SelfService.Methods;
using App.SelfService.Methods.Profile;
using App.SelfService.Ui;

namespace App.SelfService.Flows.Registration;

/// <summary>
/// The registration flow (Kratos <c>selfservice/flow/registration</c>). By default in one step: traits
/// and the credential are submitted together. With <c>style: profile_first</c> the traits come first
/// and the credential on a second screen. Either way the identity exists only once the credential does.
/// </summary>
public sealed class RegistrationFlow(IEnumerable<IRegistrationMethod> methods, Verification.VerificationStarter verification,
    Settings.BackupPasskeyDetour backup, PortalSettings portal) : FlowKind(methods)
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

    /// <summary>
    /// The profile screen of a two-step registration is the profile method's alone: no credential can
    /// be made for traits not yet checked. The credential methods join on the second screen.
    /// </summary>
    protected override bool Serves(IFlowMethod method, FlowContext context) =>
        !portal.RegistrationProfileFirst || method.Name == ProfileRegistration.MethodName || ProfileNodes.OnCredentialStep(context.Ui);

    /// <summary>Back is the credential screen's last button, where Kratos's <c>registration.SortNodes</c> puts it.</summary>
    protected override void Arrange(UiContainer ui)
    {
        if (ui.Nodes.Find(ProfileNodes.IsBack) is not { } back) return;
        ui.Nodes.Remove(back);
        ui.Nodes.Add(back);
    }
}
