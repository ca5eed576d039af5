namespace App.Credentials.LookupSecrets;

/// <summary>
/// One backup code (Kratos's lookup secret) of an identity. Only its HMAC is stored; the code
/// itself is shown once, when it is made. A set of codes counts only once the person confirmed
/// they saved it; confirming a new set removes the old one.
/// </summary>
public sealed class BackupCode
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid IdentityId { get; set; }
    /// <summary>The generation this code belongs to: all codes made together share it.</summary>
    public Guid SetId { get; set; }
    /// <summary>The settings flow that made the set, which alone may confirm it.</summary>
    public Guid? FlowId { get; set; }
    /// <summary>Its place in the list as it was shown, so "used" marks line up with what was printed.</summary>
    public int Position { get; set; }
    public byte[] CodeHmac { get; set; } = [];
    /// <summary>Null while the set waits for "I saved them"; until then no code of it signs in.</summary>
    public DateTime? ConfirmedAt { get; set; }
    /// <summary>Set once, by a compare-and-swap, when the code signs someone in.</summary>
    public DateTime? UsedAt { get; set; }
    public DateTime CreatedAt { get; set; }
}
