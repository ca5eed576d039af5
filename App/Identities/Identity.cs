namespace App.Identities;

/// <summary>A person (or machine) that can sign in: Kratos's identity.</summary>
public sealed class Identity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public string SchemaId { get; set; } = "default";
    /// <summary>The traits as JSON, validated against the identity schema.</summary>
    public string Traits { get; set; } = "{}";
    /// <summary><c>active</c> or <c>inactive</c>; inactive identities cannot sign in.</summary>
    public string State { get; set; } = IdentityStates.Active;
    public string? MetadataPublic { get; set; }
    public string? MetadataAdmin { get; set; }
    /// <summary>The operator's own id for this person (Kratos <c>external_id</c>): unique when set, found by <c>GET /admin/identities/by/external/{id}</c>.</summary>
    public string? ExternalId { get; set; }
    /// <summary>
    /// The WebAuthn user handle (https://www.w3.org/TR/webauthn-3/#user-handle): random, so that an
    /// authenticator never learns the identity's id or email.
    /// </summary>
    public string PasskeyUserHandle { get; set; } = "";
    /// <summary>The language the person last used on the pages (en, de, fr, es, pt-BR); emails to them go out in it.</summary>
    public string? Locale { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime StateChangedAt { get; set; }
    /// <summary>How often "Later" was chosen on "Save another passkey for a backup?": asked again once, then never.</summary>
    public int BackupPasskeyDeclines { get; set; }
    /// <summary>When "Later" was last chosen: the prompt comes back only after a sign-in after this.</summary>
    public DateTime? BackupPasskeyDeclinedAt { get; set; }

    public List<IdentityIdentifier> Identifiers { get; set; } = [];
    public List<Credentials.Passkeys.Passkey> Passkeys { get; set; } = [];
}

public static class IdentityStates
{
    public const string Active = "active";
    public const string Inactive = "inactive";
}

/// <summary>
/// A normalised sign-in identifier (an email address) taken from traits the schema marks as
/// identifiers. The unique index on <see cref="Value"/> is what makes addresses unique.
/// </summary>
public sealed class IdentityIdentifier
{
    /// <summary>The longest value kept: an address's limit (RFC 5321's 64 + 1 + 255), and the column's on PostgreSQL.</summary>
    public const int MaxLength = 320;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid IdentityId { get; set; }
    public string Value { get; set; } = "";
    /// <summary>The trait path it came from, such as <c>email</c>.</summary>
    public string TraitPath { get; set; } = "";
    /// <summary>Proven by a code or link sent to it.</summary>
    public bool Verified { get; set; }
    public DateTime? VerifiedAt { get; set; }
    /// <summary>When a verification email last went to it: Kratos's status <c>sent</c> until it is verified.</summary>
    public DateTime? VerificationSentAt { get; set; }
    /// <summary>
    /// Set on a new address waiting to replace this identity's address of that id (an email change):
    /// until it is verified it signs nobody in and recovers nothing, and the old address keeps working.
    /// </summary>
    public Guid? ReplacesId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
