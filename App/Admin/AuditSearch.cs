using System.Globalization;
using App.Audit;
using App.Data;
using App.KratosJson;
using Microsoft.EntityFrameworkCore;

namespace App.Admin;

/// <summary>What to look for in the audit log; every filter is optional.</summary>
public sealed record AuditFilter(Guid? IdentityId = null, string? Type = null, string? Actor = null, DateTime? Since = null, DateTime? Until = null);

/// <summary>
/// Reads the audit log for the admin API and console: newest first, filtered, a page at a time.
/// The log is append-only; nothing here (nor anywhere but the retention sweep) changes or removes an entry.
/// </summary>
public sealed class AuditSearch(PortalDbContext db)
{
    /// <summary>
    /// One page, and the token of the next when there is one. The token is the last entry's id; null
    /// <paramref name="after"/> starts at the newest. Unknown tokens (or a swept entry's) are refused.
    /// </summary>
    public async Task<(List<AuditEvent> Page, bool More, ErrorEnvelope? Problem)> PageAsync(AuditFilter filter, int size, Guid? after, CancellationToken cancel = default)
    {
        var events = db.AuditEvents.AsNoTracking();
        if (filter.IdentityId is { } identityId) events = events.Where(e => e.IdentityId == identityId);
        if (filter.Type is { } type) events = events.Where(e => e.Type == type);
        if (filter.Actor is { } actor) events = events.Where(e => e.Actor == actor);
        if (filter.Since is { } since) events = events.Where(e => e.At >= since);
        if (filter.Until is { } until) events = events.Where(e => e.At <= until);
        if (after is { } id)
        {
            if (await db.AuditEvents.AsNoTracking().Where(e => e.Id == id).Select(e => (DateTime?)e.At).FirstOrDefaultAsync(cancel) is not { } at)
                return ([], false, KratosErrors.BadRequest("page_token is not a token this endpoint gave out."));
            events = events.Where(e => e.At < at || (e.At == at && e.Id.CompareTo(id) < 0));
        }
        var rows = await events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(size + 1).ToListAsync(cancel);
        var more = rows.Count > size;
        if (more) rows.RemoveAt(rows.Count - 1);
        return (rows, more, null);
    }

    /// <summary>One entry by its id, or null.</summary>
    public Task<AuditEvent?> FindAsync(Guid id, CancellationToken cancel = default) =>
        db.AuditEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancel);

    /// <summary>
    /// The filters of a query string (<c>identity_id</c>, <c>type</c>, <c>actor</c>, <c>since</c>,
    /// <c>until</c>), or the 400 that says which one is wrong.
    /// </summary>
    public static (AuditFilter? Filter, ErrorEnvelope? Problem) Parse(IQueryCollection query)
    {
        Guid? identityId = null;
        if (query["identity_id"] is { Count: > 0 } idText)
        {
            if (!Guid.TryParse(idText, out var parsed)) return (null, KratosErrors.BadRequest("identity_id must be a UUID."));
            identityId = parsed;
        }
        var (since, badSince) = Time(query, "since");
        var (until, badUntil) = Time(query, "until");
        if ((badSince ?? badUntil) is { } bad) return (null, bad);
        if (since > until) return (null, KratosErrors.BadRequest("since must not be later than until."));
        var type = Text(query, "type");
        var actor = Text(query, "actor");
        if (type?.Length > 64 || actor?.Length > 160) return (null, KratosErrors.BadRequest("type and actor are at most 64 and 160 characters."));
        return (new AuditFilter(identityId, type, actor, since, until), null);
    }

    private static string? Text(IQueryCollection query, string name) =>
        query[name] is { Count: > 0 } value && value.ToString() is { Length: > 0 } text ? text : null;

    /// <summary>An RFC 3339 date-time with its offset (<c>2026-12-01T10:00:00Z</c>, <c>…+01:00</c>), as UTC.</summary>
    private static (DateTime? Value, ErrorEnvelope? Problem) Time(IQueryCollection query, string name)
    {
        if (Text(query, name) is not { } text) return (null, null);
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];
        // RFC 3339 requires an offset; without one the time would be read in the server's zone.
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-');
        if (!hasOffset || !DateTimeOffset.TryParseExact(text.ToUpperInvariant(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            return (null, KratosErrors.BadRequest($"{name} must be an RFC 3339 date-time with an offset, such as 2026-12-01T09:30:00Z."));
        return (value.UtcDateTime, null);
    }
}
