using App.Localization;
using App.Audit;
using App.Configuration;
using App.Courier;
using App.Credentials.Codes;
using App.Data;
using App.Identities;
using App.KratosJson;
using App.Security;
using App.SelfService.Flows;
using App.SelfService.Ui;
using Microsoft.EntityFrameworkCore;

namespace App.SelfService.Methods.Code;

/// <summary>
/// "Can't use passkey?": sign in with one email that carries a one-time link (for this browser) and
/// a code (for any device). Kratos <c>strategy_login.go</c> with <c>passwordless_enabled</c>. The
/// answer, and the work done, are the same whether or not the address has an account.
/// </summary>
public sealed class CodeLogin(
    OneTimeCodes codes,
    IdentityDirectory directory,
    RateLimiter limiter,
    GuessLimits guesses,
    Outbox outbox,
    CourierTemplates templates,
    PortalSettings settings,
    PortalDbContext db,
    AuditLog audit,
    TimeProvider clock) : ILoginMethod
{
    public string Name => "code";
    public bool Enabled => settings.CodeLoginEnabled;
    private CodeRateLimits Limits => settings.Options.SelfService.Methods.Code.Config.RateLimits;

    public Task PopulateAsync(FlowContext context)
    {
        if (context.Ui.Find("identifier") is null)
            context.Ui.Upsert(NodeFactory.Input(UiGroups.Default, "identifier", "text", System.Text.Json.Nodes.JsonValue.Create(context.RefreshingIdentity?.Identifiers.FirstOrDefault()?.Value ?? ""),
                required: true, label: Messages.LabelEmail()));
        context.Ui.Upsert(CodeNodes.Send());
        return Task.CompletedTask;
    }

    public async Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission)
    {
        if (submission.Method != Name) return MethodOutcome.Skip;
        context.Flow.Active = Name;
        var sent = context.Flow.State == FlowStates.SentEmail;
        if (submission["resend"] == "code" && sent)
            return await SendAsync(context, await codes.LatestAddressAsync(context.Flow.Id));
        if (!sent)
            // On a refresh sign-in the email goes to the signed-in identity's address, whatever was typed.
            return await SendAsync(context, context.RefreshingIdentity?.Identifiers.FirstOrDefault()?.Value ?? submission["identifier"]);
        if (string.IsNullOrWhiteSpace(submission["code"]))
        {
            context.Ui.Find("code")?.Messages.Add(Messages.Required("code"));
            return MethodOutcome.Show;
        }
        return await VerifyAsync(context, submission["code"]!);
    }

    private async Task<MethodOutcome> SendAsync(FlowContext context, string? identifier)
    {
        var (flow, ui, http) = context;
        var typed = identifier?.Trim() ?? "";
        // Whatever is refused next, the form comes back with what was typed.
        if (ui.Find("identifier") is { } field && typed.Length <= 320) field.Attributes.Value = System.Text.Json.Nodes.JsonValue.Create(typed);
        if (typed.Length == 0 || !EmailAddress.IsValid(typed))
        {
            ui.Find("identifier")?.Messages.Add(typed.Length == 0 ? Messages.Required("identifier") : CodeMessages.NotAnEmail(typed));
            return MethodOutcome.Show;
        }
        var address = EmailAddress.Normalize(typed);
        if (await limiter.TryHitAsync(
                new RateLimit("code.send.address:" + await guesses.BucketKeyAsync(address), Limits.SendsPerAddress),
                new RateLimit("code.send.ip:" + RateLimiter.ClientIp(http), Limits.SendsPerIp)) is { } wait)
            return RateLimited(context, wait, "sending codes");

        var identity = await directory.FindByIdentifierAsync(address);
        var known = identity is { State: IdentityStates.Active };
        var issued = await codes.IssueAsync(flow.Id, address);
        var data = new Dictionary<string, string>
        {
            ["To"] = address,
            ["LoginCode"] = issued.Code,
            ["LoginURL"] = FlowEngine.UiLocation(settings, settings.Options.SelfService.Flows.Login.UiUrl, flow.Id) + "&link=" + issued.LinkToken,
            ["ExpiresInMinutes"] = ((int)Math.Ceiling(settings.CodeLifespan.TotalMinutes)).ToString(),
            ["BrandName"] = settings.BrandName,
        };
        if (known)
            outbox.Enqueue(templates.Render("login_code", "valid", data, Languages.Match(identity!.Locale) ?? Languages.Current), address, identity.Id);
        else if (settings.Options.SelfService.Methods.Code.Config.NotifyUnknownRecipients)
            outbox.Enqueue(templates.Render("login_code", "invalid", data, Languages.Current), address, null);
        else
            outbox.Withhold(templates.Render("login_code", "invalid", data, Languages.Current), address);
        audit.Add(AuditEvents.LoginCodeSent, http, known ? identity!.Id : null, flowId: flow.Id, details: new { method = Name });

        flow.State = FlowStates.SentEmail;
        CodeNodes.ShowCodeEntry(ui, address);
        ui.AddMessage(CodeMessages.Sent());
        return MethodOutcome.Show;
    }

    private async Task<MethodOutcome> VerifyAsync(FlowContext context, string submitted)
    {
        var (flow, ui, http) = context;
        var address = await codes.LatestAddressAsync(flow.Id) ?? "";
        if (await guesses.TryAsync(address, http) is { } wait)
            return RateLimited(context, wait, "trying codes");

        var (result, used) = submitted.Length > 128 ? (CodeCheck.Wrong, null) : await codes.UseAsync(flow.Id, submitted);
        var max = settings.Options.SelfService.Methods.Code.Config.MaxSubmissions;
        if (result == CodeCheck.Wrong && flow.SubmitCount + 1 >= max)
        {
            await codes.RetireAsync(flow.Id);
            result = CodeCheck.TooManyAttempts;
        }
        if (result == CodeCheck.TooManyAttempts)
        {
            audit.Add(AuditEvents.LoginFailed, http, flowId: flow.Id, details: new { method = Name, failure = "too_many_attempts" });
            ui.Nodes.RemoveAll(n => n.Name != "csrf_token");
            return new MethodOutcome.Refused(KratosErrors.BadRequest(CodeMessages.TooManyAttempts().Text), CodeMessages.TooManyAttempts());
        }

        var identity = used is null ? null : await directory.FindByIdentifierAsync(used.Address);
        if (identity is not { State: IdentityStates.Active })
        {
            audit.Add(AuditEvents.LoginFailed, http, flowId: flow.Id, details: new { method = Name, failure = "wrong_code" });
            ui.Find("code")?.Messages.Add(CodeMessages.Invalid());
            return MethodOutcome.Show;
        }
        // The email reached its owner: the address is proven (Kratos marks it verified too).
        var now = clock.GetUtcNow().UtcDateTime;
        await db.IdentityIdentifiers.Where(x => x.IdentityId == identity.Id && x.Value == used!.Address && !x.Verified)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Verified, true).SetProperty(x => x.VerifiedAt, now).SetProperty(x => x.UpdatedAt, now));
        foreach (var proven in identity.Identifiers.Where(x => x.Value == used!.Address && !x.Verified))
            (proven.Verified, proven.VerifiedAt) = (true, now);
        return new MethodOutcome.Authenticated(identity, Name, MustEnrolPasskey(identity) ? Sessions.SessionRestrictions.PasskeyEnrolmentRequired : null);
    }

    /// <summary>
    /// <c>require_passkey_after_sign_in</c>: always, never, or (default) for identities whose admin
    /// metadata says <c>require_passkey_after_email_sign_in: true</c>: high-value accounts.
    /// </summary>
    private bool MustEnrolPasskey(Identity identity) => settings.Options.SelfService.Methods.Code.Config.RequirePasskeyAfterSignIn switch
    {
        "always" => true,
        "never" => false,
        _ => identity.MetadataAdmin is { } metadata && IsFlagged(metadata),
    };

    private static bool IsFlagged(string metadata)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(metadata) is System.Text.Json.Nodes.JsonObject o
                && o["require_passkey_after_email_sign_in"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<bool>(out var flag) && flag;
        }
        catch (System.Text.Json.JsonException) { return false; }
    }

    private MethodOutcome RateLimited(FlowContext context, TimeSpan wait, string what)
    {
        audit.Add(AuditEvents.RateLimited, context.Http, flowId: context.Flow.Id, details: new { method = Name, what });
        return new MethodOutcome.Refused(KratosErrors.TooManyRequests($"Too many requests {what}; try again in {(int)Math.Ceiling(wait.TotalSeconds)} seconds.", wait),
            CodeMessages.RateLimited(wait), wait);
    }
}
