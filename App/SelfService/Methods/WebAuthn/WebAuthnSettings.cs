using System.Text.Json.Nodes;
using App.Audit;
using App.Ceremonies;
using App.Configuration;
using App.Credentials.SecurityKeys;
using App.Data;
using App.Identities;
using App.SelfService.Flows;
using App.SelfService.Ui;
using App.Sessions;
using Microsoft.EntityFrameworkCore;

namespace App.SelfService.Methods.WebAuthn;

/// <summary>
/// Adding and removing second-factor security keys on the settings flow (Kratos
/// <c>webauthn/settings.go</c> with <c>passwordless: false</c>). Keys never count as a way in, so
/// removing the last one is always allowed; who may add one is <see cref="SecondFactorEligibility"/>'s answer.
/// </summary>
public sealed class WebAuthnSettings(
    CeremonyService ceremonies,
    PortalDbContext db,
    SchemaRegistry schemas,
    SecondFactorEligibility eligibility,
    SessionService sessions,
    PortalSettings settings,
    AuditLog audit,
    TimeProvider clock) : ISettingsMethod
{
    private const int MaxNameLength = 64;

    public string Name => "webauthn";
    public bool Enabled => settings.SecurityKeysEnabled;

    public async Task PopulateAsync(FlowContext context)
    {
        var (flow, ui, _) = context;
        var identity = Owner(context);
        ui.Nodes.RemoveAll(n => n.Group == UiGroups.WebAuthn && n.Name is not null);
        foreach (var key in await CurrentKeysAsync(identity.Id)) ui.Nodes.Add(WebAuthnNodes.Remove(key));
        if (!await eligibility.MayAddSecondFactorAsync(identity)) return;
        ui.Nodes.Add(WebAuthnNodes.RegisterDisplayName());
        ui.Nodes.Add(WebAuthnNodes.RegisterInput());
        ui.Nodes.Add(WebAuthnNodes.RegisterTrigger(await BeginAsync(context), flow));
    }

    public async Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission)
    {
        var register = submission["webauthn_register"];
        var remove = submission["webauthn_remove"];
        if (string.IsNullOrEmpty(register) && string.IsNullOrEmpty(remove) && submission.Method != Name) return MethodOutcome.Skip;
        context.Flow.Active = Name;
        var session = context.Session!;
        if (SessionRestrictions.Refusal(session, settings) is { } error)
        {
            audit.Add(AuditEvents.SettingsRefused, context.Http, session.IdentityId, session.Id, context.Flow.Id, new { method = Name, reason = session.Restriction });
            return new MethodOutcome.Refused(error, Messages.Generic(error.Error.Reason!));
        }
        if (!string.IsNullOrEmpty(register)) return await AddAsync(context, register, submission["webauthn_register_displayname"]);
        if (!string.IsNullOrEmpty(remove)) return await RemoveAsync(context, remove);
        await PopulateAsync(context);
        return MethodOutcome.Show;
    }

    private async Task<MethodOutcome> AddAsync(FlowContext context, string credentialJson, string? displayName)
    {
        var identity = Owner(context);
        if (!await eligibility.MayAddSecondFactorAsync(identity))
            return await RefuseAsync(context, WebAuthnMessages.NotEligible(), "not eligible", null);
        var outcome = await ceremonies.CompleteRegistrationAsync(context.Flow, credentialJson);
        if (!outcome.Succeeded || outcome.UserHandle != identity.PasskeyUserHandle)
            return await RefuseAsync(context, WebAuthnMessages.For(outcome.Failure, signIn: false), outcome.Reason ?? "user handle mismatch", "webauthn_register");

        var name = await DistinctNameAsync(identity.Id, Clean(displayName));
        var now = clock.GetUtcNow().UtcDateTime;
        db.SecurityKeys.Add(SecurityKey.From(identity.Id, outcome.Credential!, name, now));
        identity.UpdatedAt = now;
        var session = context.Session!;
        // Kratos: a key just added was just used, so the session holds the second factor now.
        sessions.CompleteSecondFactor(session, Name);
        audit.Add(AuditEvents.SecurityKeyAdded, context.Http, identity.Id, session.Id, context.Flow.Id, new { name });
        return new MethodOutcome.Updated();
    }

    private async Task<MethodOutcome> RemoveAsync(FlowContext context, string hexId)
    {
        var identity = Owner(context);
        var id = TryHex(hexId);
        var target = id is null ? null : await db.SecurityKeys.FirstOrDefaultAsync(k => k.IdentityId == identity.Id && k.CredentialId == id);
        if (target is null)
            return await RefuseAsync(context, Messages.Generic("That security key is not saved on this account."), "unknown credential", null);
        db.SecurityKeys.Remove(target);
        identity.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(AuditEvents.SecurityKeyRemoved, context.Http, identity.Id, context.Session!.Id, context.Flow.Id, new { name = target.DisplayName });
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

    private async Task<JsonObject> BeginAsync(FlowContext context)
    {
        var identity = Owner(context);
        var traits = JsonNode.Parse(identity.Traits) as JsonObject ?? [];
        var userName = schemas.Find(identity.SchemaId)?.DisplayNameOf(traits) ?? identity.Identifiers.FirstOrDefault()?.Value ?? "";
        return await ceremonies.BeginSecurityKeyRegistrationAsync(context.Flow, userName, identity);
    }

    /// <summary>The identity's keys as they will be once this request's changes are saved.</summary>
    private async Task<List<SecurityKey>> CurrentKeysAsync(Guid identityId)
    {
        var stored = await db.SecurityKeys.Where(k => k.IdentityId == identityId).ToListAsync();
        var added = db.SecurityKeys.Local.Where(k => k.IdentityId == identityId && db.Entry(k).State == EntityState.Added);
        return stored.Where(k => db.Entry(k).State != EntityState.Deleted).Concat(added).Distinct().OrderBy(k => k.CreatedAt).ToList();
    }

    private static string Clean(string? name)
    {
        var trimmed = new string((name ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return trimmed.Length == 0 ? "Security key" : trimmed.Length > MaxNameLength ? trimmed[..MaxNameLength] : trimmed;
    }

    private async Task<string> DistinctNameAsync(Guid identityId, string name)
    {
        var taken = await db.SecurityKeys.Where(k => k.IdentityId == identityId).Select(k => k.DisplayName).ToListAsync();
        if (!taken.Contains(name)) return name;
        var n = 2;
        while (taken.Contains($"{name} ({n})")) n++;
        return $"{name} ({n})";
    }

    private static Identity Owner(FlowContext context) =>
        context.Session?.Identity ?? throw new InvalidOperationException("Settings need the signed-in identity.");

    private static byte[]? TryHex(string value)
    {
        if (value.Length is 0 or > 2048 || value.Length % 2 != 0) return null;
        try { return Convert.FromHexString(value); }
        catch (FormatException) { return null; }
    }
}
