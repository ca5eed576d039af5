using System.Text.Json.Nodes;
using App.Audit;
using App.Configuration;
using App.Credentials.LookupSecrets;
using App.Identities;
using App.KratosJson;
using App.Security;
using App.SelfService.Flows;
using App.SelfService.Methods.Code;
using App.SelfService.Ui;
using App.Sessions;

namespace App.SelfService.Methods.LookupSecret;

/// <summary>
/// Sign-in with a backup code, for someone who lost every passkey. Kratos offers lookup secrets
/// only as a second factor (<c>selfservice/strategy/lookup/login.go</c>); here they are also a first
/// factor, so the code is bound to an identity by the address typed with it. Known and unknown
/// addresses get the same answer and the same database work, wrong codes count against the
/// emailed codes' limits, and the session it gives may only save a new passkey.
/// </summary>
public sealed class LookupSecretLogin(
    BackupCodeStore codes,
    IdentityDirectory directory,
    GuessLimits guesses,
    PortalSettings settings,
    AuditLog audit) : ILoginMethod
{
    public string Name => "lookup_secret";
    public bool Enabled => settings.Options.SelfService.Methods.LookupSecret.Enabled;

    public Task PopulateAsync(FlowContext context)
    {
        // A way back in, not a way to confirm a session that still has its passkey.
        if (context.Flow.Refresh) return Task.CompletedTask;
        var ui = context.Ui;
        if (ui.Find("identifier") is null)
            ui.Upsert(NodeFactory.Input(UiGroups.Default, "identifier", "text", JsonValue.Create(""), required: true, label: Messages.LabelEmail()));
        ui.Upsert(LookupSecretNodes.LoginCode());
        ui.Upsert(LookupSecretNodes.LoginSubmit());
        return Task.CompletedTask;
    }

    public async Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission)
    {
        if (submission.Method != Name || context.Flow.Refresh) return MethodOutcome.Skip;
        var (flow, ui, http) = context;
        flow.Active = Name;
        var typed = submission["identifier"]?.Trim() ?? "";
        var code = submission["lookup_secret"] ?? "";
        // The form comes back with the address typed, never with the code.
        if (ui.Find("identifier") is { } field && typed.Length <= 320) field.Attributes.Value = JsonValue.Create(typed);
        if (ui.Find("lookup_secret") is { } codeField) codeField.Attributes.Value = JsonValue.Create("");
        if (typed.Length == 0) ui.Find("identifier")?.Messages.Add(Messages.Required("identifier"));
        if (code.Trim().Length == 0) ui.Find("lookup_secret")?.Messages.Add(Messages.Required("lookup_secret"));
        if (typed.Length == 0 || code.Trim().Length == 0) return MethodOutcome.Show;

        var address = EmailAddress.Normalize(typed);
        if (await guesses.TryAsync(address, http) is { } wait)
        {
            audit.Add(AuditEvents.RateLimited, http, flowId: flow.Id, details: new { method = Name, what = "trying backup codes" });
            audit.Add(AuditEvents.BackupCodeRefused, http, flowId: flow.Id, details: new { method = Name, reason = "rate_limited" });
            return new MethodOutcome.Refused(KratosErrors.TooManyRequests(
                $"Too many requests trying codes; try again in {(int)Math.Ceiling(wait.TotalSeconds)} seconds.", wait), CodeMessages.RateLimited(wait), wait);
        }

        var identity = await directory.FindByIdentifierAsync(address);
        var owner = identity is { State: IdentityStates.Active } ? identity : null;
        // An unknown address is checked against a made-up identity's codes, of which there are none.
        var use = await codes.UseAsync(owner?.Id ?? Guid.NewGuid(), code);
        if (owner is null || !use.Used)
        {
            audit.Add(AuditEvents.BackupCodeRefused, http, owner?.Id, flowId: flow.Id, details: new { method = Name, reason = "wrong_code" });
            ui.Find("lookup_secret")?.Messages.Add(LookupSecretMessages.Invalid());
            return MethodOutcome.Show;
        }
        audit.Add(AuditEvents.BackupCodeUsed, http, owner.Id, flowId: flow.Id, details: new { remaining = use.Remaining });
        if (use.Remaining <= BackupCodeStatus.RunningLow)
            audit.Add(AuditEvents.BackupCodesLow, http, owner.Id, flowId: flow.Id, details: new { remaining = use.Remaining });
        return new MethodOutcome.Authenticated(owner, Name, SessionRestrictions.PasskeyEnrolmentRequired);
    }
}
