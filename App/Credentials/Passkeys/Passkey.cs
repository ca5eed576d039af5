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
    public byte[] AttestationObject { get; set; } = [];
    public byte[] ClientDataJson { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}
