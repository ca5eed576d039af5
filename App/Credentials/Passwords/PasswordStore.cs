using App.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Credentials.Passwords;

/// <summary>
/// An identity's imported password: whether it has one, setting it at import, replacing the hash
/// after a rehash, and deleting it when the person disables it. Writes join the caller's unit of work.
/// </summary>
public sealed class PasswordStore(PortalDbContext db, TimeProvider clock)
{
    /// <summary>Whether the identity can still sign in with a password.</summary>
    public Task<bool> HasPasswordAsync(Guid identityId, CancellationToken cancel = default) =>
        db.Passwords.AnyAsync(p => p.IdentityId == identityId, cancel);

    public Task<PasswordCredential?> FindAsync(Guid identityId, CancellationToken cancel = default) =>
        db.Passwords.AsNoTracking().FirstOrDefaultAsync(p => p.IdentityId == identityId, cancel);

    /// <summary>The passwords of these identities, by identity id, in one query.</summary>
    public async Task<Dictionary<Guid, PasswordCredential>> FindAsync(IReadOnlyCollection<Guid> identityIds, CancellationToken cancel = default) =>
        await db.Passwords.AsNoTracking().Where(p => identityIds.Contains(p.IdentityId)).ToDictionaryAsync(p => p.IdentityId, cancel);

    /// <summary>Sets (or replaces) the identity's hash; the caller has checked it with <see cref="PasswordHashes.Problem"/>.</summary>
    public async Task SetAsync(Guid identityId, string hashedPassword, CancellationToken cancel = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.Passwords.FirstOrDefaultAsync(p => p.IdentityId == identityId, cancel);
        if (row is null)
            db.Passwords.Add(new PasswordCredential { IdentityId = identityId, HashedPassword = hashedPassword, CreatedAt = now, UpdatedAt = now });
        else
            (row.HashedPassword, row.UpdatedAt) = (hashedPassword, now);
    }

    /// <summary>
    /// Replaces the hash a sign-in just verified, only if it is still that hash: a password disabled
    /// or changed meanwhile is left as it is. True when it was replaced.
    /// </summary>
    public async Task<bool> ReplaceAsync(Guid identityId, string verified, string replacement)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Passwords.Where(p => p.IdentityId == identityId && p.HashedPassword == verified)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.HashedPassword, replacement).SetProperty(p => p.UpdatedAt, now)) == 1;
    }

    /// <summary>Deletes the identity's password; true when it had one.</summary>
    public async Task<bool> RemoveAsync(Guid identityId) =>
        await db.Passwords.Where(p => p.IdentityId == identityId).ExecuteDeleteAsync() > 0;
}
