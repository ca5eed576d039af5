using App.Configuration;
using App.Credentials.Passwords;
using App.Data;
using Microsoft.EntityFrameworkCore;

namespace App.SelfService.Methods.Password;

/// <summary>What a legacy account is asked about its password, after a password sign-in and in settings.</summary>
public enum PasswordAsk
{
    /// <summary>Nothing: no password, or a passkey saved too recently to offer dropping the password.</summary>
    None,
    /// <summary>No passkey yet: "Switch to passwordless sign-in?".</summary>
    SavePasskey,
    /// <summary>A passkey for <c>offer_disable_after</c> already: "Disable password?".</summary>
    DisablePassword,
}

/// <summary>
/// Decides the nudge from passkeys to passwords: save a passkey while there is none, and once the
/// first passkey is <c>selfservice.methods.password.config.offer_disable_after</c> old, drop the password.
/// </summary>
public sealed class PasswordNudge(PortalDbContext db, PasswordStore passwords, PortalSettings settings, TimeProvider clock)
{
    /// <summary>The page that asks, for a browser that just signed in with a password.</summary>
    public const string PagePath = "/passwordless";

    public TimeSpan OfferDisableAfter =>
        GoDuration.TryParseWithDays(settings.Options.SelfService.Methods.Password.Config.OfferDisableAfter, out var after) ? after : TimeSpan.FromDays(30);

    public async Task<PasswordAsk> AskAsync(Guid identityId)
    {
        if (!await passwords.HasPasswordAsync(identityId)) return PasswordAsk.None;
        var first = await db.Passkeys.Where(p => p.IdentityId == identityId).OrderBy(p => p.CreatedAt).Select(p => (DateTime?)p.CreatedAt).FirstOrDefaultAsync();
        if (first is null) return PasswordAsk.SavePasskey;
        return clock.GetUtcNow().UtcDateTime - first.Value >= OfferDisableAfter ? PasswordAsk.DisablePassword : PasswordAsk.None;
    }

    /// <summary>Where the browser goes after a password sign-in: the page that asks, or null to go straight on.</summary>
    public async Task<string?> NextPageAsync(Guid identityId, string? returnTo) =>
        await AskAsync(identityId) == PasswordAsk.None ? null
            : settings.PublicUrl(PagePath) + (returnTo is { Length: > 0 } then ? "?return_to=" + Uri.EscapeDataString(then) : "");
}
