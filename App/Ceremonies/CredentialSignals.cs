using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using App.Data;
using App.Identities;
using Microsoft.EntityFrameworkCore;

namespace App.Ceremonies;

/// <summary>What the WebAuthn L3 Signal API calls carry, in the ceremonies' own encoding.</summary>
/// <param name="UserId">The user handle as the ceremonies send it: base64url of its UTF-8 bytes.</param>
/// <param name="AcceptedCredentialIds">Every credential id the account signs in with, base64url.</param>
public sealed record CredentialSignal(string RpId, string UserId, IReadOnlyList<string> AcceptedCredentialIds, string Name, string DisplayName)
{
    public string ToJson() => new JsonObject
    {
        ["rpId"] = RpId,
        ["userId"] = UserId,
        ["allAcceptedCredentialIds"] = new JsonArray(AcceptedCredentialIds.Select(id => (JsonNode)id).ToArray()),
        ["name"] = Name,
        ["displayName"] = DisplayName,
    }.ToJsonString();
}

/// <summary>
/// The server's side of the Signal API (https://w3c.github.io/webauthn/#sctn-signal-methods): the
/// browser's credential provider learns which passkeys still work, so a removed one stops being offered.
/// </summary>
public sealed class CredentialSignals(PortalDbContext db, Configuration.PortalSettings settings, SchemaRegistry schemas)
{
    /// <summary>The login flow's hidden node that names a credential no account has.</summary>
    public const string UnknownCredentialField = "passkey_unknown_credential";

    public async Task<CredentialSignal> ForAsync(Identity identity)
    {
        // Security keys share the passkeys' user handle: a provider told of passkeys alone would drop them.
        var ids = await db.Passkeys.AsNoTracking().Where(p => p.IdentityId == identity.Id).OrderBy(p => p.CreatedAt).Select(p => p.CredentialId)
            .Concat(db.SecurityKeys.AsNoTracking().Where(k => k.IdentityId == identity.Id).Select(k => k.CredentialId)).ToListAsync();
        var traits = JsonNode.Parse(identity.Traits) as JsonObject ?? [];
        var name = schemas.Find(identity.SchemaId)?.DisplayNameOf(traits) ?? identity.Identifiers.FirstOrDefault()?.Value ?? "";
        return new CredentialSignal(settings.RpId, Base64Url.Encode(Encoding.UTF8.GetBytes(identity.PasskeyUserHandle)),
            ids.Select(id => Base64Url.Encode(id)).ToList(), name, name);
    }

    /// <summary>The <c>rawId</c> of a submitted credential, when it is base64url; null otherwise.</summary>
    public static string? RawIdOf(string credentialJson)
    {
        try
        {
            using var document = JsonDocument.Parse(credentialJson);
            return document.RootElement.TryGetProperty("rawId", out var raw) && raw.ValueKind == JsonValueKind.String
                && Base64Url.TryDecode(raw.GetString(), out var bytes) && bytes.Length is > 0 and <= 1023 ? Base64Url.Encode(bytes) : null;
        }
        catch (JsonException) { return null; }
    }
}
