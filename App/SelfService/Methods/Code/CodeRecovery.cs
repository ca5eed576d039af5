using System.Text.Json.Nodes;
using App.Audit;
using App.Configuration;
using App.Credentials.Codes;
using App.Data;
using App.Identities;
using App.SelfService.Flows;
using App.SelfService.Flows.Recovery;
using App.SelfService.Ui;
using App.Sessions;
using Microsoft.EntityFrameworkCore;

namespace App.SelfService.Methods.Code;

/// <summary>
/// "Lost your passkey?": recovery by one email that carries a one-time link (for this browser) and
/// a code, or by a link or code an administrator issued (Kratos <c>strategy_recovery.go</c>, <c>use: code</c>).
/// The answer and the work done are the same whether or not the address has an account; the codes
/// follow the sign-in code's rules and limits. Either way the session won may only save a new passkey.
/// </summary>
public sealed class CodeRecovery(
    CodeSender sender,
    OneTimeCodes codes,
    IdentityDirectory directory,
    PortalSettings settings,
    PortalDbContext db,
    AuditLog audit) : IRecoveryMethod
{
    /// <summary>The session's authentication method, as Kratos names a recovery by code.</summary>
    public const string SessionMethod = "code_recovery";

    public string Name => "code";
    public bool Enabled => settings.RecoveryEnabled;

    public Task PopulateAsync(FlowContext context)
    {
        foreach (var node in CodeNodes.RecoveryStart()) context.Ui.Upsert(node);
        return Task.CompletedTask;
    }

    public async Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission)
    {
        if (submission.Method != Name) return MethodOutcome.Skip;
        context.Flow.Active = Name;
        var email = submission["email"];
        // An address posted again is "Resend code" (Kratos). A flow an administrator issued was sent to
        // nobody, and must never be redirected to an address someone types.
        var sending = context.Flow.State == FlowStates.ChooseMethod || (!string.IsNullOrEmpty(email) && !RecoveryFlow.IsIssuedByAdmin(context.Flow));
        if (sending) return await SendAsync(context, email);
        var code = submission["code"] is { Length: > 0 } typed ? typed : context.Http.Request.Query["token"].ToString();
        if (string.IsNullOrWhiteSpace(code))
        {
            context.Ui.Find("code")?.Messages.Add(Messages.Required("code"));
            return MethodOutcome.Show;
        }
        return await VerifyAsync(context, code);
    }

    private async Task<MethodOutcome> SendAsync(FlowContext context, string? typed)
    {
        var (flow, ui, http) = context;
        typed = typed?.Trim() ?? "";
        if (typed.Length == 0 || !EmailAddress.IsValid(typed))
        {
            // Whatever is refused, the form comes back with what was typed.
            if (ui.Find("email") is { Attributes.InputType: "email" } field)
            {
                if (typed.Length <= 320) field.Attributes.Value = JsonValue.Create(typed);
                field.Messages.Add(typed.Length == 0 ? Messages.Required("email") : CodeMessages.NotAnEmail(typed));
            }
            return MethodOutcome.Show;
        }
        var address = EmailAddress.Normalize(typed);
        if (await sender.LimitSendingAsync(context, address) is { } limited) return limited;

        var identity = await directory.FindByIdentifierAsync(address);
        var known = identity is { State: IdentityStates.Active };
        await sender.SendAsync(flow, address, known ? identity : null, "recovery_code", settings.Options.SelfService.Flows.Recovery.NotifyUnknownRecipients,
            issued => new()
            {
                ["RecoveryCode"] = issued.Code,
                ["RecoveryURL"] = FlowEngine.UiLocation(settings, settings.Options.SelfService.Flows.Recovery.UiUrl, flow.Id) + "&link=" + issued.LinkToken,
            });
        // The same events whether or not the address has an account; only the identity they name differs.
        var resend = flow.State == FlowStates.SentEmail;
        if (!resend) audit.Add(AuditEvents.RecoveryStarted, http, known ? identity!.Id : null, flowId: flow.Id, details: new { method = Name, via = "email" });
        audit.Add(AuditEvents.RecoveryCodeSent, http, known ? identity!.Id : null, flowId: flow.Id, details: new { method = Name, resend });

        flow.State = FlowStates.SentEmail;
        CodeNodes.ShowRecoveryCodeEntry(ui, address);
        ui.AddMessage(CodeMessages.RecoverySent());
        return MethodOutcome.ShowOk;
    }

    private async Task<MethodOutcome> VerifyAsync(FlowContext context, string submitted)
    {
        var (flow, ui, http) = context;
        var byAdmin = RecoveryFlow.IsIssuedByAdmin(flow);
        // An administrator's code went to no address: its tries count against the identity instead.
        var subject = byAdmin ? "identity:" + flow.IdentityId : await codes.LatestAddressAsync(flow.Id) ?? "";
        if (await sender.LimitTryingAsync(context, subject) is { } limited) return limited;

        var (result, used) = await sender.UseAsync(flow, submitted);
        if (result == CodeCheck.TooManyAttempts)
        {
            audit.Add(AuditEvents.RecoveryRefused, http, flow.IdentityId, flowId: flow.Id, details: new { method = Name, failure = "too_many_attempts" });
            return CodeSender.TooManyAttempts(context);
        }

        // Tracked: the new session and the settings flow it continues in are built on this identity.
        // An administrator's flow recovers its own identity, and only with the code issued for it.
        var identity = used is null ? null
            : byAdmin ? used.Address.Length == 0 ? await db.Identities.Include(i => i.Identifiers).FirstOrDefaultAsync(i => i.Id == flow.IdentityId) : null
            : await db.Identities.Include(i => i.Identifiers).FirstOrDefaultAsync(i => i.Identifiers.Any(x => x.Value == used.Address && x.ReplacesId == null));
        if (identity is not { State: IdentityStates.Active })
        {
            audit.Add(AuditEvents.RecoveryRefused, http, flow.IdentityId, flowId: flow.Id,
                details: new { method = Name, failure = used is null ? "wrong_code" : "no_active_identity" });
            ui.AddMessage(CodeMessages.RecoveryInvalid());
            return MethodOutcome.ShowOk;
        }
        if (!byAdmin) await sender.ProveAddressAsync(identity, used!.Address);
        return new MethodOutcome.Authenticated(identity, Name, SessionRestrictions.PasskeyEnrolmentRequired,
            byAdmin ? await IssuedAsync(flow) : new { method = SessionMethod, via = "email" }, SessionMethod);
    }

    /// <summary>The completion names who issued the link and why, so the audit log tells the whole story in one event too.</summary>
    private async Task<object> IssuedAsync(Flow flow)
    {
        var issued = await db.AuditEvents.AsNoTracking()
            .Where(e => e.FlowId == flow.Id && e.Type == AuditEvents.RecoveryIssued)
            .Select(e => new { e.Actor, e.Details }).FirstOrDefaultAsync();
        var details = issued?.Details is { } json ? JsonNode.Parse(json) : null;
        return new
        {
            method = SessionMethod,
            via = "admin_" + (details?["kind"]?.GetValue<string>() ?? "link"),
            issued_by = issued?.Actor,
            reason = details?["reason"]?.GetValue<string>(),
            admin_id = details?["admin_id"]?.GetValue<string>(),
        };
    }
}
