using App.Data;
using App.Identities;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace App.Credentials.Passkeys;

/// <summary>
/// Lets Identity's <see cref="PasskeyHandler{TUser}"/> read passkeys from the portal's tables. The
/// handler knows a user by its WebAuthn user handle, so "user id" here is
/// <see cref="Identity.PasskeyUserHandle"/>, never the identity's id. Writes go through the flows,
/// inside their own transactions, so the mutating members are not used by the portal.
/// </summary>
public sealed class PasskeyUserStore(PortalDbContext db) : IUserPasskeyStore<Identity>
{
    public Task<string> GetUserIdAsync(Identity user, CancellationToken cancel) => Task.FromResult(user.PasskeyUserHandle);

    public Task<Identity?> FindByIdAsync(string userId, CancellationToken cancel) =>
        db.Identities.AsNoTracking().Include(i => i.Identifiers).FirstOrDefaultAsync(i => i.PasskeyUserHandle == userId, cancel);

    public async Task<Identity?> FindByPasskeyIdAsync(byte[] credentialId, CancellationToken cancel)
    {
        var identityId = await db.Passkeys.AsNoTracking().Where(p => p.CredentialId == credentialId)
            .Select(p => (Guid?)p.IdentityId).FirstOrDefaultAsync(cancel);
        return identityId is null ? null : await db.Identities.AsNoTracking().Include(i => i.Identifiers).FirstOrDefaultAsync(i => i.Id == identityId, cancel);
    }

    public async Task<IList<UserPasskeyInfo>> GetPasskeysAsync(Identity user, CancellationToken cancel)
    {
        var passkeys = await db.Passkeys.AsNoTracking().Where(p => p.IdentityId == user.Id).ToListAsync(cancel);
        return passkeys.Select(PasskeyMapping.ToInfo).ToList();
    }

    public async Task<UserPasskeyInfo?> FindPasskeyAsync(Identity user, byte[] credentialId, CancellationToken cancel)
    {
        // Tracked: a successful sign-in updates this row (signature counter, last use) in the same
        // unit of work, and finds it here instead of reading it again.
        var passkey = await db.Passkeys
            .FirstOrDefaultAsync(p => p.IdentityId == user.Id && p.CredentialId == credentialId, cancel);
        return passkey is null ? null : PasskeyMapping.ToInfo(passkey);
    }

    public Task AddOrUpdatePasskeyAsync(Identity user, UserPasskeyInfo passkey, CancellationToken cancel) =>
        throw new NotSupportedException("Passkeys are written by the flows, inside their transactions.");

    public Task RemovePasskeyAsync(Identity user, byte[] credentialId, CancellationToken cancel) =>
        throw new NotSupportedException("Passkeys are removed by the settings flow.");

    public Task<string?> GetUserNameAsync(Identity user, CancellationToken cancel) => Task.FromResult<string?>(user.PasskeyUserHandle);
    public Task SetUserNameAsync(Identity user, string? userName, CancellationToken cancel) => Task.CompletedTask;
    public Task<string?> GetNormalizedUserNameAsync(Identity user, CancellationToken cancel) => Task.FromResult<string?>(user.PasskeyUserHandle);
    public Task SetNormalizedUserNameAsync(Identity user, string? normalizedName, CancellationToken cancel) => Task.CompletedTask;
    public Task<Identity?> FindByNameAsync(string normalizedUserName, CancellationToken cancel) => FindByIdAsync(normalizedUserName, cancel);
    public Task<IdentityResult> CreateAsync(Identity user, CancellationToken cancel) => throw new NotSupportedException();
    public Task<IdentityResult> UpdateAsync(Identity user, CancellationToken cancel) => throw new NotSupportedException();
    public Task<IdentityResult> DeleteAsync(Identity user, CancellationToken cancel) => throw new NotSupportedException();
    public void Dispose() { }
}
