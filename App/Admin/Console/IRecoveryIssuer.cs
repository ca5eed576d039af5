namespace App.Admin.Console;

/// <summary>A recovery link and code an administrator issued, shown once.</summary>
public sealed record IssuedRecovery(string Link, string Code, DateTime ExpiresAt);

/// <summary>
/// Issues a recovery link and code for an identity on an administrator's word (Kratos
/// <c>createRecoveryLinkForIdentity</c> / <c>createRecoveryCodeForIdentity</c>). No implementation
/// is registered by the console itself; "Issue recovery link" is shown only once one is.
/// </summary>
public interface IRecoveryIssuer
{
    /// <param name="reason">Why, in the administrator's words (at least <see cref="MinReasonLength"/> characters); it goes to the audit log.</param>
    /// <param name="adminId">The administrator's identity id, the actor of the audit entry.</param>
    Task<AdminOutcome<IssuedRecovery>> IssueAsync(Guid identityId, string reason, TimeSpan expiresIn, string? adminId);

    public const int MinReasonLength = 8;
}
