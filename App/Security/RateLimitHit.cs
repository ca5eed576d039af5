namespace App.Security;

/// <summary>One counted request in a rate-limit bucket; rows older than the window are removed by housekeeping.</summary>
public sealed class RateLimitHit
{
    public long Id { get; set; }
    /// <summary>Such as <c>code.send.address:&lt;hash&gt;</c>. Addresses are hashed, never stored here in clear.</summary>
    public string Bucket { get; set; } = "";
    public DateTime At { get; set; }
}
