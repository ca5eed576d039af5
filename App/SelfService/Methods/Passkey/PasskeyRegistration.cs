using System.Text.Json.Nodes;
using App.Audit;
using App.Ceremonies;
using App.Configuration;
using App.Credentials.Passkeys;
using App.Identities;
using App.SelfService.Flows;
using App.SelfService.Methods.Profile;
using App.SelfService.Ui;

namespace App.SelfService.Methods.Passkey;

/// <summary>
/// Sign-up with a passkey (Kratos <c>passkey_registration.go</c>). The identity, its addresses and
/// its passkey are added together and written in one transaction, only after the ceremony has
/// succeeded, so a failed sign-up leaves nothing behind.
/// </summary>
public sealed class PasskeyRegistration(
    CeremonyService ceremonies,
    IdentityDirectory directory,
    SchemaRegistry schemas,
    WebAuthnScript script,
    PasskeyProviders providers,
    PortalSettings settings,
    AuditLog audit,
    TimeProvider clock) : IRegistrationMethod
{
    public string Name => "passkey";
    public bool Enabled => settings.PasskeysEnabled;

    public async Task PopulateAsync(FlowContext context)
    {
        var (flow, ui, http) = context;
        // On a two-step registration's credential screen the traits are known: the passkey is named after them.
        await RenewChallengeAsync(context, schemas.Default.DisplayNameOf(TraitNodes.Read(ui)) ?? "");
        ui.Upsert(PasskeyNodes.Trigger("passkey_register_trigger", "oryPasskeyRegistration", Messages.SignUpWithPasskey(), flow, emptyValue: false));
        if (flow.Type == FlowTypes.Browser) ui.Upsert(script.Node());
        ui.Upsert(PasskeyNodes.Response("passkey_register", flow));
    }

    public async Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission)
    {
        var response = submission["passkey_register"];
        // The React SDK posts the literal "true" before the ceremony; Kratos ignores it too.
        var hasCredential = !string.IsNullOrEmpty(response) && response != "true";
        if (!hasCredential && submission.Method != Name) return MethodOutcome.Skip;
        // Kratos names the active method only once it succeeded; the engine does that.

        var schema = schemas.Default;
        // On a two-step registration's credential screen the traits were checked on the profile
        // screen and are locked: the flow's own copy counts, not what the body says.
        var traits = schema.Normalize(ProfileNodes.OnCredentialStep(context.Ui) ? TraitNodes.Read(context.Ui) : submission.Traits);
        var errors = schema.Validate(traits);
        TraitNodes.Fill(context.Ui, traits, errors);
        var displayName = schema.DisplayNameOf(traits) ?? "";
        if (!errors.IsValid || !hasCredential)
        {
            await RenewChallengeAsync(context, displayName);
            return MethodOutcome.Show;
        }
        if (await directory.AnyIdentifierTakenAsync(IdentityDirectory.IdentifiersOf(schema, traits).Select(x => x.Value)))
            return await RefuseAsync(context, displayName, Messages.DuplicateCredentials(), "duplicate identifier", schema.DisplayNameField?.Path);

        var outcome = await ceremonies.CompleteRegistrationAsync(context.Flow, response!);
        if (!outcome.Succeeded)
            return await RefuseAsync(context, displayName, PasskeyMessages.For(outcome.Failure, signIn: false), outcome.Reason!, null);

        var identity = directory.Add(schema, traits, outcome.UserHandle!);
        var credential = outcome.Credential!;
        var name = providers.NameFor(credential, context.Http.Request.Headers.UserAgent);
        identity.Passkeys.Add(Credentials.Passkeys.Passkey.From(identity.Id, credential, name,
            CredentialProperties.IsDiscoverable(response!), clock.GetUtcNow().UtcDateTime));
        return new MethodOutcome.Authenticated(identity, Name);
    }

    private async Task<MethodOutcome> RefuseAsync(FlowContext context, string displayName, UiText message, string reason, string? field)
    {
        audit.Add(AuditEvents.RegistrationFailed, context.Http, flowId: context.Flow.Id, details: new { method = Name, reason });
        if (field is null) context.Ui.AddMessage(message); else TraitNodes.AddError(context.Ui, field, message);
        await RenewChallengeAsync(context, displayName);
        return MethodOutcome.Show;
    }

    private async Task RenewChallengeAsync(FlowContext context, string displayName)
    {
        var options = await ceremonies.BeginRegistrationAsync(context.Flow, displayName);
        var field = schemas.Default.DisplayNameField?.InputName ?? "traits.email";
        context.Ui.Upsert(PasskeyNodes.CreateData(options, field));
    }
}
