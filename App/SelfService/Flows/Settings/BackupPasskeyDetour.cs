using App.Configuration;
using App.Data;
using App.SelfService.Methods.Passkey;
using Microsoft.EntityFrameworkCore;

namespace App.SelfService.Flows.Settings;

/// <summary>
/// After a sign-up or sign-in of an account with one passkey, a browser goes by the settings page,
/// where "Save another passkey for a backup?" waits, and from there on to where it was going.
/// JSON clients keep Kratos's answer: they decide themselves what to show.
/// </summary>
public sealed class BackupPasskeyDetour(PortalDbContext db, PortalSettings settings)
{
    /// <param name="signUp">A sign-up always asks; a sign-in only asks again after one "Later" (the question was seen at sign-up).</param>
    public async Task<string?> ForAsync(Flow flow, Sessions.Session session, bool signUp)
    {
        if (session.Restriction is not null) return null;
        // A sign-in's identity was read untracked, so the new session does not carry it.
        if ((session.Identity ?? await db.Identities.AsNoTracking().FirstOrDefaultAsync(i => i.Id == session.IdentityId)) is not { } identity) return null;
        if (!signUp && identity.BackupPasskeyDeclines == 0) return null;
        var passkeys = await db.Passkeys.CountAsync(p => p.IdentityId == identity.Id);
        if (!BackupPasskeyPrompt.IsDue(identity, passkeys, session)) return null;
        return settings.BrowserFlowUrl(FlowKinds.Settings) + (flow.ReturnTo is { } then ? "?return_to=" + Uri.EscapeDataString(then) : "");
    }
}
