using System.Text.Json.Nodes;
using App.Audit;
using App.Ceremonies;
using App.Configuration;
using App.Identities;
using App.SelfService.Flows;
using App.SelfService.Ui;

namespace App.SelfService.Methods.Passkey;

/// <summary>
/// Sign-in with a passkey (Kratos <c>passkey_login.go</c>): discoverable by default, through
/// autofill or the button; email-first with allowCredentials for security keys that cannot be
/// discovered.
/// </summary>
public sealed class PasskeyLogin(
    CeremonyService ceremonies,
    IdentityDirectory directory,
    SchemaRegistry schemas,
    WebAuthnScript script,
    DecoyCredentials decoys,
    PortalSettings settings,
    AuditLog audit,
    TimeProvider clock) : ILoginMethod
{
    public string Name => "passkey";
    public bool Enabled => settings.PasskeysEnabled;

    public async Task PopulateAsync(FlowContext context)
    {
        var (flow, ui, http) = context;
        var refreshing = context.RefreshingIdentity;
        // Confirming who you are is for the signed-in account only: its address is fixed, as in Kratos.
        ui.Upsert(refreshing is null
            ? NodeFactory.Input(UiGroups.Default, "identifier", "text", JsonValue.Create(""), required: true,
                autocomplete: "username webauthn", label: IdentifierLabel())
            : NodeFactory.Hidden(UiGroups.Default, "identifier", refreshing.Identifiers.FirstOrDefault()?.Value ?? ""));
        ui.Upsert(PasskeyNodes.Challenge(await ceremonies.BeginLoginAsync(flow, refreshing)));
        if (flow.Type == FlowTypes.Browser) ui.Upsert(script.Node());
        // Autofill offers every account's passkeys; confirming who you are asks for this account's.
        ui.Upsert(PasskeyNodes.Response("passkey_login", flow, onloadTrigger: refreshing is null ? "oryPasskeyLoginAutocompleteInit" : null));
        ui.Upsert(PasskeyNodes.Trigger("passkey_login_trigger", "oryPasskeyLogin", Messages.SignInWithPasskey(), flow, emptyValue: true));
    }

    public async Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission)
    {
        var response = submission["passkey_login"];
        if (string.IsNullOrEmpty(response) && submission.Method != Name) return MethodOutcome.Skip;
        // Kratos names the active method only once it succeeded; the engine does that.
        if (string.IsNullOrEmpty(response))
            return context.RefreshingIdentity is null ? await StartEmailFirstAsync(context, submission["identifier"]) : MethodOutcome.Show;

        var outcome = await ceremonies.CompleteLoginAsync(context.Flow, response);
        if (!outcome.Succeeded || outcome.Identity is not { State: IdentityStates.Active } identity)
        {
            // The browser may tell its credential provider to forget a passkey no account has (WebAuthn L3 signals).
            if (outcome.Reason == CeremonyService.UnknownCredential && CredentialSignals.RawIdOf(response) is { } unknown)
                context.Ui.Upsert(NodeFactory.Hidden(UiGroups.Passkey, CredentialSignals.UnknownCredentialField, unknown));
            return await RefuseAsync(context, outcome.Failure, outcome.Reason ?? "The identity is not active.");
        }
        outcome.Passkey!.LastUsedAt = clock.GetUtcNow().UtcDateTime;
        outcome.Passkey.LastUsedUserAgent = UserAgentOf(context.Http);
        return new MethodOutcome.Authenticated(identity, Name);
    }

    /// <summary>
    /// The user typed an address and asked for a passkey: list that identity's credentials. An
    /// unknown address gets stable decoy credentials, so the answer never tells whether it exists.
    /// </summary>
    private async Task<MethodOutcome> StartEmailFirstAsync(FlowContext context, string? identifier)
    {
        var (flow, ui, http) = context;
        identifier = identifier?.Trim();
        JsonObject options;
        if (string.IsNullOrEmpty(identifier) || identifier.Length > 320)
        {
            options = await ceremonies.BeginLoginAsync(flow, null);
        }
        else
        {
            var identity = await directory.FindByIdentifierAsync(identifier);
            options = identity is { Passkeys.Count: > 0 }
                ? await ceremonies.BeginLoginAsync(flow, identity)
                : await ceremonies.BeginLoginAsync(flow, null, await decoys.ForAsync(identifier));
        }
        // A flow on a later step (its address already taken) may have no address field to fill.
        if (ui.Find("identifier") is { } field) field.Attributes.Value = JsonValue.Create(identifier ?? "");
        ui.Upsert(PasskeyNodes.Challenge(options));
        return MethodOutcome.Show;
    }

    private async Task<MethodOutcome> RefuseAsync(FlowContext context, CeremonyFailure failure, string reason)
    {
        audit.Add(AuditEvents.LoginFailed, context.Http, flowId: context.Flow.Id, details: new { method = Name, failure = failure.ToString(), reason });
        context.Ui.AddMessage(PasskeyMessages.ForSignIn(failure, reason));
        context.Ui.Upsert(PasskeyNodes.Challenge(await ceremonies.BeginLoginAsync(context.Flow, context.RefreshingIdentity)));
        return MethodOutcome.Show;
    }

    /// <summary>Kept for its owner to recognise the device in settings; cut, as a User-Agent may be any length.</summary>
    private static string? UserAgentOf(HttpContext http) =>
        http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 512)] : null;

    private UiText IdentifierLabel()
    {
        var field = schemas.Default.Fields.FirstOrDefault(f => f.Extension.PasskeyDisplayName || f.Extension.WebAuthnIdentifier);
        return field?.Title is { Length: > 0 } title
            ? UiText.Info(1070002, title, new() { ["title"] = title, ["name"] = field.InputName })
            : Messages.LabelId();
    }
}
