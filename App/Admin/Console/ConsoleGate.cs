using App.Audit;
using App.Data;
using Microsoft.EntityFrameworkCore;

namespace App.Admin.Console;

/// <summary>
/// Decides, at every console request and action, who is at the console: the console session must
/// still last and its identity must still be an administrator. Someone who lost the role loses the
/// session too, and the refusal is audited.
/// </summary>
public sealed class ConsoleGate(ConsoleSessions sessions, ConsoleAccess access, PortalDbContext db, AuditLog audit)
{
    public async Task<ConsoleVisitor> CheckAsync(string? token, HttpContext http, CancellationToken cancel = default)
    {
        if (await sessions.FindAsync(token, cancel) is not { } session) return ConsoleVisitor.Nobody;
        var identity = await db.Identities.AsNoTracking().Include(i => i.Identifiers).FirstOrDefaultAsync(i => i.Id == session.IdentityId, cancel);
        if (identity is null) return ConsoleVisitor.Nobody;
        if (!access.IsAdministrator(identity))
        {
            await sessions.EndAsync(session.Id);
            audit.Add(AuditEvents.ConsoleNoAccess, http, identity.Id, details: new { console_session = session.Id, when = "visit" });
            await db.SaveChangesAsync(cancel);
            return ConsoleVisitor.Refused;
        }
        var email = identity.Identifiers.Select(x => x.Value).FirstOrDefault() ?? identity.Id.ToString();
        return new ConsoleVisitor.Administrator(new ConsoleAdmin(identity.Id, email, session.Id));
    }
}
