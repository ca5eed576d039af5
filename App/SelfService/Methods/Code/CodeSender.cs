using App.Audit;
using App.Configuration;
using App.Courier;
using App.Credentials.Codes;
using App.Data;
using App.Identities;
using App.KratosJson;
using App.Localization;
using App.Security;
using App.SelfService.Flows;
using Microsoft.EntityFrameworkCore;

namespace App.SelfService.Methods.Code;

/// <summary>
/// What signing in and recovering by email share (Kratos <c>code_sender.go</c>): the limits on
/// sending and on trying codes, the email with its code and link, and the check of a code typed or
/// a link followed. Both flows count against the same limits, so asking through one leaves no more
/// room in the other.
/// </summary>
public sealed class CodeSender(
    OneTimeCodes codes,
    RateLimiter limiter,
    GuessLimits guesses,
    Outbox outbox,
    CourierTemplates templates,
    PortalSettings settings,
    PortalDbContext db,
    AuditLog audit,
    TimeProvider clock)
{
    private CodeConfig Config => settings.Options.SelfService.Methods.Code.Config;

    /// <summary>Null when another email may go to <paramref name="address"/> from this client; else the refusal.</summary>
    public async Task<MethodOutcome?> LimitSendingAsync(FlowContext context, string address) =>
        await limiter.TryHitAsync(
            new RateLimit("code.send.address:" + await guesses.BucketKeyAsync(address), Config.RateLimits.SendsPerAddress),
            new RateLimit("code.send.ip:" + RateLimiter.ClientIp(context.Http), Config.RateLimits.SendsPerIp)) is { } wait
            ? RateLimited(context, wait, "sending codes")
            : null;

    /// <summary>Null when another code may be tried for <paramref name="subject"/> (an address, or an identity) from this client.</summary>
    public async Task<MethodOutcome?> LimitTryingAsync(FlowContext context, string subject) =>
        await guesses.TryAsync(subject, context.Http) is { } wait ? RateLimited(context, wait, "trying codes") : null;

    /// <summary>
    /// Issues the flow's code and link and puts the email into the outbox: the <c>valid</c> template
    /// to an account's address, in its owner's language; the <c>invalid</c> one, without a code, to
    /// any other address, sent when <paramref name="notifyUnknown"/> and otherwise written and
    /// withheld, so the work done is the same either way.
    /// </summary>
    /// <param name="values">The template's own values (the code and the link under its names).</param>
    public async Task SendAsync(Flow flow, string address, Identity? owner, string template, bool notifyUnknown,
        Func<IssuedCode, Dictionary<string, string>> values)
    {
        var issued = await codes.IssueAsync(flow.Id, address);
        var data = values(issued);
        data["To"] = address;
        data["ExpiresInMinutes"] = ((int)Math.Ceiling(settings.CodeLifespan.TotalMinutes)).ToString();
        data["BrandName"] = settings.BrandName;
        if (owner is not null)
            outbox.Enqueue(templates.Render(template, "valid", data, Languages.Match(owner.Locale) ?? Languages.Current), address, owner.Id);
        else if (notifyUnknown)
            outbox.Enqueue(templates.Render(template, "invalid", data, Languages.Current), address, null);
        else
            outbox.Withhold(templates.Render(template, "invalid", data, Languages.Current), address);
    }

    /// <summary>
    /// Uses the flow's code or link token, once. A wrong one counts against <c>max_submissions</c>;
    /// at the limit every open code of the flow is retired, so even the right one no longer works.
    /// </summary>
    public async Task<(CodeCheck Result, OneTimeCode? Used)> UseAsync(Flow flow, string submitted)
    {
        var (result, used) = submitted.Length > 128 ? (CodeCheck.Wrong, null) : await codes.UseAsync(flow.Id, submitted);
        if (result == CodeCheck.Wrong && flow.SubmitCount + 1 >= Config.MaxSubmissions)
        {
            await codes.RetireAsync(flow.Id);
            result = CodeCheck.TooManyAttempts;
        }
        return (result, used);
    }

    /// <summary>The email reached its owner, who used its code or link: the address is proven (Kratos marks it verified too).</summary>
    public async Task ProveAddressAsync(Identity identity, string address)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.IdentityIdentifiers.Where(x => x.IdentityId == identity.Id && x.Value == address && !x.Verified)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Verified, true).SetProperty(x => x.VerifiedAt, now).SetProperty(x => x.UpdatedAt, now));
        foreach (var proven in identity.Identifiers.Where(x => x.Value == address && !x.Verified))
            (proven.Verified, proven.VerifiedAt, proven.UpdatedAt) = (true, now, now);
    }

    /// <summary>Too many wrong codes: the form keeps nothing to type into, and says to ask for a new email.</summary>
    public static MethodOutcome TooManyAttempts(FlowContext context)
    {
        context.Ui.Nodes.RemoveAll(n => n.Name != "csrf_token");
        return new MethodOutcome.Refused(KratosErrors.BadRequest(CodeMessages.TooManyAttempts().Text), CodeMessages.TooManyAttempts());
    }

    private MethodOutcome RateLimited(FlowContext context, TimeSpan wait, string what)
    {
        audit.Add(AuditEvents.RateLimited, context.Http, flowId: context.Flow.Id, details: new { method = "code", flow = context.Flow.Kind, what });
        return new MethodOutcome.Refused(KratosErrors.TooManyRequests($"Too many requests {what}; try again in {(int)Math.Ceiling(wait.TotalSeconds)} seconds.", wait),
            CodeMessages.RateLimited(wait), wait);
    }
}
