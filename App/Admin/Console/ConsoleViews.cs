namespace App.Admin.Console;

/// <summary>One identity in the search results.</summary>
public sealed record IdentityRow(Guid Id, string Email, string State, DateTime CreatedAt);

public sealed record IdentityPage(IReadOnlyList<IdentityRow> Rows, bool More)
{
    public Guid? Last => Rows.Count > 0 ? Rows[^1].Id : null;
}

/// <summary>A passkey as the console shows it: who made it (name and icon), when, and whether it syncs.</summary>
public sealed record PasskeyRow(string Name, string? Provider, string? IconLight, string? IconDark, DateTime CreatedAt, DateTime? LastUsedAt, bool Synced);

/// <summary>A session of the identity, ended or not.</summary>
public sealed record SessionRow(Guid Id, string? UserAgent, string? IpAddress, DateTime AuthenticatedAt, DateTime ExpiresAt, bool Active, IReadOnlyList<string> Methods);

public sealed record AuditRow(Guid Id, DateTime At, string Type, string Actor, string? IpAddress, string? Details);

public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, bool More)
{
    public Guid? Last => Rows.Count > 0 ? Rows[^1].Id : null;
}

/// <summary>Everything the identity view shows at once.</summary>
public sealed record IdentityOverview(
    Guid Id,
    string Email,
    string State,
    DateTime CreatedAt,
    IReadOnlyList<PasskeyRow> Passkeys,
    int BackupCodesLeft,
    IReadOnlyList<SessionRow> Sessions,
    AuditPage Audit)
{
    public bool Active => State == Identities.IdentityStates.Active;
}
