using App.Configuration;
using Fido2NetLib;
using Fido2NetLib.Objects;

namespace App.Ceremonies.Attestation;

/// <summary>
/// The organisation's rules for which authenticators may register, applied after Fido2 has verified
/// the attestation statement (and, with metadata, its chain to the authenticator's roots).
/// </summary>
public sealed class AttestationPolicy(AttestationOptions options, MetadataCatalog metadata)
{
    /// <summary>Statuses that mean the authenticator's keys can no longer be trusted (FIDO MDS3 §3.1.4 AuthenticatorStatus).</summary>
    public static readonly AuthenticatorStatus[] Unsafe =
    [
        AuthenticatorStatus.REVOKED,
        AuthenticatorStatus.ATTESTATION_KEY_COMPROMISE,
        AuthenticatorStatus.USER_KEY_REMOTE_COMPROMISE,
        AuthenticatorStatus.USER_KEY_PHYSICAL_COMPROMISE,
        AuthenticatorStatus.USER_VERIFICATION_BYPASS,
    ];

    private readonly HashSet<Guid> allowed = options.AllowedAaguids.Select(Guid.Parse).ToHashSet();

    public MetadataCatalog Metadata { get; } = metadata;

    public AttestationConveyancePreference Conveyance { get; } =
        options.Conveyance == "direct" ? AttestationConveyancePreference.Direct : AttestationConveyancePreference.None;

    /// <summary>Null when the credential may register; otherwise why not, for the audit log.</summary>
    public string? Refusal(RegisteredPublicKeyCredential credential)
    {
        if (allowed.Count == 0) return null;
        if (!allowed.Contains(credential.AaGuid)) return $"AAGUID {credential.AaGuid} is not in allowed_aaguids";
        // Fido2 checked the statement against this entry's roots; without an entry, or with an
        // attestation that carries no certificate, the AAGUID is only the authenticator's claim.
        if (Metadata.Find(credential.AaGuid) is null) return $"AAGUID {credential.AaGuid} has no entry in the metadata BLOB";
        if (credential.AttestationType is not ("basic" or "attca" or "anonca"))
            return $"attestation type '{credential.AttestationType}' does not prove the AAGUID";
        return null;
    }
}
