using System.Text.Json.Nodes;
using App.Audit;
using App.Configuration;
using App.Credentials.Passwords;
using App.Identities;
using App.KratosJson;
using App.Security;
using App.SelfService.Flows;
using App.SelfService.Methods.Code;
using App.SelfService.Ui;

namespace App.SelfService.Methods.Password;

/// <summary>
/// Sign-in with an imported password (Kratos <c>selfservice/strategy/password/login.go</c>), for
/// accounts that came with one; no account ever gets a password here. Known and unknown addresses
/// get the same answer (4000006) after the same work: an address without a password is checked
/// against a decoy argon2id hash. Wrong passwords count against the code guessing limits, per
/// address and per IP. After a sign-in a hash in an older format is replaced by argon2id.
/// </summary>
public sealed class PasswordLogin(
    PasswordStore passwords,
    PasswordHashes hashes,
    PasswordNudge nudge,
    IdentityDirectory directory,
    GuessLimits guesses,
    PortalSettings settings,
    AuditLog audit) : ILoginMethod
{
    public string Name => "password";
    public bool Enabled => settings.Options.SelfService.Methods.Password.Enabled;

    public Task PopulateAsync(FlowContext context)
    {
        // Confirming who you are is for passkeys; a password is only a way in for a legacy account.
        if (context.Flow.Refresh) return Task.CompletedTask;
        var ui = context.Ui;
        if (ui.Find("identifier") is null)
            ui.Upsert(NodeFactory.Input(UiGroups.Default, "identifier", "text", JsonValue.Create(""), required: true, label: Messages.LabelEmail()));
        ui.Upsert(PasswordNodes.Password());
        ui.Upsert(PasswordNodes.Submit());
        return Task.CompletedTask;
    }

    public async Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission)
    {
        if (submission.Method != Name || context.Flow.Refresh) return MethodOutcome.Skip;
        var (flow, ui, http) = context;
        flow.Active = Name;
        var typed = submission["identifier"]?.Trim() ?? "";
        var password = submission["password"] ?? "";
        // The form comes back with the address typed, never with the password.
        if (ui.Find("identifier") is { } field && typed.Length <= 320) field.Attributes.Value = JsonValue.Create(typed);
        if (typed.Length == 0) ui.Find("identifier")?.Messages.Add(Messages.Required("identifier"));
        if (password.Length == 0) ui.Find("password")?.Messages.Add(Messages.Required("password"));
        if (typed.Length == 0 || password.Length == 0) return MethodOutcome.Show;

        var address = EmailAddress.Normalize(typed);
        if (await guesses.TryAsync(address, http) is { } wait)
        {
            audit.Add(AuditEvents.RateLimited, http, flowId: flow.Id, details: new { method = Name, what = "trying passwords" });
            audit.Add(AuditEvents.PasswordRefused, http, flowId: flow.Id, details: new { method = Name, reason = "locked_out" });
            return new MethodOutcome.Refused(KratosErrors.TooManyRequests(
                $"Too many requests trying passwords; try again in {(int)Math.Ceiling(wait.TotalSeconds)} seconds.", wait), CodeMessages.RateLimited(wait), wait);
        }

        var identity = password.Length > 1024 || typed.Length > 320 ? null : await directory.FindByIdentifierAsync(address);
        var owner = identity is { State: IdentityStates.Active } ? identity : null;
        var stored = owner is null ? null : await passwords.FindAsync(owner.Id);
        // Without a stored hash the decoy is checked instead, so the answer takes as long.
        var check = hashes.Check(stored?.HashedPassword, password.Length > 1024 ? "" : password);
        if (owner is null || stored is null || !check.Matches)
        {
            audit.Add(AuditEvents.PasswordRefused, http, owner?.Id, flowId: flow.Id, details: new { method = Name, reason = "invalid_credentials" });
            ui.AddMessage(Messages.InvalidCredentials());
            return MethodOutcome.Show;
        }
        if (check.Rehash && await passwords.ReplaceAsync(owner.Id, stored.HashedPassword, hashes.Hash(password)))
            audit.Add(AuditEvents.PasswordRehashed, http, owner.Id, flowId: flow.Id, details: new { from = check.Format, to = "argon2id" });
        var next = flow.Type == FlowTypes.Browser ? await nudge.NextPageAsync(owner.Id, flow.ReturnTo) : null;
        return new MethodOutcome.Authenticated(owner, Name, BrowserNext: next);
    }
}
