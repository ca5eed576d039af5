namespace App.Tests.Authenticator;

/// <summary>
/// Deliberate deviations from a well-behaved authenticator/client, for negative test vectors.
/// Every property left unset keeps the spec-correct behaviour.
/// </summary>
public sealed record CeremonyTweaks
{
    /// <summary>Replaces clientData.origin (WebAuthn L3 §5.8.1).</summary>
    public string? Origin { get; init; }

    /// <summary>Replaces clientData.type ("webauthn.create" / "webauthn.get").</summary>
    public string? Type { get; init; }

    /// <summary>Replaces clientData.challenge; taken verbatim, so give it base64url.</summary>
    public string? Challenge { get; init; }

    /// <summary>rpIdHash is SHA-256 of this string instead of the ceremony's RP ID (§6.1).</summary>
    public string? RpIdForHash { get; init; }

    public bool? UserPresent { get; init; }

    public bool? UserVerified { get; init; }

    /// <summary>Flips a bit in the assertion signature (keeps the DER structure valid).</summary>
    public bool CorruptSignature { get; init; }

    /// <summary>Counter written into authenticatorData; the stored counter still advances.</summary>
    public uint? SignCount { get; init; }

    /// <summary>Signs with this credential regardless of allowCredentials / rpId (e.g. another user's).</summary>
    public StoredCredential? Credential { get; init; }

    /// <summary>userHandle reported in the assertion, even for non-discoverable credentials.</summary>
    public byte[]? UserHandle { get; init; }

    public bool? BackupEligible { get; init; }

    /// <summary>The id a new credential gets instead of a random one (to collide with one already registered).</summary>
    public byte[]? CredentialId { get; init; }

    public bool? BackupState { get; init; }
}
