using System.Text.Json.Nodes;
using App.Audit;
using App.Configuration;
using App.Credentials.Passwords;
using App.Data;
using App.SelfService.Flows;
using App.SelfService.Ui;
using App.Sessions;
using Microsoft.EntityFrameworkCore;

namespace App.SelfService.Methods.Password;

/// <summary>
/// The password on the settings flow of a legacy account: a text node that says it still has one,
/// and, once a passkey exists, <c>password_disable</c>, which deletes the hash for good. Setting or
/// changing a password is refused: no account gets a new one.
/// </summary>
public sealed class PasswordSettings(PasswordStore passwords, PortalDbContext db, PortalSettings settings, AuditLog audit) : ISettingsMethod
{
    public string Name => "password";
    public bool Enabled => settings.Options.SelfService.Methods.Password.Enabled;

    public async Task PopulateAsync(FlowContext context)
    {
        var ui = context.Ui;
        ui.Nodes.RemoveAll(n => n.Group == UiGroups.Password);
        var identity = context.Session?.Identity;
        if (identity is null || !await passwords.HasPasswordAsync(identity.Id)) return;
        ui.Nodes.Add(new UiNode
        {
            Type = "text",
            Group = UiGroups.Password,
            Attributes = new UiNodeAttributes { Text = PasswordMessages.State(), Id = "password_state", NodeType = "text" },
            Meta = new UiMeta(),
        });
        // A passkey added by this very submission is not saved yet, but counts.
        if (db.Passkeys.Local.Any(p => p.IdentityId == identity.Id) || await db.Passkeys.AnyAsync(p => p.IdentityId == identity.Id))
            ui.Nodes.Add(NodeFactory.Input(UiGroups.Password, "password_disable", "submit", JsonValue.Create("true"), label: PasswordMessages.Disable()));
    }

    public async Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission)
    {
        var disable = submission["password_disable"];
        if (string.IsNullOrEmpty(disable) && submission.Method != Name) return MethodOutcome.Skip;
        context.Flow.Active = Name;
        var session = context.Session!;
        var identity = session.Identity!;
        if (string.IsNullOrEmpty(disable))
        {
            context.Ui.AddMessage(PasswordMessages.CannotChange());
            return MethodOutcome.Show;
        }
        if (SessionRestrictions.Refusal(session, settings) is { } error)
        {
            audit.Add(AuditEvents.SettingsRefused, context.Http, identity.Id, session.Id, context.Flow.Id, new { reason = session.Restriction });
            return new MethodOutcome.Refused(error, Messages.Generic(error.Error.Reason!));
        }
        // Without a passkey the account would have no way in but email.
        if (!await db.Passkeys.AnyAsync(p => p.IdentityId == identity.Id))
        {
            context.Ui.AddMessage(PasswordMessages.NeedsPasskey());
            return MethodOutcome.Show;
        }
        if (await passwords.RemoveAsync(identity.Id))
            audit.Add(AuditEvents.PasswordDisabled, context.Http, identity.Id, session.Id, context.Flow.Id);
        return new MethodOutcome.Updated();
    }
}
