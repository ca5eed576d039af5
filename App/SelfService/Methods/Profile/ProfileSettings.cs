using System.Text.Json.Nodes;
using App.Audit;
using App.Configuration;
using App.Data;
using App.Identities;
using App.Identities.Schema;
using App.KratosJson;
using App.SelfService.Flows;
using App.SelfService.Flows.Verification;
using App.SelfService.Methods.Code;
using App.SelfService.Ui;
using App.Sessions;
using Microsoft.EntityFrameworkCore;

namespace App.SelfService.Methods.Profile;

/// <summary>
/// Kratos's <c>profile</c> settings method, for the one trait that matters here: the email. A new
/// address does not take effect at once, as it would in Kratos: it waits, unproven, until the
/// verification code sent to it is used (<see cref="EmailChange"/>), so a stolen session cannot move
/// the account to an attacker's mailbox without owning it, and the old address is told at once.
/// Like every settings change it needs a recent sign-in.
/// </summary>
public sealed class ProfileSettings(
    SchemaRegistry schemas,
    EmailChange change,
    VerificationStarter verification,
    PortalSettings settings,
    PortalDbContext db,
    AuditLog audit) : ISettingsMethod
{
    public string Name => "profile";
    public bool Enabled => settings.Options.SelfService.Methods.Profile.Enabled && settings.VerificationEnabled;

    public Task PopulateAsync(FlowContext context)
    {
        if (context.Session?.Identity is not { } identity || Current(identity) is not { } current) return Task.CompletedTask;
        var field = TraitNodes.For(schemas.Default).FirstOrDefault(n => n.Name == "traits." + current.TraitPath)
            ?? NodeFactory.Input(UiGroups.Profile, "traits." + current.TraitPath, "email", required: true, label: Messages.LabelEmail());
        field.Group = UiGroups.Profile;
        field.Attributes.Value = JsonValue.Create(current.Value);
        context.Ui.Upsert(field);
        context.Ui.Upsert(NodeFactory.Input(UiGroups.Profile, "method", "submit", JsonValue.Create(Name), label: UiText.Info(1070003, "Save")));
        return Task.CompletedTask;
    }

    public async Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission)
    {
        if (submission.Method != Name) return MethodOutcome.Skip;
        context.Flow.Active = Name;
        var session = context.Session!;
        var identity = session.Identity ?? throw new InvalidOperationException("Settings need the signed-in identity.");
        if (SessionRestrictions.Refusal(session, settings) is { } error)
        {
            audit.Add(AuditEvents.SettingsRefused, context.Http, identity.Id, session.Id, context.Flow.Id, new { method = Name, reason = session.Restriction });
            return new MethodOutcome.Refused(error, Messages.Generic(error.Error.Reason!));
        }
        if (Current(identity) is not { } current) return MethodOutcome.Skip;
        var node = context.Ui.Find("traits." + current.TraitPath);
        var typed = TraitPaths.Find(submission.Traits, current.TraitPath) is JsonValue v && v.TryGetValue<string>(out var text) ? text.Trim() : "";
        if (node is not null && typed.Length <= 320) node.Attributes.Value = JsonValue.Create(typed);
        if (typed.Length == 0 || !EmailAddress.IsValid(typed))
        {
            node?.Messages.Add(typed.Length == 0 ? Messages.Required("traits." + current.TraitPath) : CodeMessages.NotAnEmail(typed));
            return MethodOutcome.Show;
        }
        var address = EmailAddress.Normalize(typed);
        if (address == current.Value)
        {
            // Saving the address in force again calls off a change still waiting for its code.
            foreach (var waiting in identity.Identifiers.Where(x => x.ReplacesId is not null).ToList())
            {
                identity.Identifiers.Remove(waiting);
                db.IdentityIdentifiers.Remove(waiting);
            }
            return new MethodOutcome.Updated();
        }
        if (await db.IdentityIdentifiers.AnyAsync(x => x.Value == address && x.IdentityId != identity.Id))
        {
            node?.Messages.Add(Messages.DuplicateCredentials());
            return MethodOutcome.Show;
        }
        if (!identity.Identifiers.Any(x => x.Value == address && x.ReplacesId is not null))
            change.Request(identity, current, address, context.Http, session.Id, context.Flow.Id);
        // Saved first: the verification email marks the waiting address as sent.
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // Another account took the address between the check and the write; nothing of this was saved.
            db.ChangeTracker.Clear();
            node?.Messages.Add(Messages.DuplicateCredentials());
            return MethodOutcome.Show;
        }
        var next = await verification.StartAsync(context, address);
        return new MethodOutcome.Updated(next is null ? null : [next]);
    }

    /// <summary>The address in force (not one waiting to replace it).</summary>
    private static IdentityIdentifier? Current(Identity identity) =>
        identity.Identifiers.Where(x => x.ReplacesId is null).OrderBy(x => x.CreatedAt).FirstOrDefault();
}
