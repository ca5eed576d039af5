using System.Globalization;
using App.Audit;
using App.Configuration;
using App.Credentials.Codes;
using App.Data;
using App.Identities;
using App.KratosJson;
using App.SelfService.Flows;
using App.SelfService.Flows.Recovery;
using App.SelfService.Methods.Code;
using App.SelfService.Ui;
using Microsoft.EntityFrameworkCore;

namespace App.Admin;

/// <summary>An administrator's request to let someone back in: whose account, why, and for how long.</summary>
/// <param name="AdminId">The person behind the tool, as the tool names them; the actor is who reached the admin API.</param>
/// <param name="FlowType"><c>browser</c>, or <c>api</c> for a code a native app submits.</param>
public sealed record RecoveryOrder(Guid IdentityId, string? Reason, string? AdminId = null, TimeSpan? ExpiresIn = null,
    string FlowType = FlowTypes.Browser, string? ReturnTo = null);

/// <summary>What the administrator hands over: the link, and the code when one was asked for.</summary>
public sealed record IssuedRecovery(Guid FlowId, string RecoveryLink, string? RecoveryCode, DateTime ExpiresAt);

/// <summary>
/// Recovery links and codes issued by an administrator (Kratos <c>createRecoveryLinkForIdentity</c>,
/// <c>createRecoveryCodeForIdentity</c>), for the admin API and later the admin console. Each needs
/// a reason, kept in the audit log with who asked. A link works once, in any browser, until it
/// expires, and ends in the same session as email recovery: one that may only save a new passkey.
/// </summary>
public sealed class AdminRecovery(
    FlowStore store,
    RecoveryFlow kind,
    OneTimeCodes codes,
    PortalDbContext db,
    PortalSettings settings,
    AuditLog audit)
{
    public const int MinimumReasonLength = 8;
    public const int MaximumReasonLength = 1000;
    private const int MaximumAdminIdLength = 200;
    /// <summary>Kratos's link lifespan; a code lasts as long as the code method's, as in Kratos.</summary>
    public static readonly TimeSpan DefaultLinkLifespan = TimeSpan.FromHours(1);
    /// <summary>Go's longest duration (2562047h47m16.854775807s, about 292 years); Kratos cannot parse a longer <c>expires_in</c>.</summary>
    public static readonly TimeSpan LongestLifespan = TimeSpan.FromTicks(long.MaxValue / 100);

    /// <summary>A link that opens the recovery page and completes it after one click.</summary>
    public Task<(IssuedRecovery? Issued, ErrorEnvelope? Error)> IssueLinkAsync(RecoveryOrder order, HttpContext http) =>
        IssueAsync(order with { FlowType = FlowTypes.Browser }, http, link: true);

    /// <summary>A code to read out, and the page's address to type it into.</summary>
    public Task<(IssuedRecovery? Issued, ErrorEnvelope? Error)> IssueCodeAsync(RecoveryOrder order, HttpContext http) =>
        IssueAsync(order, http, link: false);

    private async Task<(IssuedRecovery?, ErrorEnvelope?)> IssueAsync(RecoveryOrder order, HttpContext http, bool link)
    {
        if (Problem(order) is { } problem) return (null, problem);
        if (!kind.Enabled(settings)) return (null, kind.Disabled());
        var identity = await db.Identities.AsNoTracking().FirstOrDefaultAsync(i => i.Id == order.IdentityId);
        if (identity is null) return (null, KratosErrors.Make(404, "Unable to locate the resource", reason: "could not find identity"));
        if (identity.State != IdentityStates.Active)
            return (null, KratosErrors.BadRequest("The identity is inactive and could not sign in. Set its state to active first."));

        var lifespan = order.ExpiresIn ?? (link ? DefaultLinkLifespan : settings.CodeLifespan);
        var flow = store.New(FlowKinds.Recovery, order.FlowType, http, order.ReturnTo, lifespan, bindToBrowser: false);
        flow.State = FlowStates.SentEmail;
        flow.Active = "code";
        flow.IdentityId = identity.Id;
        var ui = new UiContainer { Action = store.ActionUrl(flow) };
        // Kratos's admin flows skip CSRF; here a browser still proves the submission is its own.
        ui.Nodes.Add(NodeFactory.Csrf());
        CodeNodes.ShowRecoveryCodeEntry(ui, address: null);
        store.WriteUi(flow, ui);
        // A link alone has no six digits: nobody can guess their way into a flow meant for a link.
        var issued = await codes.IssueAsync(flow.Id, "", lifespan, withCode: !link);
        audit.Add(AuditEvents.RecoveryIssued, http, identity.Id, flowId: flow.Id, details: new
        {
            kind = link ? "link" : "code",
            reason = order.Reason!.Trim(),
            admin_id = order.AdminId,
            flow_type = order.FlowType,
            expires_at = flow.ExpiresAt,
        });
        await store.SaveAsync();

        var recoveryLink = link
            ? settings.PublicUrl($"self-service/recovery?flow={flow.Id}&token={issued.LinkToken}")
            : FlowEngine.UiLocation(settings, kind.UiUrl(settings), flow.Id);
        return (new IssuedRecovery(flow.Id, recoveryLink, link ? null : issued.Code, DateTime.SpecifyKind(flow.ExpiresAt, DateTimeKind.Utc)), null);
    }

    private ErrorEnvelope? Problem(RecoveryOrder order)
    {
        var reason = order.Reason?.Trim() ?? "";
        if (reason.Length < MinimumReasonLength)
            return KratosErrors.BadRequest($"A reason of at least {MinimumReasonLength} characters is required: say why this account is being recovered, for the audit log.");
        if (reason.Length > MaximumReasonLength)
            return KratosErrors.BadRequest($"The reason is longer than {MaximumReasonLength} characters.");
        if (order.AdminId is { Length: > MaximumAdminIdLength })
            return KratosErrors.BadRequest($"\"admin_id\" is longer than {MaximumAdminIdLength} characters.");
        if (order.ExpiresIn is { } lifespan && lifespan <= TimeSpan.Zero)
            return KratosErrors.BadRequest($"Value from \"expires_in\" must result to a future time: {GoText(lifespan)}");
        if (order.ExpiresIn > LongestLifespan)
            return KratosErrors.BadRequest($"\"expires_in\" may be at most {GoText(LongestLifespan)}.");
        if (order.FlowType is not (FlowTypes.Browser or FlowTypes.Api))
            return KratosErrors.BadRequest($"\"flow_type\" must be \"browser\" or \"api\", not \"{order.FlowType}\".");
        if (order.ReturnTo is { Length: > 0 } returnTo && !ReturnUrls.IsAllowed(settings, returnTo))
            return KratosErrors.ReturnToForbidden(returnTo);
        return null;
    }

    /// <summary>A duration as Go writes it (<c>-1h0m0s</c>, <c>1m30s</c>, <c>500ms</c>), for Kratos's wording.</summary>
    public static string GoText(TimeSpan value)
    {
        var sign = value < TimeSpan.Zero ? "-" : "";
        var d = value.Duration();
        if (d == TimeSpan.Zero) return "0s";
        if (d < TimeSpan.FromSeconds(1)) return sign + d.TotalMilliseconds.ToString("0.######", CultureInfo.InvariantCulture) + "ms";
        var seconds = (d.Seconds + d.Milliseconds / 1000.0).ToString("0.###", CultureInfo.InvariantCulture) + "s";
        var hours = (long)d.TotalHours;
        return sign + (hours > 0 ? $"{hours}h{d.Minutes}m{seconds}" : d.Minutes > 0 ? $"{d.Minutes}m{seconds}" : seconds);
    }
}
