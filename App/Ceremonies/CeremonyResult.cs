using App.Identities;

namespace App.Ceremonies;

/// <summary>Why a ceremony was refused. Expected failures are results, not exceptions.</summary>
public enum CeremonyFailure
{
    None,
    /// <summary>No ceremony was pending for the flow, or it was already used.</summary>
    NoPendingChallenge,
    Expired,
    /// <summary>The credential JSON could not be read.</summary>
    Malformed,
    /// <summary>The credential did not verify: origin, rpIdHash, flags, signature, counter, owner, attestation.</summary>
    Rejected,
    /// <summary>The credential is already saved, on this account or another.</summary>
    AlreadyRegistered,
    /// <summary>The attestation policy does not admit this authenticator, or it could not prove which one it is.</summary>
    NotApproved,
    /// <summary>The metadata BLOB reports the authenticator revoked or compromised.</summary>
    Compromised,
}

/// <summary>
/// A credential a registration verified, ready to be stored as the credential record
/// (https://www.w3.org/TR/webauthn-3/#credential-record).
/// </summary>
public sealed record NewCredential(
    byte[] Id,
    byte[] PublicKey,
    uint SignCount,
    IReadOnlyList<string> Transports,
    bool IsBackupEligible,
    bool IsBackedUp,
    Guid Aaguid,
    string AttestationFormat,
    byte[] AttestationObject,
    byte[] ClientDataJson);

public sealed record AttestationOutcome(CeremonyFailure Failure, string? Reason, NewCredential? Credential, string? UserHandle)
{
    public bool Succeeded => Failure == CeremonyFailure.None;
}

/// <param name="Passkey">The tracked credential record, its counter and backup state already updated (§7.2 step 22).</param>
public sealed record AssertionOutcome(CeremonyFailure Failure, string? Reason, Credentials.Passkeys.Passkey? Passkey, Identity? Identity)
{
    public bool Succeeded => Failure == CeremonyFailure.None;
}
