using System.Security.Cryptography;
using System.Text.Json.Nodes;
using App.Audit;
using App.Ceremonies;
using App.Configuration;
using App.Data;
using App.Identities;
using App.SelfService.Flows;

namespace App.Admin.Console;

/// <summary>How a console sign-in ended.</summary>
public enum ConsoleSignInResult
{
    Admitted,
    /// <summary>The passkey verified, but its identity is not an administrator.</summary>
    NoAccess,
    /// <summary>The passkey did not verify, its identity cannot sign in, or the form came from another browser.</summary>
    Refused,
    /// <summary>No usable challenge: unknown, used already, or too old.</summary>
    Expired,
}

/// <summary>
/// The console's passkey sign-in. Its challenge lives on a flow of its own kind, which no public
/// endpoint loads: server-side, bound to the browser that asked for it, single-use and expiring
/// (<see cref="CeremonyService"/>). The response must come from the console's origin.
/// </summary>
public sealed class ConsoleSignIn(
    [FromKeyedServices(ConsoleCeremonies.Key)] CeremonyService ceremonies,
    PortalDbContext db,
    PortalSettings settings,
    TimeProvider clock,
    ConsoleAccess access,
    ConsoleSessions sessions,
    AuditLog audit)
{
    public const string FlowKind = "admin_console";
    public const string BindingCookie = "portal_admin_console_csrf";
    private const int BindingLength = 32;

    /// <summary>A new challenge for this browser: the flow's id and the <c>{"publicKey": …}</c> request options.</summary>
    public async Task<(Guid FlowId, string Options)> BeginAsync(HttpContext http)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var flow = new Flow
        {
            Kind = FlowKind,
            Type = FlowTypes.Browser,
            IssuedAt = now,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now + CeremonyService.Lifetime,
            RequestUrl = settings.ConsoleOrigin + "/admin/sign-in",
            CsrfHash = SHA256.HashData(EnsureBinding(http)),
        };
        db.Flows.Add(flow);
        var options = await ceremonies.BeginLoginAsync(flow, identity: null);
        await db.SaveChangesAsync();
        return (flow.Id, new JsonObject { ["publicKey"] = options }.ToJsonString());
    }

    /// <summary>Verifies the browser's answer; an administrator gets a console session and its cookie.</summary>
    public async Task<ConsoleSignInResult> CompleteAsync(HttpContext http, string? flowId, string? credential)
    {
        if (!Guid.TryParse(flowId, out var id)) return ConsoleSignInResult.Expired;
        var flow = await db.Flows.FindAsync(id);
        if (flow is null || flow.Kind != FlowKind) return ConsoleSignInResult.Expired;
        if (!Bound(http, flow)) return await RefuseAsync(http, flow, null, CeremonyFailure.Rejected, "The sign-in was started in another browser.");

        var outcome = await ceremonies.CompleteLoginAsync(flow, credential ?? "");
        if (outcome.Failure is CeremonyFailure.NoPendingChallenge or CeremonyFailure.Expired) return ConsoleSignInResult.Expired;
        if (!outcome.Succeeded) return await RefuseAsync(http, flow, null, outcome.Failure, outcome.Reason ?? "");
        var identity = outcome.Identity!;
        if (identity.State != IdentityStates.Active) return await RefuseAsync(http, flow, identity.Id, CeremonyFailure.Rejected, "The identity is not active.");

        outcome.Passkey!.LastUsedAt = clock.GetUtcNow().UtcDateTime;
        flow.IdentityId = identity.Id;
        if (!access.IsAdministrator(identity))
        {
            audit.Add(AuditEvents.ConsoleNoAccess, http, identity.Id, flowId: flow.Id, details: new { when = "sign_in" });
            await db.SaveChangesAsync();
            return ConsoleSignInResult.NoAccess;
        }
        var (session, token) = sessions.Issue(identity.Id, http);
        audit.Add(AuditEvents.ConsoleSignedIn, http, identity.Id, flowId: flow.Id, details: new { console_session = session.Id });
        await db.SaveChangesAsync();
        sessions.SetCookie(http, token);
        return ConsoleSignInResult.Admitted;
    }

    private async Task<ConsoleSignInResult> RefuseAsync(HttpContext http, Flow flow, Guid? identityId, CeremonyFailure failure, string reason)
    {
        if (identityId is null) AuditActor.SetAnonymous(http);
        audit.Add(AuditEvents.ConsoleSignInRefused, http, identityId, flowId: flow.Id, details: new { failure = failure.ToString(), reason });
        await db.SaveChangesAsync();
        return ConsoleSignInResult.Refused;
    }

    /// <summary>The browser's binding secret, made now if it has none: the form can be completed only where it was opened.</summary>
    private byte[] EnsureBinding(HttpContext http)
    {
        if (ReadBinding(http) is { } existing) return existing;
        var secret = RandomNumberGenerator.GetBytes(BindingLength);
        http.Response.Cookies.Append(BindingCookie, Base64Url.Encode(secret), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = settings.SecureConsoleCookies,
            Path = "/admin",
        });
        return secret;
    }

    private static byte[]? ReadBinding(HttpContext http) =>
        Base64Url.TryDecode(http.Request.Cookies[BindingCookie], out var secret) && secret.Length == BindingLength ? secret : null;

    private static bool Bound(HttpContext http, Flow flow) =>
        ReadBinding(http) is { } secret && flow.CsrfHash is { } hash && CryptographicOperations.FixedTimeEquals(SHA256.HashData(secret), hash);
}
