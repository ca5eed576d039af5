using System.Text.Json.Nodes;
using App.Audit;
using App.Configuration;
using App.Data;
using App.Identities;
using App.KratosJson;
using App.Sessions.Circuits;
using Microsoft.EntityFrameworkCore;

namespace App.Admin;

/// <summary>
/// What an administrator does to identities, for the admin API and the console alike: create, read,
/// replace, patch, delete, and remove credentials. Every change is audited in the same unit of work,
/// and an identity that stops being able to sign in loses its live pages at once.
/// </summary>
public sealed class IdentityAdministration(PortalDbContext db, PortalSettings settings, SchemaRegistry schemas, IdentityDirectory directory,
    IdentityCredentials credentials, AuditLog audit, TimeProvider clock, SessionCircuits circuits,
    Credentials.Passwords.PasswordHashes passwordHashes, Credentials.Passwords.PasswordStore passwords,
    Credentials.Passkeys.PasskeyProviders providers)
{
    /// <summary>The identity, with its addresses; null for an unknown or malformed id.</summary>
    public async Task<Identity?> FindAsync(string id, bool tracked = false, CancellationToken cancel = default)
    {
        if (!Guid.TryParse(id, out var identityId)) return null;
        var query = db.Identities.Include(i => i.Identifiers).Where(i => i.Id == identityId);
        return await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(cancel);
    }

    /// <summary>The admin view of an identity: admin metadata and a summary of its credentials.</summary>
    public async Task<IdentityJson> JsonAsync(Identity identity, IReadOnlySet<string>? includeCredentials = null, CancellationToken cancel = default) =>
        IdentityJson.From(identity, settings, includeAdminMetadata: true, await credentials.SummarizeAsync(identity, includeCredentials, cancel));

    /// <summary>
    /// Creates an identity (Kratos <c>createIdentityBody</c>). Without credentials it is an invitation:
    /// the person signs in by email the first time and saves a passkey then. With them it is an
    /// import: a password hash, or passkeys made elsewhere with their user handle.
    /// </summary>
    public async Task<AdminOutcome<Identity>> CreateAsync(JsonObject body, HttpContext? http)
    {
        var (document, problem) = IdentityDocument.Read(body, schemas, schemas.Default.Id, IdentityStates.Active);
        if (problem is not null) return problem;
        var (password, badPassword) = Credentials.Passwords.PasswordImport.Read(body, passwordHashes);
        if (badPassword is not null) return badPassword;
        var (passkeys, badPasskeys) = Credentials.Passkeys.PasskeyImport.Read(body, providers, clock.GetUtcNow().UtcDateTime);
        if (badPasskeys is not null) return badPasskeys;
        if (await TakenAsync(document!, except: null)) return AdminErrors.Conflict();
        if (passkeys is not null && await PasskeysTakenAsync(passkeys)) return AdminErrors.PasskeyConflict();
        var identity = directory.Add(document!.Schema, document.Traits, passkeys?.UserHandle ?? Ceremonies.CeremonyService.NewUserHandle());
        ImportedAddresses.MarkVerified(identity, body, clock.GetUtcNow().UtcDateTime);
        if (password is not null) await ImportPasswordAsync(identity, password, http);
        if (passkeys is not null) ImportPasskeys(identity, passkeys.Passkeys, http);
        identity.Locale = null;
        identity.State = document.State;
        identity.MetadataPublic = document.MetadataPublic;
        identity.MetadataAdmin = document.MetadataAdmin;
        identity.ExternalId = document.ExternalId;
        audit.Add(AuditEvents.AdminIdentityCreated, http, identity.Id, details: new { state = identity.State });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another request took the same address, external id, credential id or user handle
            // between the checks above and this write; nothing of this identity was written.
            return passkeys is null ? AdminErrors.Conflict() : AdminErrors.PasskeyConflict();
        }
        return AdminOutcome<Identity>.Ok(identity);
    }

    /// <summary>
    /// Replaces traits, state and metadata (Kratos <c>updateIdentityBody</c>). The traits are
    /// validated like a sign-up's; addresses that stay keep their verification, new ones start unverified.
    /// </summary>
    public async Task<AdminOutcome<Identity>> ReplaceAsync(string id, JsonObject body, HttpContext? http)
    {
        if (await FindAsync(id, tracked: true) is not { } identity) return AdminErrors.IdentityNotFound();
        var (document, problem) = IdentityDocument.Read(body, schemas, identity.SchemaId, identity.State, identity.ExternalId);
        if (problem is not null) return problem;
        var (password, badPassword) = Credentials.Passwords.PasswordImport.Read(body, passwordHashes);
        if (badPassword is not null) return badPassword;
        // Passkeys join an identity under its user handle, which is fixed once it has any; an import
        // is for a new identity, and a replacement that dropped them silently would mislead.
        if (body["credentials"] is JsonObject { } given && given.ContainsKey("passkey"))
            return KratosErrors.BadRequest("credentials.passkey can only be imported when the identity is created.");
        if (password is not null) await ImportPasswordAsync(identity, password, http);
        return await ApplyAsync(identity, document!, http, "put");
    }

    /// <summary>Adds imported passkeys to the identity's unit of work; the audit names how many and their models, never a key.</summary>
    private void ImportPasskeys(Identity identity, IReadOnlyList<Credentials.Passkeys.Passkey> passkeys, HttpContext? http)
    {
        foreach (var passkey in passkeys)
        {
            passkey.IdentityId = identity.Id;
            db.Passkeys.Add(passkey);
        }
        audit.Add(AuditEvents.PasskeysImported, http, identity.Id,
            details: new { count = passkeys.Count, aaguids = passkeys.Select(p => p.Aaguid).Distinct() });
    }

    /// <summary>
    /// A credential id is one authenticator credential, so it may belong to no other passkey or
    /// security key; the user handle names one identity to the authenticators that hold it.
    /// </summary>
    private async Task<bool> PasskeysTakenAsync(Credentials.Passkeys.ImportedPasskeys imported)
    {
        var ids = imported.Passkeys.Select(p => p.CredentialId).ToList();
        return await db.Identities.AnyAsync(i => i.PasskeyUserHandle == imported.UserHandle)
            || await db.Passkeys.AnyAsync(p => ids.Contains(p.CredentialId))
            || await db.SecurityKeys.AnyAsync(k => ids.Contains(k.CredentialId));
    }

    private async Task ImportPasswordAsync(Identity identity, string hash, HttpContext? http)
    {
        await passwords.SetAsync(identity.Id, hash);
        audit.Add(AuditEvents.PasswordImported, http, identity.Id, details: new { format = Credentials.Passwords.PasswordHashes.FormatName(hash) });
    }

    /// <summary>
    /// Applies a JSON Patch (Kratos <c>patchIdentity</c>) to the identity's admin JSON, then takes the
    /// result exactly as a replacement: the same checks of schema, state and traits, the same audit.
    /// </summary>
    public async Task<AdminOutcome<Identity>> PatchAsync(string id, JsonNode patch, HttpContext? http)
    {
        if (await FindAsync(id, tracked: true) is not { } identity) return AdminErrors.IdentityNotFound();
        var current = (JsonObject)System.Text.Json.JsonSerializer.SerializeToNode(IdentityJson.From(identity, settings, includeAdminMetadata: true), KratosJsonOptions.Default)!;
        var (patched, badPatch) = IdentityPatch.Apply(current, patch);
        if (badPatch is not null) return badPatch;
        var (document, problem) = IdentityDocument.Read(patched!, schemas, identity.SchemaId, identity.State);
        if (problem is not null) return problem;
        return await ApplyAsync(identity, document!, http, "patch");
    }

    public async Task<AdminOutcome<Identity>> DeleteAsync(string id, HttpContext? http)
    {
        if (await FindAsync(id, tracked: true) is not { } identity) return AdminErrors.IdentityNotFound();
        // Passkeys, addresses and sessions go with it (cascade); the audit trail stays.
        db.Identities.Remove(identity);
        audit.Add(AuditEvents.AdminIdentityDeleted, http, identity.Id, details: new { addresses = identity.Identifiers.Select(x => x.Value) });
        await db.SaveChangesAsync();
        circuits.EndIdentity(identity.Id);
        return AdminOutcome<Identity>.Ok(identity);
    }

    /// <summary>Kratos <c>deleteIdentityCredentials</c>: removes one credential type, when its kind allows it.</summary>
    public async Task<AdminOutcome<Identity>> RemoveCredentialsAsync(string id, string type, HttpContext? http)
    {
        if (await FindAsync(id, tracked: true) is not { } identity) return AdminErrors.IdentityNotFound();
        if (await credentials.RemoveAsync(identity, type, http) is { } refusal) return refusal;
        identity.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync();
        return AdminOutcome<Identity>.Ok(identity);
    }

    private async Task<AdminOutcome<Identity>> ApplyAsync(Identity identity, IdentityDocument document, HttpContext? http, string via)
    {
        if (await TakenAsync(document, except: identity.Id)) return AdminErrors.Conflict();
        var now = clock.GetUtcNow().UtcDateTime;
        (string Field, string? Value)[] before =
            [("schema_id", identity.SchemaId), ("state", identity.State), ("traits", identity.Traits), ("metadata_admin", identity.MetadataAdmin),
             ("metadata_public", identity.MetadataPublic), ("external_id", identity.ExternalId)];
        identity.SchemaId = document.Schema.Id;
        identity.Traits = document.Traits.ToJsonString();
        if (document.State != identity.State) (identity.State, identity.StateChangedAt) = (document.State, now);
        identity.MetadataPublic = document.MetadataPublic;
        identity.MetadataAdmin = document.MetadataAdmin;
        identity.ExternalId = document.ExternalId;
        identity.UpdatedAt = now;
        directory.ReplaceIdentifiers(identity, document.Identifiers, now);
        string?[] after = [identity.SchemaId, identity.State, identity.Traits, identity.MetadataAdmin, identity.MetadataPublic, identity.ExternalId];
        var changed = before.Where((b, i) => b.Value != after[i]).Select(b => b.Field).ToArray();
        audit.Add(AuditEvents.AdminIdentityUpdated, http, identity.Id, details: new { changed, state = identity.State, via });
        await db.SaveChangesAsync();
        if (identity.State != IdentityStates.Active) circuits.EndIdentity(identity.Id);
        return AdminOutcome<Identity>.Ok(identity);
    }

    private async Task<bool> TakenAsync(IdentityDocument document, Guid? except)
    {
        var values = document.Identifiers.Select(w => w.Value).ToList();
        if (await db.IdentityIdentifiers.AnyAsync(x => values.Contains(x.Value) && x.IdentityId != except)) return true;
        return document.ExternalId is { } external && await db.Identities.AnyAsync(i => i.ExternalId == external && i.Id != except);
    }

    /// <summary>The identity with this <c>external_id</c>, with its addresses; null when none has it.</summary>
    public Task<Identity?> FindByExternalIdAsync(string externalId, CancellationToken cancel = default) =>
        IdentityExternalIds.Problem(externalId) is not null
            ? Task.FromResult<Identity?>(null)
            : db.Identities.AsNoTracking().Include(i => i.Identifiers).FirstOrDefaultAsync(i => i.ExternalId == externalId, cancel);
}
