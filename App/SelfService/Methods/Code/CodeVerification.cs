using System.Text.Json.Nodes;
using App.Audit;
using App.Configuration;
using App.Credentials.Codes;
using App.Data;
using App.Identities;
using App.SelfService.Flows;
using App.SelfService.Flows.Verification;
using App.SelfService.Ui;
using Microsoft.EntityFrameworkCore;

namespace App.SelfService.Methods.Code;

/// <summary>
/// Proving an address by one email with a code and a link (Kratos <c>strategy_verification.go</c>,
/// <c>use: code</c>). The answer and the work done are the same whether or not an account uses the
/// address; codes follow the sign-in code's rules and share its limits.
/// </summary>
public sealed class CodeVerification(
    CodeSender sender,
    OneTimeCodes codes,
    PortalSettings settings,
    PortalDbContext db,
    AuditLog audit,
    EmailChange emailChange,
    TimeProvider clock) : IVerificationMethod
{
    public string Name => "code";
    public bool Enabled => settings.VerificationEnabled;

    /// <summary>choose_method: the address (label 1070018) and "Continue", as Kratos's snapshot has them.</summary>
    public Task PopulateAsync(FlowContext context)
    {
        if (context.Flow.State != FlowStates.ChooseMethod) return Task.CompletedTask;
        context.Ui.Upsert(NodeFactory.Input(UiGroups.Code, "email", "text", required: true, label: VerificationMessages.EmailLabel()));
        context.Ui.Upsert(NodeFactory.Input(UiGroups.Code, "method", "submit", JsonValue.Create("code"), label: CodeMessages.ContinueLabel()));
        return Task.CompletedTask;
    }

    public async Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission)
    {
        if (submission.Method != Name) return MethodOutcome.Skip;
        context.Flow.Active = Name;
        var email = submission["email"];
        // An address posted again is "Resend code", as in Kratos.
        if (context.Flow.State == FlowStates.ChooseMethod || !string.IsNullOrEmpty(email)) return await SendAsync(context, email);
        if (string.IsNullOrWhiteSpace(submission["code"]))
        {
            context.Ui.Find("code")?.Messages.Add(Messages.Required("code"));
            return MethodOutcome.Show;
        }
        return await VerifyAsync(context, submission["code"]!);
    }

    /// <summary>Emails the flow's code and link to <paramref name="typed"/>, or says why not.</summary>
    public async Task<MethodOutcome> SendAsync(FlowContext context, string? typed)
    {
        var (flow, ui, http) = context;
        typed = typed?.Trim() ?? "";
        if (typed.Length == 0 || !EmailAddress.IsValid(typed))
        {
            if (ui.Find("email") is { Attributes.InputType: "text" } field)
            {
                if (typed.Length <= 320) field.Attributes.Value = JsonValue.Create(typed);
                field.Messages.Add(typed.Length == 0 ? Messages.Required("email") : CodeMessages.NotAnEmail(typed));
            }
            return MethodOutcome.Show;
        }
        var address = EmailAddress.Normalize(typed);
        if (await sender.LimitSendingAsync(context, address) is { } limited) return limited;

        // Any address an identity has, also one waiting to replace its current one.
        var owner = await db.Identities.AsNoTracking().Include(i => i.Identifiers).AsSingleQuery()
            .FirstOrDefaultAsync(i => i.Identifiers.Any(x => x.Value == address));
        var config = settings.Options.SelfService.Flows.Verification;
        await sender.SendAsync(flow, address, owner, "verification_code", config.NotifyUnknownRecipients, issued => new()
        {
            ["VerificationCode"] = issued.Code,
            // Kratos's link shape; it carries the long link token rather than the six digits.
            ["VerificationURL"] = settings.PublicUrl("self-service/verification") + "?flow=" + flow.Id + "&code=" + issued.LinkToken,
        });
        // The same statement for an unknown address: it simply changes no row.
        var now = clock.GetUtcNow().UtcDateTime;
        await db.IdentityIdentifiers.Where(x => x.Value == address && !x.Verified)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.VerificationSentAt, now));
        var resend = flow.State == FlowStates.SentEmail;
        if (!resend) audit.Add(AuditEvents.VerificationStarted, http, owner?.Id, flowId: flow.Id, details: new { method = Name });
        audit.Add(AuditEvents.VerificationCodeSent, http, owner?.Id, flowId: flow.Id, details: new { method = Name, resend });

        flow.State = FlowStates.SentEmail;
        ShowCodeEntry(ui, address);
        ui.AddMessage(VerificationMessages.Sent());
        return MethodOutcome.ShowOk;
    }

    /// <summary>Uses a typed code or the link's token; proves the address it went to.</summary>
    public async Task<MethodOutcome> VerifyAsync(FlowContext context, string submitted)
    {
        var (flow, ui, http) = context;
        var address = await codes.LatestAddressAsync(flow.Id) ?? "";
        if (await sender.LimitTryingAsync(context, address) is { } limited) return limited;

        var (result, used) = await sender.UseAsync(flow, submitted);
        if (result == CodeCheck.TooManyAttempts)
        {
            audit.Add(AuditEvents.VerificationRefused, http, flowId: flow.Id, details: new { method = Name, failure = "too_many_attempts" });
            return CodeSender.TooManyAttempts(context);
        }
        var identity = used is null ? null
            : await db.Identities.Include(i => i.Identifiers).FirstOrDefaultAsync(i => i.Identifiers.Any(x => x.Value == used.Address));
        if (identity is null)
        {
            audit.Add(AuditEvents.VerificationRefused, http, flowId: flow.Id, details: new { method = Name, failure = "wrong_code" });
            ui.AddMessage(VerificationMessages.Invalid());
            return MethodOutcome.ShowOk;
        }
        await sender.ProveAddressAsync(identity, used!.Address);
        // A changed email takes effect now that its new address is proven.
        emailChange.Complete(identity, used.Address, http, flow.Id);
        flow.State = FlowStates.PassedChallenge;
        flow.IdentityId = identity.Id;
        audit.Add(AuditEvents.VerificationCompleted, http, identity.Id, flowId: flow.Id,
            details: new { method = Name, via = submitted.Trim().Length > 6 ? "link" : "code" });

        ui.Nodes.RemoveAll(n => n.Name != "csrf_token");
        var onward = flow.ReturnTo ?? settings.VerificationReturnUrl;
        ui.Nodes.Add(NodeFactory.Anchor(UiGroups.Code, "continue", onward, CodeMessages.ContinueLabel()));
        ui.AddMessage(VerificationMessages.Verified());
        return new MethodOutcome.ReturnToUi();
    }

    /// <summary>sent_email, in Kratos's order: hidden method, the code, "Continue", and "Resend code" carrying the address.</summary>
    private static void ShowCodeEntry(UiContainer ui, string address)
    {
        var csrf = ui.Find("csrf_token");
        ui.Nodes.Clear();
        ui.Nodes.Add(NodeFactory.Hidden(UiGroups.Code, "method", "code"));
        var code = NodeFactory.Input(UiGroups.Code, "code", "text", required: true, autocomplete: "one-time-code", label: VerificationMessages.CodeLabel());
        ui.Nodes.Add(code);
        ui.Nodes.Add(NodeFactory.Input(UiGroups.Code, "method", "submit", JsonValue.Create("code"), label: CodeMessages.ContinueLabel()));
        ui.Nodes.Add(csrf ?? NodeFactory.Csrf());
        ui.Nodes.Add(NodeFactory.Input(UiGroups.Code, "email", "submit", JsonValue.Create(address), label: CodeMessages.ResendLabel()));
    }
}
