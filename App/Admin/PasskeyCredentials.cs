using System.Text.Json.Nodes;
using App.Data;
using App.Identities;
using App.KratosJson;
using Microsoft.EntityFrameworkCore;

namespace App.Admin;

/// <summary>
/// An identity's passkeys as Kratos's <c>passkey</c> credential. Its config is the one Kratos stores
/// (ids, public keys, AAGUIDs and the user handle in standard base64), so an export imports again,
/// here or into Kratos. Administrators cannot remove passkeys here, as in Kratos; the person removes
/// them in settings, or an administrator starts a recovery.
/// </summary>
public sealed class PasskeyCredentials(PortalDbContext db) : ICredentialType
{
    public string Type => "passkey";

    public async Task<IReadOnlyDictionary<Guid, CredentialsJson>> SummariesAsync(IReadOnlyCollection<Identity> identities, bool withConfig, CancellationToken cancel)
    {
        var ids = identities.Select(i => i.Id).Distinct().ToList();
        // Only what a summary shows: a page of a list need not carry every key and attestation.
        var passkeys = (await db.Passkeys.AsNoTracking().Where(p => ids.Contains(p.IdentityId)).OrderBy(p => p.CreatedAt)
            .Select(p => new Credentials.Passkeys.Passkey
            {
                IdentityId = p.IdentityId, CredentialId = p.CredentialId, DisplayName = p.DisplayName, CreatedAt = p.CreatedAt,
                AttestationFormat = p.AttestationFormat, Aaguid = p.Aaguid, SignCount = p.SignCount, Transports = p.Transports,
                IsUserVerified = p.IsUserVerified, IsBackupEligible = p.IsBackupEligible, IsBackedUp = p.IsBackedUp,
                PublicKey = withConfig ? p.PublicKey : Array.Empty<byte>(),
            })
            .ToListAsync(cancel)).ToLookup(p => p.IdentityId);
        return identities.DistinctBy(i => i.Id).Where(i => passkeys.Contains(i.Id))
            .ToDictionary(i => i.Id, i => Summary(i, passkeys[i.Id].ToList(), withConfig));
    }

    private CredentialsJson Summary(Identity identity, List<Credentials.Passkeys.Passkey> passkeys, bool withConfig) =>
        new()
        {
            Type = Type,
            Identifiers = [identity.PasskeyUserHandle],
            Version = 1,
            CreatedAt = IdentityJson.Utc(passkeys[0].CreatedAt),
            UpdatedAt = IdentityJson.Utc(passkeys[^1].CreatedAt),
            Config = withConfig ? new JsonObject
            {
                ["credentials"] = new JsonArray(passkeys.Select(p => (JsonNode)new JsonObject
                {
                    // Kratos keeps these as Go byte slices, which JSON writes in standard base64.
                    ["id"] = Convert.ToBase64String(p.CredentialId),
                    ["public_key"] = Convert.ToBase64String(p.PublicKey),
                    ["display_name"] = p.DisplayName,
                    ["added_at"] = IdentityJson.Utc(p.CreatedAt),
                    ["is_passwordless"] = true,
                    ["attestation_type"] = p.AttestationFormat ?? "none",
                    ["authenticator"] = new JsonObject
                    {
                        ["aaguid"] = Convert.ToBase64String((p.Aaguid ?? Guid.Empty).ToByteArray(bigEndian: true)), ["sign_count"] = p.SignCount, ["clone_warning"] = false,
                    },
                    ["flags"] = new JsonObject
                    {
                        ["user_present"] = true, ["user_verified"] = p.IsUserVerified,
                        ["backup_eligible"] = p.IsBackupEligible, ["backup_state"] = p.IsBackedUp,
                    },
                    ["transport"] = new JsonArray((p.Transports ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => (JsonNode)t).ToArray()),
                }).ToArray()),
                ["user_handle"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(identity.PasskeyUserHandle)),
            } : null,
        };

    public Task<ErrorEnvelope?> RemoveAsync(Identity identity, CancellationToken cancel) =>
        Task.FromResult<ErrorEnvelope?>(IdentityCredentials.CannotBeDeleted(Type));
}
