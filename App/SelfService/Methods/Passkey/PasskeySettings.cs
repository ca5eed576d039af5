using System.Text.Json.Nodes;
using App.Audit;
using App.Ceremonies;
using App.Configuration;
using App.Credentials.Passkeys;
using App.Data;
using App.Identities;
using App.KratosJson;
using App.SelfService.Flows;
using App.SelfService.Ui;
using App.Sessions;
using Microsoft.EntityFrameworkCore;

namespace App.SelfService.Methods.Passkey;

/// <summary>
/// Adding and removing passkeys on the settings flow (Kratos <c>passkey_settings.go</c>). Adding a
/// passkey also counts as a fresh proof on the session and lifts an email sign-in's restriction;
/// while that restriction holds, adding a passkey is the only change allowed.
/// </summary>
public sealed class PasskeySettings(
    CeremonyService ceremonies,
    PortalDbContext db,
    SchemaRegistry schemas,
    WebAuthnScript script,
    PasskeyProviders providers,
    SessionService sessions,
    PortalSettings settings,
    AuditLog audit,
    Credentials.LookupSecrets.BackupCodeStore backupCodes,
    TimeProvider clock) : ISettingsMethod
{
    /// <summary>Kratos's own words for refusing to remove the last way in (<c>x/webauthnx/errors.go</c>).</summary>
    private const string WouldLockOut = "unable to remove this security key because it would lock you out of your account";

    public string Name => "passkey";
    public bool Enabled => settings.PasskeysEnabled;

    public async Task PopulateAsync(FlowContext context)
    {
        var (flow, ui, _) = context;
        var identity = Owner(context);
        var passkeys = await CurrentPasskeysAsync(identity.Id);
        // Rebuilt whole, so the list matches the identity after every change.
        ui.Nodes.RemoveAll(n => n.Group is UiGroups.Passkey or UiGroups.WebAuthn);
        if (flow.Type == FlowTypes.Browser) ui.Nodes.Add(script.Node());
        foreach (var passkey in passkeys) ui.Nodes.Add(PasskeyNodes.Remove(passkey, isLast: passkeys.Count == 1));
        ui.Nodes.Add(PasskeyNodes.Trigger("passkey_register_trigger", "oryPasskeySettingsRegistration", Messages.AddPasskey(), flow, emptyValue: true));
        ui.Nodes.Add(PasskeyNodes.Response("passkey_settings_register", flow));
        if (context.Session is { } session && BackupPasskeyPrompt.IsDue(identity, passkeys.Count, session))
            ui.Nodes.AddRange(BackupPasskeyPrompt.Nodes());
        if (passkeys.Count == 1 && await backupCodes.RemainingAsync(identity.Id) == 0) ui.Nodes.Add(BackupPasskeyPrompt.Warning());
        await RenewChallengeAsync(context);
    }

    public async Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission)
    {
        var remove = submission["passkey_remove"];
        var register = submission["passkey_settings_register"];
        var rename = submission[PasskeyRename.IdField];
        var backup = submission[BackupPasskeyPrompt.TargetField];
        var later = submission[BackupPasskeyPrompt.LaterField];
        if (new[] { remove, register, rename, backup, later }.All(string.IsNullOrEmpty) && submission.Method != Name) return MethodOutcome.Skip;
        context.Flow.Active = Name;
        if (!string.IsNullOrEmpty(register)) return await AddAsync(context, register);
        if (!string.IsNullOrEmpty(remove)) return await RemoveAsync(context, remove);
        if (!string.IsNullOrEmpty(rename)) return await RenameAsync(context, rename, submission[PasskeyRename.NameField]);
        if (!string.IsNullOrEmpty(backup))
        {
            // The browser asks for a phone or a security key with these options; the credential comes back as any other.
            if (AuthenticatorTargets.Parse(backup) is not { } target)
                return await RefuseAsync(context, Messages.Generic("Choose a phone or a hardware key."), "unknown backup target", null);
            await RenewChallengeAsync(context, target);
            return MethodOutcome.ShowOk;
        }
        if (!string.IsNullOrEmpty(later)) return DeclineBackup(context);
        await RenewChallengeAsync(context);
        return MethodOutcome.Show;
    }

    private async Task<MethodOutcome> AddAsync(FlowContext context, string credentialJson)
    {
        var identity = Owner(context);
        var outcome = await ceremonies.CompleteRegistrationAsync(context.Flow, credentialJson);
        if (!outcome.Succeeded || outcome.UserHandle != identity.PasskeyUserHandle)
            return await RefuseAsync(context, PasskeyMessages.For(outcome.Failure, signIn: false), outcome.Reason ?? "user handle mismatch", "passkey_settings_register");
        var credential = outcome.Credential!;

        var name = await DistinctNameAsync(identity.Id, providers.NameFor(credential, context.Http.Request.Headers.UserAgent));
        var now = clock.GetUtcNow().UtcDateTime;
        db.Passkeys.Add(Credentials.Passkeys.Passkey.From(identity.Id, credential, name, CredentialProperties.IsDiscoverable(credentialJson), now));
        identity.UpdatedAt = now;
        var session = context.Session!;
        var wasRestricted = session.Restriction is not null;
        sessions.AddMethod(session, Name);
        audit.Add(AuditEvents.PasskeyAdded, context.Http, identity.Id, session.Id, context.Flow.Id, new { name });
        if (wasRestricted) audit.Add(AuditEvents.SessionRestrictionLifted, context.Http, identity.Id, session.Id, context.Flow.Id);
        return new MethodOutcome.Updated();
    }

    private async Task<MethodOutcome> RemoveAsync(FlowContext context, string hexId)
    {
        var identity = Owner(context);
        var session = context.Session!;
        if (SessionRestrictions.Refusal(session, settings) is { } error)
        {
            audit.Add(AuditEvents.SettingsRefused, context.Http, identity.Id, session.Id, context.Flow.Id, new { reason = session.Restriction });
            return new MethodOutcome.Refused(error, Messages.Generic(error.Error.Reason!));
        }
        var passkeys = await db.Passkeys.Where(p => p.IdentityId == identity.Id).ToListAsync();
        var target = TryHex(hexId) is { } id ? passkeys.FirstOrDefault(p => p.CredentialId.AsSpan().SequenceEqual(id)) : null;
        if (target is null)
            return await RefuseAsync(context, Messages.Generic("That passkey is not saved on this account."), "unknown credential", null);
        if (passkeys.Count == 1)
            return await RefuseAsync(context, Messages.Generic(WouldLockOut), "last credential", null);

        db.Passkeys.Remove(target);
        identity.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(AuditEvents.PasskeyRemoved, context.Http, identity.Id, session.Id, context.Flow.Id, new { name = target.DisplayName });
        return new MethodOutcome.Updated();
    }

    private async Task<MethodOutcome> RenameAsync(FlowContext context, string hexId, string? requested)
    {
        var identity = Owner(context);
        var session = context.Session!;
        if (SessionRestrictions.Refusal(session, settings) is { } error)
        {
            audit.Add(AuditEvents.SettingsRefused, context.Http, identity.Id, session.Id, context.Flow.Id, new { reason = session.Restriction });
            return new MethodOutcome.Refused(error, Messages.Generic(error.Error.Reason!));
        }
        var target = TryHex(hexId) is { } id ? await db.Passkeys.FirstOrDefaultAsync(p => p.IdentityId == identity.Id && p.CredentialId == id) : null;
        if (target is null)
            return await RefuseAsync(context, Messages.Generic("That passkey is not saved on this account."), "unknown credential", null);
        if (PasskeyRename.Clean(requested) is not { } name)
            return await RefuseAsync(context, PasskeyRename.Invalid(), "invalid passkey name", null);
        var old = target.DisplayName;
        target.DisplayName = name;
        identity.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(AuditEvents.PasskeyRenamed, context.Http, identity.Id, session.Id, context.Flow.Id, new { from = old, to = name });
        return new MethodOutcome.Updated();
    }

    private MethodOutcome DeclineBackup(FlowContext context)
    {
        var identity = Owner(context);
        BackupPasskeyPrompt.Decline(identity, clock.GetUtcNow().UtcDateTime);
        audit.Add(AuditEvents.BackupPasskeyDeclined, context.Http, identity.Id, context.Session?.Id, context.Flow.Id, new { declines = identity.BackupPasskeyDeclines });
        return new MethodOutcome.Updated();
    }

    private async Task<MethodOutcome> RefuseAsync(FlowContext context, UiText message, string reason, string? node)
    {
        audit.Add(AuditEvents.SettingsRefused, context.Http, Owner(context).Id, context.Session?.Id, context.Flow.Id, new { method = Name, reason });
        await PopulateAsync(context);
        if (node is not null && context.Ui.Find(node) is { } field) field.Messages.Add(message);
        else context.Ui.AddMessage(message);
        return MethodOutcome.Show;
    }

    private async Task RenewChallengeAsync(FlowContext context, AuthenticatorTarget target = AuthenticatorTarget.Any)
    {
        var identity = Owner(context);
        var traits = JsonNode.Parse(identity.Traits) as JsonObject ?? [];
        var userName = schemas.Find(identity.SchemaId)?.DisplayNameOf(traits) ?? identity.Identifiers.FirstOrDefault()?.Value ?? "";
        var options = await ceremonies.BeginRegistrationAsync(context.Flow, userName, identity, target);
        context.Ui.Upsert(PasskeyNodes.SettingsCreateData(options));
    }

    /// <summary>"Passkey on macOS", then "Passkey on macOS (2)": two rows with one name cannot be told apart.</summary>
    private async Task<string> DistinctNameAsync(Guid identityId, string name)
    {
        var taken = await db.Passkeys.Where(p => p.IdentityId == identityId).Select(p => p.DisplayName).ToListAsync();
        if (!taken.Contains(name)) return name;
        var n = 2;
        while (taken.Contains($"{name} ({n})")) n++;
        return $"{name} ({n})";
    }

    /// <summary>The identity's passkeys as they will be once this request's changes are saved.</summary>
    private async Task<List<Credentials.Passkeys.Passkey>> CurrentPasskeysAsync(Guid identityId)
    {
        var stored = await db.Passkeys.Where(p => p.IdentityId == identityId).ToListAsync();
        var added = db.Passkeys.Local.Where(p => p.IdentityId == identityId && db.Entry(p).State == EntityState.Added);
        return stored.Where(p => db.Entry(p).State != EntityState.Deleted).Concat(added).OrderBy(p => p.CreatedAt).ToList();
    }

    /// <summary>The engine runs settings only for the flow's own identity, so a missing session is a bug, not input.</summary>
    private static Identity Owner(FlowContext context) =>
        context.Session?.Identity ?? throw new InvalidOperationException("Settings need the signed-in identity.");

    private static byte[]? TryHex(string value)
    {
        if (value.Length is 0 or > 2048 || value.Length % 2 != 0) return null;
        try { return Convert.FromHexString(value); }
        catch (FormatException) { return null; }
    }
}
