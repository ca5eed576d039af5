using System.Security.Cryptography;
using App.Configuration;
using App.Data;
using App.Security;
using Microsoft.EntityFrameworkCore;

namespace App.Credentials.Codes;

/// <summary>A freshly made code and link token, in clear: they go into one email and nowhere else.</summary>
public sealed record IssuedCode(OneTimeCode Row, string Code, string LinkToken);

public enum CodeCheck { Accepted, Wrong, TooManyAttempts }

/// <summary>
/// Makes, checks and uses the one-time codes and links of a flow (Kratos <c>persister_code.go</c>):
/// random, stored as HMACs, compared in constant time, used at most once by a compare-and-swap,
/// expiring after <c>selfservice.methods.code.config.lifespan</c>, and at most
/// <c>max_submissions</c> tries per flow.
/// </summary>
public sealed class OneTimeCodes(PortalDbContext db, Secrets secrets, PortalSettings settings, TimeProvider clock)
{
    // Named when sign-in was their only use; recovery's codes share them, kept apart by the flow id they are bound to.
    private const string CodePurpose = "login_code";
    private const string LinkPurpose = "login_link";

    /// <summary>Makes a new code for the flow and retires its earlier ones, so only the newest email works.</summary>
    /// <param name="address">Where the code goes; empty when an administrator hands it over instead.</param>
    /// <param name="lifespan">How long it works; by default <c>selfservice.methods.code.config.lifespan</c>.</param>
    /// <param name="withCode">False for a link alone: no six digits then exist that could be guessed.</param>
    public async Task<IssuedCode> IssueAsync(Guid flowId, string address, TimeSpan? lifespan = null, bool withCode = true)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.OneTimeCodes.Where(c => c.FlowId == flowId && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now));
        var code = withCode ? RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6") : Base64UrlToken(32);
        var link = Base64UrlToken(32);
        var row = new OneTimeCode
        {
            FlowId = flowId,
            Address = address,
            CodeHmac = await secrets.HmacAsync(CodePurpose, Bind(flowId, code)),
            LinkHmac = await secrets.HmacAsync(LinkPurpose, Bind(flowId, link)),
            ExpiresAt = now + (lifespan ?? settings.CodeLifespan),
            CreatedAt = now,
        };
        db.OneTimeCodes.Add(row);
        return new IssuedCode(row, withCode ? code : "", link);
    }

    /// <summary>The address the flow's latest code went to, if one was sent.</summary>
    public Task<string?> LatestAddressAsync(Guid flowId) =>
        db.OneTimeCodes.AsNoTracking().Where(c => c.FlowId == flowId)
            .OrderByDescending(c => c.CreatedAt).Select(c => c.Address).FirstOrDefaultAsync();

    /// <summary>
    /// Counts the try against the flow first (so parallel guesses cannot exceed the limit), then
    /// looks for an unused, unexpired code or link of this flow that matches, and uses it.
    /// </summary>
    public async Task<(CodeCheck Result, OneTimeCode? Used)> UseAsync(Guid flowId, string submitted)
    {
        var max = settings.Options.SelfService.Methods.Code.Config.MaxSubmissions;
        var counted = await db.Flows.Where(f => f.Id == flowId && f.SubmitCount < max)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.SubmitCount, f => f.SubmitCount + 1));
        if (counted != 1)
        {
            await RetireAsync(flowId);
            return (CodeCheck.TooManyAttempts, null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var candidates = await db.OneTimeCodes.AsNoTracking()
            .Where(c => c.FlowId == flowId && c.UsedAt == null && c.ExpiresAt > now).ToListAsync();
        var value = submitted.Trim();
        foreach (var candidate in candidates)
        {
            var matches = await secrets.MatchesAsync(CodePurpose, Bind(flowId, value), candidate.CodeHmac)
                | await secrets.MatchesAsync(LinkPurpose, Bind(flowId, value), candidate.LinkHmac);
            if (!matches) continue;
            var used = await db.OneTimeCodes
                .Where(c => c.Id == candidate.Id && c.UsedAt == null && c.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now));
            return used == 1 ? (CodeCheck.Accepted, candidate) : (CodeCheck.Wrong, null);
        }
        return (CodeCheck.Wrong, null);
    }

    /// <summary>Ends every open code of the flow: after too many tries nothing sent for it may work.</summary>
    public Task RetireAsync(Guid flowId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.OneTimeCodes.Where(c => c.FlowId == flowId && c.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now));
    }

    // The flow id is part of what is signed, so a code can never be replayed into another flow even
    // if rows were ever looked up more widely.
    private static string Bind(Guid flowId, string value) => flowId.ToString("N") + ":" + value;

    private static string Base64UrlToken(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
