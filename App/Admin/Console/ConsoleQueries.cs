using System.Text.Json;
using App.Credentials.LookupSecrets;
using App.Credentials.Passkeys;
using App.Data;
using App.Identities;
using Microsoft.EntityFrameworkCore;

namespace App.Admin.Console;

/// <summary>
/// What the console reads, through the admin services (<see cref="IdentitySearch"/>,
/// <see cref="SessionAdministration"/>, <see cref="AuditSearch"/>), shaped for its views.
/// </summary>
public sealed class ConsoleQueries(IdentitySearch search, IdentityAdministration identities, SessionAdministration sessions,
    AuditSearch audit, PortalDbContext db, PasskeyProviders providers, BackupCodeStore backupCodes, TimeProvider clock)
{
    public const int SearchPageSize = 20;
    public const int AuditPageSize = 25;
    public const int SessionLimit = 50;

    public async Task<IdentityPage> SearchAsync(string? query, Guid? after, CancellationToken cancel = default)
    {
        var (page, more) = await search.PageAsync(query, SearchPageSize, after, cancel);
        return new IdentityPage(page.Select(i => new IdentityRow(i.Id, EmailOf(i), i.State, i.CreatedAt)).ToList(), more);
    }

    public async Task<IdentityOverview?> OverviewAsync(Guid identityId, CancellationToken cancel = default)
    {
        if (await identities.FindAsync(identityId.ToString(), cancel: cancel) is not { } identity) return null;
        var passkeys = await db.Passkeys.AsNoTracking().Where(p => p.IdentityId == identityId).OrderBy(p => p.CreatedAt).ToListAsync(cancel);
        var (sessionPage, _) = await sessions.PageAsync(identityId, active: null, SessionLimit, after: null, cancel);
        var now = clock.GetUtcNow().UtcDateTime;
        return new IdentityOverview(identity.Id, EmailOf(identity), identity.State, identity.CreatedAt,
            passkeys.Select(Row).ToList(),
            await backupCodes.RemainingAsync(identityId),
            sessionPage.Select(s => new SessionRow(s.Id, s.UserAgent, s.IpAddress, s.AuthenticatedAt, s.ExpiresAt, s.Active && s.ExpiresAt > now, Methods(s.AuthenticationMethods))).ToList(),
            await AuditAsync(identityId, null, cancel));
    }

    /// <summary>The identity's audit trail, newest first, a page at a time.</summary>
    public async Task<AuditPage> AuditAsync(Guid identityId, Guid? after, CancellationToken cancel = default)
    {
        var (rows, more, _) = await audit.PageAsync(new AuditFilter(IdentityId: identityId), AuditPageSize, after, cancel);
        return new AuditPage(rows.Select(e => new AuditRow(e.Id, e.At, e.Type, e.Actor, e.IpAddress, e.Details)).ToList(), more);
    }

    private PasskeyRow Row(Passkey passkey)
    {
        var provider = providers.Find(passkey.Aaguid);
        return new PasskeyRow(passkey.DisplayName, provider?.Name, provider?.IconLight, provider?.IconDark, passkey.CreatedAt, passkey.LastUsedAt, passkey.IsBackedUp);
    }

    private static string EmailOf(Identity identity) => identity.Identifiers.Select(x => x.Value).FirstOrDefault() ?? "";

    private static IReadOnlyList<string> Methods(string json)
    {
        try
        {
            return (JsonSerializer.Deserialize<List<Sessions.AuthenticationMethod>>(json) ?? []).Select(m => m.Method).Distinct().ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
