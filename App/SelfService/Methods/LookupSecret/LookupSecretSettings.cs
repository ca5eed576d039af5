using App.Audit;
using App.Configuration;
using App.Credentials.LookupSecrets;
using App.Identities;
using App.KratosJson;
using App.SelfService.Flows;
using App.SelfService.Ui;
using App.Sessions;

namespace App.SelfService.Methods.LookupSecret;

/// <summary>
/// Backup codes on the settings flow (Kratos <c>selfservice/strategy/lookup/settings.go</c>):
/// regenerate shows a new set, confirm puts it in force and ends the old one, disable removes them,
/// reveal lists them. Codes are kept only as hashes, so reveal can say which were used and when,
/// never what they were. While an email sign-in's restriction holds, none of this is allowed.
/// </summary>
public sealed class LookupSecretSettings(BackupCodeStore codes, PortalSettings settings, AuditLog audit, TimeProvider clock) : ISettingsMethod
{
    public string Name => "lookup_secret";
    public bool Enabled => settings.Options.SelfService.Methods.LookupSecret.Enabled;

    public async Task PopulateAsync(FlowContext context)
    {
        var (flow, ui, _) = context;
        var identity = Owner(context);
        // A new set on show stays there while other changes are made beside it, until it is confirmed.
        if (ui.Find("lookup_secret_confirm") is not null && await codes.IsWaitingAsync(identity.Id, flow.Id)) return;
        ui.Nodes.RemoveAll(n => n.Group == UiGroups.LookupSecret);
        var status = await codes.StatusAsync(identity.Id);
        if (!status.Exists)
        {
            ui.Nodes.Add(LookupSecretNodes.Regenerate());
            return;
        }
        ui.Nodes.Add(LookupSecretNodes.Reveal());
        ui.Nodes.Add(LookupSecretNodes.Disable());
        ui.Nodes.Add(LookupSecretNodes.Remaining(status));
    }

    public async Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission)
    {
        bool confirm = Asked(submission, "lookup_secret_confirm"), reveal = Asked(submission, "lookup_secret_reveal"),
            disable = Asked(submission, "lookup_secret_disable"), regenerate = Asked(submission, "lookup_secret_regenerate");
        if (!(confirm || reveal || disable || regenerate)) return MethodOutcome.Skip;
        context.Flow.Active = Name;
        var identity = Owner(context);
        var session = context.Session!;
        if (SessionRestrictions.Refusal(session, settings) is { } error)
        {
            audit.Add(AuditEvents.SettingsRefused, context.Http, identity.Id, session.Id, context.Flow.Id, new { method = Name, reason = session.Restriction });
            return new MethodOutcome.Refused(error, Messages.Generic(error.Error.Reason!));
        }
        // The order Kratos checks them in, should a client send more than one.
        if (confirm) return await ConfirmAsync(context, identity);
        if (reveal) return await RevealAsync(context, identity);
        if (disable) return await DisableAsync(context, identity);
        return await RegenerateAsync(context, identity);
    }

    /// <summary>
    /// A new set, shown once. It is not in force yet: that takes "confirm", as in Kratos, so nobody
    /// loses their old codes to a set they never saw. The codes live in clear only in this flow's
    /// form until then; confirming rebuilds the form without them.
    /// </summary>
    private async Task<MethodOutcome> RegenerateAsync(FlowContext context, Identity identity)
    {
        var made = await codes.GenerateAsync(identity.Id, context.Flow.Id);
        context.Ui.Nodes.RemoveAll(n => n.Group == UiGroups.LookupSecret);
        context.Ui.Nodes.Add(LookupSecretNodes.Codes(made.Select(LookupSecretMessages.Secret).ToList()));
        context.Ui.Nodes.Add(LookupSecretNodes.Confirm());
        context.Flow.State = FlowStates.ShowForm;
        return new MethodOutcome.ReturnToUi();
    }

    private async Task<MethodOutcome> ConfirmAsync(FlowContext context, Identity identity)
    {
        var before = await codes.StatusAsync(identity.Id);
        if (!await codes.ConfirmAsync(identity.Id, context.Flow.Id))
            return await RefuseAsync(context, identity, LookupSecretMessages.NothingToConfirm, "nothing to confirm");
        identity.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        var now = await codes.StatusAsync(identity.Id);
        audit.Add(AuditEvents.BackupCodesGenerated, context.Http, identity.Id, context.Session!.Id, context.Flow.Id,
            new { codes = now.Total, replaced = before.Exists });
        return new MethodOutcome.Updated();
    }

    private async Task<MethodOutcome> RevealAsync(FlowContext context, Identity identity)
    {
        var saved = await codes.ConfirmedAsync(identity.Id);
        if (saved.Count == 0) return await RefuseAsync(context, identity, LookupSecretMessages.NothingToReveal, "nothing to reveal");
        var ui = context.Ui;
        ui.Nodes.RemoveAll(n => n.Group == UiGroups.LookupSecret);
        ui.Nodes.Add(LookupSecretNodes.Codes(saved.Select(c => c.UsedAt is { } at ? LookupSecretMessages.Used(at) : LookupSecretMessages.Hidden()).ToList()));
        ui.Nodes.Add(LookupSecretNodes.Disable());
        ui.Nodes.Add(LookupSecretNodes.Regenerate());
        ui.Nodes.Add(LookupSecretNodes.Remaining(new BackupCodeStatus(saved.Count, saved.Count(c => c.UsedAt is null))));
        context.Flow.State = FlowStates.ShowForm;
        return new MethodOutcome.ReturnToUi();
    }

    private async Task<MethodOutcome> DisableAsync(FlowContext context, Identity identity)
    {
        var removed = await codes.RemoveAllAsync(identity.Id);
        identity.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(AuditEvents.BackupCodesDisabled, context.Http, identity.Id, context.Session!.Id, context.Flow.Id, new { removed });
        return new MethodOutcome.Updated();
    }

    /// <summary>Kratos answers these with a plain 400; the form is rebuilt so it shows what is true now.</summary>
    private async Task<MethodOutcome> RefuseAsync(FlowContext context, Identity identity, string reason, string why)
    {
        audit.Add(AuditEvents.SettingsRefused, context.Http, identity.Id, context.Session?.Id, context.Flow.Id, new { method = Name, reason = why });
        context.Ui.Nodes.RemoveAll(n => n.Group == UiGroups.LookupSecret);
        await PopulateAsync(context);
        return new MethodOutcome.Refused(KratosErrors.BadRequest(reason), Messages.Generic(reason));
    }

    /// <summary>Kratos's booleans, sent as JSON <c>true</c> or as the form value "true".</summary>
    private static bool Asked(Submission submission, string name) =>
        string.Equals(submission[name], "true", StringComparison.OrdinalIgnoreCase);

    private static Identity Owner(FlowContext context) =>
        context.Session?.Identity ?? throw new InvalidOperationException("Settings need the signed-in identity.");
}
