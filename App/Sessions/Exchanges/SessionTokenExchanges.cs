using System.Security.Cryptography;
using App.Audit;
using App.Configuration;
using App.Data;
using App.KratosJson;
using App.SelfService.Flows;
using Microsoft.EntityFrameworkCore;

namespace App.Sessions.Exchanges;

/// <summary>
/// Kratos's session token exchange for native apps: an api flow created with
/// <c>return_session_token_exchange_code=true</c> is finished in a browser, which is sent back to
/// the app's return_to with a code; the app trades that code and the flow's init code for the
/// session token, once.
/// </summary>
public sealed class SessionTokenExchanges(PortalDbContext db, TimeProvider clock, AuditLog audit, PortalSettings settings)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Adds the exchange of a flow being created to the unit of work; the init code is shown only now.</summary>
    public string Begin(Flow flow)
    {
        var code = ExchangeCodes.New();
        db.SessionTokenExchanges.Add(new SessionTokenExchange { FlowId = flow.Id, InitCodeHash = ExchangeCodes.Hash(code), ExpiresAt = flow.ExpiresAt });
        return code;
    }

    /// <summary>Whether a browser may finish this api flow for an app: it has an exchange still waiting for its session.</summary>
    public async Task<bool> AwaitsBrowserAsync(Flow flow) =>
        flow.Type == FlowTypes.Api && await db.SessionTokenExchanges.AnyAsync(e => e.FlowId == flow.Id && e.SessionId == null);

    /// <summary>
    /// Binds the session a browser won to the flow's exchange, in the caller's unit of work, and
    /// gives the return_to with the new return_to code; null when the flow has no waiting exchange.
    /// </summary>
    public async Task<string?> HandOverAsync(Flow flow, Session session, HttpContext http)
    {
        if (flow.Type != FlowTypes.Api || flow.ReturnTo is null) return null;
        var exchange = await db.SessionTokenExchanges.FirstOrDefaultAsync(e => e.FlowId == flow.Id && e.SessionId == null);
        if (exchange is null) return null;
        var code = ExchangeCodes.New();
        exchange.SessionId = session.Id;
        exchange.ReturnToCodeHash = ExchangeCodes.Hash(code);
        audit.Add(AuditEvents.SessionTokenExchangeIssued, http, session.IdentityId, session.Id, flow.Id);
        return WithCode(ReturnUrls.Resolve(settings, flow.ReturnTo), code);
    }

    /// <summary>return_to with <c>code</c> set, keeping its own query, as Kratos's <c>q.Set("code", …)</c> does.</summary>
    private static string WithCode(string returnTo, string code)
    {
        var uri = new Uri(returnTo);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query);
        query.Remove("code");
        var rest = string.Join("&", query.SelectMany(p => p.Value.Select(v => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(v ?? ""))));
        var builder = new UriBuilder(uri) { Query = (rest.Length > 0 ? rest + "&" : "") + "code=" + code };
        return builder.Uri.AbsoluteUri;
    }

    /// <summary>
    /// Trades both codes for the session token. Only the holder of both learns more than 404: a used
    /// or expired exchange is 410. The session's token is made anew here, since only hashes are
    /// stored: the one it was issued with was never given to anyone.
    /// </summary>
    public async Task<IResult> RedeemAsync(HttpContext http)
    {
        var (initCode, returnToCode) = (http.Request.Query["init_code"].ToString(), http.Request.Query["return_to_code"].ToString());
        if (initCode.Length == 0 || returnToCode.Length == 0)
            return Answer(KratosErrors.BadRequest("\"init_code\" and \"return_to_code\" query params must be set"));
        if (!ExchangeCodes.IsWellFormed(initCode) || !ExchangeCodes.IsWellFormed(returnToCode)) return Answer(NoSessionYet());
        var initHash = ExchangeCodes.Hash(initCode);
        var exchange = await db.SessionTokenExchanges.AsNoTracking().FirstOrDefaultAsync(e => e.InitCodeHash == initHash);
        // An unknown init code is not audited: it names no flow, and anyone can send one.
        if (exchange is null) return Answer(NoSessionYet());
        if (exchange.ReturnToCodeHash is null || !CryptographicOperations.FixedTimeEquals(ExchangeCodes.Hash(returnToCode), exchange.ReturnToCodeHash))
            return await RefuseAsync(http, exchange, exchange.SessionId is null ? "not_finished" : "wrong_code", NoSessionYet());
        if (exchange.ExpiresAt <= Now) return await RefuseAsync(http, exchange, "expired", Gone("expired"));

        var token = SessionTokens.NewSessionToken();
        var now = Now;
        await using var transaction = await db.Database.BeginTransactionAsync();
        // The compare-and-swap is the only check of use, so a second exchange, later or at the same
        // moment, is refused the same way: only one request sees the row unused.
        var won = await db.SessionTokenExchanges.Where(e => e.Id == exchange.Id && e.UsedAt == null && e.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.UsedAt, now)) == 1;
        if (!won)
        {
            await transaction.RollbackAsync();
            return await RefuseAsync(http, exchange, "already_used", Gone("already been exchanged"));
        }
        var hash = SessionTokens.Hash(token);
        var rotated = await db.Sessions.Where(s => s.Id == exchange.SessionId && s.Active && s.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.TokenHash, hash)) == 1;
        if (!rotated)
        {
            await transaction.RollbackAsync();
            return await RefuseAsync(http, exchange, "session_ended", Gone("ended: its session was signed out or expired"));
        }
        var session = await db.Sessions.AsNoTracking().Include(s => s.Identity).ThenInclude(i => i!.Identifiers).SingleAsync(s => s.Id == exchange.SessionId);
        if (session.Identity?.State != Identities.IdentityStates.Active)
        {
            await transaction.RollbackAsync();
            return await RefuseAsync(http, exchange, "identity_inactive", Gone("ended: its identity can no longer sign in"));
        }
        audit.Add(AuditEvents.SessionTokenExchanged, http, session.IdentityId, session.Id, exchange.FlowId);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return Results.Json(new SuccessJson { Session = SessionJson.From(session, session.Identity, settings), SessionToken = token }, KratosJsonOptions.Default);
    }

    private async Task<IResult> RefuseAsync(HttpContext http, SessionTokenExchange exchange, string failure, ErrorEnvelope error)
    {
        audit.Add(AuditEvents.SessionTokenExchangeRefused, http, sessionId: exchange.SessionId, flowId: exchange.FlowId, details: new { failure });
        await db.SaveChangesAsync();
        return Answer(error);
    }

    /// <summary>Kratos's answer to any pair of codes it cannot trade (<c>session/handler.go</c> exchangeCode).</summary>
    private static ErrorEnvelope NoSessionYet() => KratosErrors.NotFound("no session yet for this \"code\"");

    private static ErrorEnvelope Gone(string what) =>
        KratosErrors.Make(410, "The requested resource is no longer available", reason: $"This session token exchange has {what}.");

    private static IResult Answer(ErrorEnvelope error) => Results.Json(error, KratosJsonOptions.Default, statusCode: error.Error.Code);
}
