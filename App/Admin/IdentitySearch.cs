using App.Data;
using App.Identities;
using Microsoft.EntityFrameworkCore;

namespace App.Admin;

/// <summary>
/// Finds identities for an administrator: by id exactly, or by part of an address, oldest first,
/// a page at a time. The page token is the previous page's last identity id.
/// </summary>
public sealed class IdentitySearch(PortalDbContext db)
{
    public const int MaxQueryLength = 320;

    public async Task<(List<Identity> Page, bool More)> PageAsync(string? query, int size, Guid? after, CancellationToken cancel = default)
    {
        var identities = db.Identities.AsNoTracking().Include(i => i.Identifiers).AsQueryable();
        var text = query?.Trim() ?? "";
        if (text.Length > MaxQueryLength) text = text[..MaxQueryLength];
        if (Guid.TryParse(text, out var id))
            identities = identities.Where(i => i.Id == id);
        else if (text.Length > 0)
        {
            // Addresses are stored normalised (lower case, ASCII domain), so the query is too.
            var part = EmailAddress.Normalize(text);
            identities = identities.Where(i => i.Identifiers.Any(x => x.Value.Contains(part)));
        }
        if (after is { } last) identities = identities.Where(i => i.Id.CompareTo(last) > 0);
        var rows = await identities.OrderBy(i => i.Id).AsSplitQuery().Take(size + 1).ToListAsync(cancel);
        var more = rows.Count > size;
        if (more) rows.RemoveAt(rows.Count - 1);
        return (rows, more);
    }
}
