using App.Configuration;
using App.SelfService.Methods;
using App.SelfService.Ui;

namespace App.SelfService.Flows.Login;

/// <summary>The login flow (Kratos <c>selfservice/flow/login</c>).</summary>
public sealed class LoginFlow(IEnumerable<ILoginMethod> methods, Settings.BackupPasskeyDetour backup) : FlowKind(methods)
{
    public override string Name => FlowKinds.Login;
    public override TimeSpan Lifespan(PortalSettings settings) => settings.LoginLifespan;
    public override string UiUrl(PortalSettings settings) => settings.Options.SelfService.Flows.Login.UiUrl;
    public override bool Enabled(PortalSettings settings) => true;
    public override UiText ExpiredMessage(DateTime expiredAt, DateTime now) => Messages.LoginExpired(expiredAt, now);
    public override UiText NoMethodMessage() => Messages.LoginNoStrategy();
    public override UiText AlreadyDoneMessage() => UiText.Error(4010007, "The request was already completed successfully and can not be retried.");

    /// <summary>An aal2 flow asks only for a second factor; a first-factor flow never offers one.</summary>
    protected override bool Serves(IFlowMethod method, FlowContext context) =>
        method is ISecondFactorLoginMethod == (context.Flow.RequestedAal == Sessions.AuthenticatorAssurance.Aal2);
    public override Task<string?> BrowserDetourAsync(Flow flow, Sessions.Session session) => backup.ForAsync(flow, session, signUp: false);
}
