using App.Audit;
using App.Ceremonies;
using App.Configuration;
using App.SelfService.Flows;
using App.SelfService.Methods.Passkey;
using App.SelfService.Ui;

namespace App.SelfService.Methods.WebAuthn;

/// <summary>
/// The second-factor step of an aal2 login flow (Kratos <c>webauthn/login.go</c>, MFA): the
/// signed-in session's identity proves it holds one of its security keys. It never signs anyone
/// in on its own; the passkey method does not know these keys at all.
/// </summary>
public sealed class WebAuthnLogin(CeremonyService ceremonies, WebAuthnScript script, PortalSettings settings, AuditLog audit) : ISecondFactorLoginMethod
{
    public string Name => "webauthn";
    public bool Enabled => settings.SecurityKeysEnabled;

    public async Task PopulateAsync(FlowContext context)
    {
        if (context.SecondFactorIdentity is not { } identity) return;
        var (flow, ui, _) = context;
        ui.Upsert(NodeFactory.Hidden(UiGroups.Default, "identifier"));
        if (flow.Type == FlowTypes.Browser) ui.Upsert(script.Node());
        ui.Upsert(WebAuthnNodes.LoginInput());
        ui.Upsert(WebAuthnNodes.LoginTrigger(await ceremonies.BeginSecurityKeyLoginAsync(flow, identity.Id), flow));
    }

    public async Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission)
    {
        var response = submission["webauthn_login"];
        if (string.IsNullOrEmpty(response) && submission.Method != Name) return MethodOutcome.Skip;
        if (context.SecondFactorIdentity is not { } identity) return MethodOutcome.Skip;
        context.Flow.Active = Name;
        if (string.IsNullOrEmpty(response)) return MethodOutcome.Show;

        var outcome = await ceremonies.CompleteSecurityKeyLoginAsync(context.Flow, response, identity);
        if (!outcome.Succeeded)
        {
            audit.Add(AuditEvents.LoginFailed, context.Http, identity.Id, context.Session?.Id, context.Flow.Id,
                new { method = Name, failure = outcome.Failure.ToString(), reason = outcome.Reason });
            context.Ui.AddMessage(WebAuthnMessages.For(outcome.Failure, signIn: true));
            await PopulateAsync(context);
            return MethodOutcome.Show;
        }
        return new MethodOutcome.Authenticated(identity, Name);
    }
}
