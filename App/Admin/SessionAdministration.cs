using App.Audit;
using App.Configuration;
using App.Data;
using App.Sessions;
using App.Sessions.Circuits;
using Microsoft.EntityFrameworkCore;

namespace App.Admin;

/// <summary>
/// What an administrator does to sessions, for the admin API and the console: list them (all, or
/// one identity's), read one, end one or all of an identity's, extend one. An ended session is
/// refused by whoami from the next request on, and its live pages end at once; it stays listed as
/// inactive until housekeeping removes it. Every change is audited.
/// </summary>
public sealed class SessionAdministration(PortalDbContext db, PortalSettings settings, AuditLog audit, TimeProvider clock, SessionCircuits circuits)
{
    /// <summary>
    /// A page of sessions, newest first; <paramref name="active"/> true keeps those whoami would accept,
    /// false the others. The page token is the previous page's last session id.
    /// </summary>
    public async Task<(List<Session> Page, bool More)> PageAsync(Guid? identityId, bool? active, int size, Guid? after, CancellationToken cancel = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var sessions = db.Sessions.AsNoTracking().Include(s => s.Identity).ThenInclude(i => i!.Identifiers).AsQueryable();
        if (identityId is { } id) sessions = sessions.Where(s => s.IdentityId == id);
        if (active == true) sessions = sessions.Where(s => s.Active && s.ExpiresAt > now);
        if (active == false) sessions = sessions.Where(s => !s.Active || s.ExpiresAt <= now);
        if (after is { } last) sessions = sessions.Where(s => s.Id.CompareTo(last) < 0);
        var rows = await sessions.OrderByDescending(s => s.Id).AsSplitQuery().Take(size + 1).ToListAsync(cancel);
        var more = rows.Count > size;
        if (more) rows.RemoveAt(rows.Count - 1);
        return (rows, more);
    }

    public Task<Session?> FindAsync(Guid id, CancellationToken cancel = default) =>
        db.Sessions.AsNoTracking().Include(s => s.Identity).ThenInclude(i => i!.Identifiers).FirstOrDefaultAsync(s => s.Id == id, cancel);

    public Task<bool> IdentityExistsAsync(Guid identityId, CancellationToken cancel = default) =>
        db.Identities.AnyAsync(i => i.Id == identityId, cancel);

    /// <summary>Kratos <c>disableSession</c>: the session ends now. Ending an ended session again is no error.</summary>
    public async Task<AdminOutcome<Session>> RevokeAsync(Guid id, HttpContext? http)
    {
        if (await db.Sessions.FirstOrDefaultAsync(s => s.Id == id) is not { } session) return AdminErrors.SessionNotFound();
        var wasActive = session.Active;
        session.Active = false;
        session.LogoutTokenHash = null;
        audit.Add(AuditEvents.SessionRevoked, http, session.IdentityId, session.Id, details: new { reason = "revoked by an administrator", was_active = wasActive });
        await db.SaveChangesAsync();
        circuits.EndSession(session.Id);
        return AdminOutcome<Session>.Ok(session);
    }

    /// <summary>Kratos <c>deleteIdentitySessions</c>: every session of the identity ends now.</summary>
    public async Task<AdminOutcome<int>> RevokeAllAsync(Guid identityId, HttpContext? http)
    {
        if (!await IdentityExistsAsync(identityId)) return AdminErrors.IdentityNotFound();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var count = await db.Sessions.Where(s => s.IdentityId == identityId && s.Active)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Active, false).SetProperty(x => x.LogoutTokenHash, (byte[]?)null));
        audit.Add(AuditEvents.SessionRevoked, http, identityId, details: new { reason = "an administrator ended every session", count });
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        circuits.EndIdentity(identityId);
        return AdminOutcome<int>.Ok(count);
    }

    /// <summary>
    /// Kratos <c>extendSession</c>: the session lasts <c>session.lifespan</c> from now. A session that
    /// has ended cannot be brought back (404, as Kratos answers for one it will not extend).
    /// </summary>
    public async Task<AdminOutcome<Session>> ExtendAsync(Guid id, HttpContext? http)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = await db.Sessions.Include(s => s.Identity).ThenInclude(i => i!.Identifiers).FirstOrDefaultAsync(s => s.Id == id);
        if (session is null || !session.Active || session.ExpiresAt <= now) return AdminErrors.SessionNotFound();
        var before = session.ExpiresAt;
        session.ExpiresAt = now + settings.SessionLifespan;
        audit.Add(AuditEvents.AdminSessionExtended, http, session.IdentityId, session.Id,
            details: new { previous_expires_at = IdentityJsonTime(before), expires_at = IdentityJsonTime(session.ExpiresAt) });
        await db.SaveChangesAsync();
        return AdminOutcome<Session>.Ok(session);
    }

    private static DateTime IdentityJsonTime(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
