namespace App.Admin.Console;

/// <summary>
/// An administrator's sign-in to the admin console. Apart from the public sessions on purpose: its
/// token opens only the console, on the admin listener, and no public endpoint ever looks here.
/// Only a hash of the token is stored.
/// </summary>
public sealed class ConsoleSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public byte[] TokenHash { get; set; } = [];
    public Guid IdentityId { get; set; }
    public bool Active { get; set; } = true;
    public DateTime IssuedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
}
