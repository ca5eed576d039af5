namespace App.Tests.Authenticator;

/// <summary>
/// One public key credential source held by the software authenticator (WebAuthn L3 §4,
/// "Public Key Credential Source"): id, private key, RP ID, user handle, plus its counter.
/// </summary>
public sealed class StoredCredential
{
    private uint _signCount;

    public StoredCredential(
        byte[] id, CredentialKey key, string rpId, byte[] userHandle, bool discoverable, bool backupEligible, uint signCount = 0)
    {
        Id = id ?? throw new ArgumentNullException(nameof(id));
        Key = key ?? throw new ArgumentNullException(nameof(key));
        RpId = rpId ?? throw new ArgumentNullException(nameof(rpId));
        UserHandle = userHandle ?? throw new ArgumentNullException(nameof(userHandle));
        Discoverable = discoverable;
        BackupEligible = backupEligible;
        _signCount = signCount;
    }

    public byte[] Id { get; }

    public string IdBase64Url => Base64Url.Encode(Id);

    /// <summary>The key pair; the public half goes to the RP as a COSE_Key at registration.</summary>
    public CredentialKey Key { get; }

    public string RpId { get; }

    /// <summary>Raw bytes of user.id from the creation options.</summary>
    public byte[] UserHandle { get; }

    /// <summary>Client-side discoverable ("resident key"), so usable with an empty allowCredentials.</summary>
    public bool Discoverable { get; }

    /// <summary>
    /// Backup eligibility is fixed for a credential's lifetime (WebAuthn L3 §6.1.3), so it lives
    /// here rather than being recomputed per ceremony.
    /// </summary>
    public bool BackupEligible { get; }

    public uint SignCount
    {
        get { lock (Gate) return _signCount; }
    }

    /// <summary>
    /// Serialises counter updates and signing: a load driver may use one credential from many
    /// threads, and a key is not documented as safe for concurrent use.
    /// </summary>
    internal object Gate { get; } = new();

    /// <summary>Caller must hold <see cref="Gate"/>.</summary>
    internal uint IncrementSignCount() => ++_signCount;
}
