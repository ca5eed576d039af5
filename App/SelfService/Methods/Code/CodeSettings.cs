using App.Configuration;
using App.Data;
using App.SelfService.Flows;
using App.Sessions;
using Microsoft.EntityFrameworkCore;

namespace App.SelfService.Methods.Code;

/// <summary>
/// The code method's part in the settings flow, after a recovery: once the recovered session has
/// saved a new passkey, the passkeys from before the recovery may be the lost ones, and the flow
/// says so by name, so they are removed before whoever finds them can sign in. It adds no nodes and
/// takes no submissions; "Remove" is the passkey method's.
/// </summary>
public sealed class CodeSettings(PortalDbContext db, PortalSettings settings) : ISettingsMethod
{
    public string Name => "code";
    public bool Enabled => settings.RecoveryEnabled;

    public async Task PopulateAsync(FlowContext context)
    {
        context.Ui.Messages?.RemoveAll(m => m.Id == CodeMessages.RemoveLostPasskeys([]).Id);
        if (context.Session is not { Restriction: null } session || !Recovered(session)) return;
        // Tracked, so a passkey removed in this very request (not yet saved) is not named.
        var before = await db.Passkeys.Where(p => p.IdentityId == session.IdentityId && p.CreatedAt < session.IssuedAt).ToListAsync();
        var names = before.Where(p => db.Entry(p).State != EntityState.Deleted).OrderBy(p => p.CreatedAt).Select(p => p.DisplayName).ToList();
        if (names.Count > 0) context.Ui.AddMessage(CodeMessages.RemoveLostPasskeys(names));
    }

    public Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission) => Task.FromResult(MethodOutcome.Skip);

    private static bool Recovered(Session session) => session.Proofs().Any(m => m.Method == CodeRecovery.SessionMethod);
}
