namespace App.Admin.Console;

/// <summary>Whether a console action could be done: who is asking decides before anything else.</summary>
public enum ConsoleStatus
{
    Done,
    /// <summary>Nobody is signed in to the console (any more): the browser goes to sign in.</summary>
    SignedOut,
    /// <summary>Signed in, but not an administrator (any more).</summary>
    NoAccess,
    /// <summary>The service refused; <see cref="ConsoleAnswer{T}.Reason"/> says why.</summary>
    Refused,
}

public sealed record ConsoleAnswer<T>(ConsoleStatus Status, T? Value = default, string? Reason = null)
{
    public bool Done => Status == ConsoleStatus.Done;

    public static ConsoleAnswer<T> Ok(T value) => new(ConsoleStatus.Done, value);
}

/// <summary>
/// What the console's pages can do. Each call checks the console session and the administrator's
/// access first, then calls the admin API's own services with the administrator as the actor.
/// </summary>
public interface IAdminConsole
{
    Task<ConsoleAnswer<ConsoleAdmin>> WhoAsync();
    Task<ConsoleAnswer<IdentityPage>> SearchAsync(string? query, Guid? after = null);
    Task<ConsoleAnswer<IdentityOverview>> OverviewAsync(Guid identityId);
    Task<ConsoleAnswer<AuditPage>> AuditAsync(Guid identityId, Guid? after);
    Task<ConsoleAnswer<bool>> RevokeSessionAsync(Guid identityId, Guid sessionId);
    Task<ConsoleAnswer<int>> RevokeSessionsAsync(Guid identityId);
    Task<ConsoleAnswer<bool>> DeactivateAsync(Guid identityId);
    Task<ConsoleAnswer<bool>> ActivateAsync(Guid identityId);

    /// <summary>A recovery issuer is registered: only then is "Issue recovery link" offered.</summary>
    bool CanIssueRecovery { get; }
    Task<ConsoleAnswer<IssuedRecovery>> IssueRecoveryAsync(Guid identityId, string reason, TimeSpan expiresIn);
}
