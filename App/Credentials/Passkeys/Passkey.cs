namespace App.Credentials.Passkeys;

/// <summary>A WebAuthn credential record (https://www.w3.org/TR/webauthn-3/#credential-record).</summary>
public sealed class Passkey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid IdentityId { get; set; }
    public byte[] CredentialId { get; set; } = [];
    /// <summary>COSE_Key bytes.</summary>
    public byte[] PublicKey { get; set; } = [];
    public string DisplayName { get; set; } = "";
    public long SignCount { get; set; }
    /// <summary>Comma-separated transports (internal, usb, hybrid…) as the browser reported them.</summary>
    public string? Transports { get; set; }
    public bool IsUserVerified { get; set; }
    public bool IsBackupEligible { get; set; }
    public bool IsBackedUp { get; set; }
    /// <summary>False for a security key that could not store a discoverable credential: it needs email-first sign-in.</summary>
    public bool IsDiscoverable { get; set; } = true;
    /// <summary>The authenticator model (https://www.w3.org/TR/webauthn-3/#aaguid); all zeros when it did not say.</summary>
    public Guid? Aaguid { get; set; }
    /// <summary>The attestation statement format it sent: <c>none</c>, <c>packed</c>, <c>fido-u2f</c>…</summary>
    public string? AttestationFormat { get; set; }
    public byte[] AttestationObject { get; set; } = [];
    public byte[] ClientDataJson { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    /// <summary>The User-Agent of the last sign-in with it (cut to 512 characters), so its owner sees which device used it.</summary>
    public string? LastUsedUserAgent { get; set; }

    /// <summary>The record of a credential a ceremony just verified.</summary>
    public static Passkey From(Guid identityId, Ceremonies.NewCredential credential, string displayName, bool discoverable, DateTime now) => new()
    {
        IdentityId = identityId,
        CredentialId = credential.Id,
        PublicKey = credential.PublicKey,
        DisplayName = displayName,
        SignCount = credential.SignCount,
        Transports = credential.Transports.Count > 0 ? string.Join(',', credential.Transports) : null,
        // Registration requires user verification, and Fido2 refused the credential without it.
        IsUserVerified = true,
        IsBackupEligible = credential.IsBackupEligible,
        IsBackedUp = credential.IsBackedUp,
        IsDiscoverable = discoverable,
        Aaguid = credential.Aaguid,
        AttestationFormat = credential.AttestationFormat,
        AttestationObject = credential.AttestationObject,
        ClientDataJson = credential.ClientDataJson,
        CreatedAt = now,
    };
}
