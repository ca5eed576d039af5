using Microsoft.AspNetCore.Identity;

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

    /// <summary>The record of a credential a ceremony just verified.</summary>
    public static Passkey From(Guid identityId, UserPasskeyInfo info, string displayName, bool discoverable, DateTime now) => new()
    {
        IdentityId = identityId,
        CredentialId = info.CredentialId,
        PublicKey = info.PublicKey,
        DisplayName = displayName,
        SignCount = info.SignCount,
        Transports = info.Transports is { Length: > 0 } t ? string.Join(',', t) : null,
        IsUserVerified = info.IsUserVerified,
        IsBackupEligible = info.IsBackupEligible,
        IsBackedUp = info.IsBackedUp,
        IsDiscoverable = discoverable,
        AttestationObject = info.AttestationObject,
        ClientDataJson = info.ClientDataJson,
        CreatedAt = now,
    };
}
