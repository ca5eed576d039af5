namespace App.Credentials.SecurityKeys;

/// <summary>
/// A security key registered as a second factor (Kratos's <c>webauthn</c> credential with
/// <c>passwordless: false</c>). It is kept apart from passkeys, in its own table, so no passkey
/// query can ever let it sign anyone in on its own.
/// </summary>
public sealed class SecurityKey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid IdentityId { get; set; }
    public byte[] CredentialId { get; set; } = [];
    /// <summary>COSE_Key bytes.</summary>
    public byte[] PublicKey { get; set; } = [];
    public string DisplayName { get; set; } = "";
    public long SignCount { get; set; }
    /// <summary>Comma-separated transports (usb, nfc, ble…) as the browser reported them.</summary>
    public string? Transports { get; set; }
    public bool IsBackupEligible { get; set; }
    public bool IsBackedUp { get; set; }
    public Guid? Aaguid { get; set; }
    public string? AttestationFormat { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }

    public static SecurityKey From(Guid identityId, Ceremonies.NewCredential credential, string displayName, DateTime now) => new()
    {
        IdentityId = identityId,
        CredentialId = credential.Id,
        PublicKey = credential.PublicKey,
        DisplayName = displayName,
        SignCount = credential.SignCount,
        Transports = credential.Transports.Count > 0 ? string.Join(',', credential.Transports) : null,
        IsBackupEligible = credential.IsBackupEligible,
        IsBackedUp = credential.IsBackedUp,
        Aaguid = credential.Aaguid,
        AttestationFormat = credential.AttestationFormat,
        CreatedAt = now,
    };
}
