namespace App.Security;

/// <summary>A key the portal made for itself when the operator gave none (see <see cref="Secrets"/>).</summary>
public sealed class PortalKey
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}
