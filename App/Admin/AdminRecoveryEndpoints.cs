using System.Text.Json;
using System.Text.Json.Nodes;
using App.Configuration;
using App.KratosJson;
using App.SelfService.Flows;

namespace App.Admin;

/// <summary>
/// Kratos's <c>POST /admin/recovery/link</c> and <c>POST /admin/recovery/code</c>, on the admin
/// listener only: read the body, ask <see cref="AdminRecovery"/>, answer in Kratos's shapes. Beyond
/// Kratos, a <c>reason</c> is required and an <c>admin_id</c> may name the person asking; other fields
/// are ignored, as Kratos ignores them.
/// </summary>
public static class AdminRecoveryEndpoints
{
    public static IEndpointRouteBuilder MapAdminRecovery(this IEndpointRouteBuilder app)
    {
        app.MapPost("/admin/recovery/link", async (HttpContext http, AdminRecovery recovery) =>
        {
            var (order, problem) = await ReadAsync(http);
            if (problem is not null) return Error(problem);
            var (issued, error) = await recovery.IssueLinkAsync(order!, http);
            return error is not null ? Error(error)
                : Results.Json(new { recovery_link = issued!.RecoveryLink, expires_at = issued.ExpiresAt }, KratosJsonOptions.Default);
        }).DisableAntiforgery();
        app.MapPost("/admin/recovery/code", async (HttpContext http, AdminRecovery recovery) =>
        {
            var (order, problem) = await ReadAsync(http);
            if (problem is not null) return Error(problem);
            var (issued, error) = await recovery.IssueCodeAsync(order!, http);
            return error is not null ? Error(error)
                : Results.Json(new { recovery_link = issued!.RecoveryLink, recovery_code = issued.RecoveryCode, expires_at = issued.ExpiresAt },
                    KratosJsonOptions.Default, statusCode: 201);
        }).DisableAntiforgery();
        return app;
    }

    /// <summary>The body as Kratos reads it (<c>createRecovery{Link,Code}ForIdentityBody</c>), with the portal's two fields.</summary>
    private static async Task<(RecoveryOrder?, ErrorEnvelope?)> ReadAsync(HttpContext http)
    {
        var (submission, problem) = await Submission.ReadAsync(http.Request);
        if (problem == "too_large") return (null, KratosErrors.TooLarge());
        if (submission?.Json is not { } body) return (null, KratosErrors.BadRequest(problem ?? "The request body must be a JSON object."));
        if (!Text(body, "identity_id", out var id) || !Guid.TryParse(id, out var identityId))
            return (null, KratosErrors.BadRequest("\"identity_id\" is required and must be a UUID."));
        TimeSpan? expiresIn = null;
        if (!Text(body, "expires_in", out var expires)) return (null, KratosErrors.BadRequest("\"expires_in\" must be a string such as \"1h\"."));
        if (expires is { Length: > 0 })
        {
            if (!TryParseSigned(expires, out var parsed) || parsed.Duration() > AdminRecovery.LongestLifespan)
                return (null, KratosErrors.BadRequest($"Unable to parse \"expires_in\" as a duration string (e.g. \"1h\", \"1m30s\", \"500ms\"): {expires}"));
            expiresIn = parsed;
        }
        if (!Text(body, "reason", out var reason)) return (null, KratosErrors.BadRequest("\"reason\" must be a string."));
        if (!Text(body, "admin_id", out var adminId)) return (null, KratosErrors.BadRequest("\"admin_id\" must be a string."));
        if (!Text(body, "flow_type", out var flowType)) return (null, KratosErrors.BadRequest("\"flow_type\" must be a string."));
        var returnTo = http.Request.Query["return_to"].ToString();
        return (new RecoveryOrder(identityId, reason, adminId is { Length: > 0 } ? adminId : null, expiresIn,
            flowType is { Length: > 0 } ? flowType : FlowTypes.Browser, returnTo.Length > 0 ? returnTo : null), null);
    }

    /// <summary>True when the field is absent, null or a string (its value then in <paramref name="value"/>).</summary>
    private static bool Text(JsonObject body, string name, out string? value)
    {
        value = null;
        if (body[name] is not { } node) return true;
        if (node.GetValueKind() != JsonValueKind.String) return false;
        value = node.GetValue<string>();
        return true;
    }

    /// <summary>Go durations may be negative (<c>-1h</c>); Kratos parses them and then refuses them as not in the future.</summary>
    private static bool TryParseSigned(string text, out TimeSpan value)
    {
        var negative = text.StartsWith('-');
        var ok = GoDuration.TryParse(negative || text.StartsWith('+') ? text[1..] : text, out value);
        if (negative) value = -value;
        return ok || text is "0";
    }

    private static IResult Error(ErrorEnvelope error) => Results.Json(error, KratosJsonOptions.Default, statusCode: error.Error.Code);
}
