using App.Data;
using App.Security;
using Microsoft.EntityFrameworkCore;

namespace App.Credentials.LookupSecrets;

/// <summary>How many confirmed codes an identity has, and how many of them still work.</summary>
public sealed record BackupCodeStatus(int Total, int Remaining)
{
    /// <summary>At this many or fewer the person is told to make new ones.</summary>
    public const int RunningLow = 2;

    public bool Exists => Total > 0;
    public bool Low => Exists && Remaining <= RunningLow;
}

/// <summary>The outcome of a typed code: whether it signed in, and how many codes are left after it.</summary>
public sealed record BackupCodeUse(bool Used, int Remaining);

/// <summary>
/// Makes, confirms, counts and uses an identity's backup codes. Codes are stored as HMACs with the
/// portal's secrets, bound to their identity; they are compared in constant time and used at most
/// once, by a compare-and-swap.
/// </summary>
public sealed class BackupCodeStore(PortalDbContext db, Secrets secrets, TimeProvider clock)
{
    private const string Purpose = "lookup_secret";

    /// <summary>Stands in for missing rows, so an identity without codes costs the same comparisons.</summary>
    private static readonly byte[] Decoy = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    /// <summary>
    /// A new set for the identity, waiting for "I saved them"; it joins the caller's unit of work.
    /// A set still waiting elsewhere is dropped: only the newest set shown can be confirmed.
    /// The codes are returned in clear, for the flow to show once.
    /// </summary>
    public async Task<IReadOnlyList<string>> GenerateAsync(Guid identityId, Guid flowId)
    {
        await db.BackupCodes.Where(c => c.IdentityId == identityId && c.ConfirmedAt == null).ExecuteDeleteAsync();
        var now = clock.GetUtcNow().UtcDateTime;
        var setId = Guid.CreateVersion7();
        var codes = BackupCodeFormat.NewSet();
        for (var i = 0; i < codes.Count; i++)
            db.BackupCodes.Add(new BackupCode
            {
                IdentityId = identityId,
                SetId = setId,
                FlowId = flowId,
                Position = i,
                CodeHmac = await secrets.HmacAsync(Purpose, Bind(identityId, codes[i])),
                CreatedAt = now,
            });
        return codes;
    }

    /// <summary>
    /// Confirms the set this flow made and removes every other set of the identity, in one
    /// transaction: from then on only the new codes sign in. False when this flow has no set
    /// waiting (never made, made again elsewhere, or confirmed already by a racing request).
    /// </summary>
    public async Task<bool> ConfirmAsync(Guid identityId, Guid flowId)
    {
        var setId = await db.BackupCodes.AsNoTracking()
            .Where(c => c.IdentityId == identityId && c.FlowId == flowId && c.ConfirmedAt == null)
            .Select(c => (Guid?)c.SetId).FirstOrDefaultAsync();
        if (setId is not { } set) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync();
        var confirmed = await db.BackupCodes.Where(c => c.SetId == set && c.ConfirmedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ConfirmedAt, now));
        if (confirmed == 0)
        {
            await transaction.RollbackAsync();
            return false;
        }
        await db.BackupCodes.Where(c => c.IdentityId == identityId && c.SetId != set).ExecuteDeleteAsync();
        await transaction.CommitAsync();
        return true;
    }

    /// <summary>Removes every code of the identity, confirmed or waiting; returns how many there were.</summary>
    public Task<int> RemoveAllAsync(Guid identityId) =>
        db.BackupCodes.Where(c => c.IdentityId == identityId).ExecuteDeleteAsync();

    /// <summary>How many saved codes of the identity still sign in: what an administrator sees as "backup codes left".</summary>
    public Task<int> RemainingAsync(Guid identityId) =>
        db.BackupCodes.CountAsync(c => c.IdentityId == identityId && c.ConfirmedAt != null && c.UsedAt == null);

    public async Task<BackupCodeStatus> StatusAsync(Guid identityId)
    {
        var used = await db.BackupCodes.AsNoTracking()
            .Where(c => c.IdentityId == identityId && c.ConfirmedAt != null).Select(c => c.UsedAt).ToListAsync();
        return new BackupCodeStatus(used.Count, used.Count(u => u is null));
    }

    /// <summary>The confirmed codes in the order they were shown: only whether and when each was used can be read back.</summary>
    public Task<List<BackupCode>> ConfirmedAsync(Guid identityId) =>
        db.BackupCodes.AsNoTracking().Where(c => c.IdentityId == identityId && c.ConfirmedAt != null)
            .OrderBy(c => c.Position).ToListAsync();

    public Task<bool> IsWaitingAsync(Guid identityId, Guid flowId) =>
        db.BackupCodes.AnyAsync(c => c.IdentityId == identityId && c.FlowId == flowId && c.ConfirmedAt == null);

    /// <summary>
    /// Uses a typed code of <paramref name="ownerId"/>. The work is the same whatever the outcome
    /// and whoever the owner is (a made-up id for an unknown address): one read of the owner's
    /// codes, a comparison against at least a full set, and one compare-and-swap, which a racing
    /// request with the same code loses.
    /// </summary>
    public async Task<BackupCodeUse> UseAsync(Guid ownerId, string? typed)
    {
        var rows = await db.BackupCodes.AsNoTracking()
            .Where(c => c.IdentityId == ownerId && c.ConfirmedAt != null)
            .Select(c => new { c.Id, c.CodeHmac, c.UsedAt }).ToListAsync();
        var value = Bind(ownerId, BackupCodeFormat.Normalize(typed));
        Guid? match = null;
        for (var i = 0; i < Math.Max(rows.Count, BackupCodeFormat.CodesPerSet); i++)
        {
            var matches = await secrets.MatchesAsync(Purpose, value, i < rows.Count ? rows[i].CodeHmac : Decoy);
            if (matches && i < rows.Count) match = rows[i].Id;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var target = match ?? Guid.Empty;
        var used = await db.BackupCodes.Where(c => c.Id == target && c.UsedAt == null && c.ConfirmedAt != null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now)) == 1;
        return new BackupCodeUse(used, rows.Count(r => r.UsedAt is null) - (used ? 1 : 0));
    }

    // The identity is part of what is signed, so a row moved to another identity matches nothing.
    private static string Bind(Guid identityId, string code) => identityId.ToString("N") + ":" + code;
}
