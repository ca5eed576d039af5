namespace App.Credentials.Codes;

/// <summary>
/// A code and link sent for one flow. Only their HMACs are stored; the values exist in the email
/// alone. One row carries both, and using either uses the row.
/// </summary>
public sealed class OneTimeCode
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid FlowId { get; set; }
    /// <summary>The normalised address the email went to; the identity is looked up again when the code is used.</summary>
    public string Address { get; set; } = "";
    public byte[] CodeHmac { get; set; } = [];
    public byte[] LinkHmac { get; set; } = [];
    public DateTime ExpiresAt { get; set; }
    /// <summary>Set once, by a compare-and-swap, when the code or link is used.</summary>
    public DateTime? UsedAt { get; set; }
    public DateTime CreatedAt { get; set; }
}
