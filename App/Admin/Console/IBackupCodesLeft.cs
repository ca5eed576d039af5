namespace App.Admin.Console;

/// <summary>
/// How many unused backup codes (Kratos <c>lookup_secret</c>) an identity has, for the console's
/// identity view. The portal has no backup codes yet: <see cref="NoBackupCodes"/> answers 0 until
/// the backup-code credential registers its own count.
/// </summary>
public interface IBackupCodesLeft
{
    Task<int> CountAsync(Guid identityId, CancellationToken cancel = default);
}

public sealed class NoBackupCodes : IBackupCodesLeft
{
    public Task<int> CountAsync(Guid identityId, CancellationToken cancel = default) => Task.FromResult(0);
}
