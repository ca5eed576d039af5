using System.Text.Json;
using App.Data;

namespace App.Audit;

/// <summary>
/// Records security-relevant events. <see cref="Add"/> joins the caller's unit of work, so an event
/// is written exactly when the change it describes is.
/// </summary>
public sealed class AuditLog(PortalDbContext db, TimeProvider clock, ILogger<AuditLog> logger)
{
    public void Add(string type, HttpContext? http, Guid? identityId = null, Guid? sessionId = null, Guid? flowId = null, object? details = null)
    {
        var entry = new AuditEvent
        {
            At = clock.GetUtcNow().UtcDateTime,
            Type = type,
            IdentityId = identityId,
            Actor = AuditActor.Of(http, identityId),
            SessionId = sessionId,
            FlowId = flowId,
            IpAddress = http?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = http is null ? null : Truncate(http.Request.Headers.UserAgent.ToString()),
            Details = details is null ? null : JsonSerializer.Serialize(details),
        };
        db.AuditEvents.Add(entry);
        logger.LogInformation("audit {Type} identity={IdentityId} actor={Actor} flow={FlowId} {Details}", type, identityId, entry.Actor, flowId, entry.Details);
    }

    private static string? Truncate(string value) => value.Length == 0 ? null : value.Length <= 512 ? value : value[..512];
}

/// <summary>Event type names, stable for operators' queries.</summary>
public static class AuditEvents
{
    public const string RegistrationSucceeded = "registration.succeeded";
    public const string RegistrationFailed = "registration.failed";
    public const string LoginSucceeded = "login.succeeded";
    public const string LoginFailed = "login.failed";
    public const string LoginCodeSent = "login.code_sent";
    public const string RateLimited = "security.rate_limited";
    public const string SessionRevoked = "session.revoked";
    public const string AdminIdentityCreated = "admin.identity_created";
    public const string AdminIdentityUpdated = "admin.identity_updated";
    public const string AdminIdentityDeleted = "admin.identity_deleted";
    public const string AdminCredentialsDeleted = "admin.identity_credentials_deleted";
    public const string AdminSessionExtended = "admin.session_extended";
    /// <summary>A call to the admin API without a valid key (never with the key in the details).</summary>
    public const string AdminAuthenticationFailed = "admin.authentication_failed";
    /// <summary>An administrator signed in to the admin console with a passkey.</summary>
    public const string ConsoleSignedIn = "admin_console.signed_in";
    /// <summary>A console sign-in whose passkey did not verify, or whose identity cannot sign in.</summary>
    public const string ConsoleSignInRefused = "admin_console.sign_in_refused";
    /// <summary>Someone who is not an administrator (or no longer is) reached the console.</summary>
    public const string ConsoleNoAccess = "admin_console.no_access";
    public const string ConsoleSignedOut = "admin_console.signed_out";
    public const string SessionRefreshed = "session.refreshed";
    /// <summary>A browser finished a native app's flow and was sent back to the app with the return_to code.</summary>
    public const string SessionTokenExchangeIssued = "session.token_exchange_issued";
    /// <summary>An app traded the init code and the return_to code for its session token.</summary>
    public const string SessionTokenExchanged = "session.token_exchange_redeemed";
    /// <summary>An exchange with a known init code was refused; <c>failure</c> says why (wrong_code, not_finished, already_used, expired, …).</summary>
    public const string SessionTokenExchangeRefused = "session.token_exchange_refused";
    public const string SessionRestrictionLifted = "session.restriction_lifted";
    public const string PasskeyAdded = "settings.passkey_added";
    public const string PasskeyRemoved = "settings.passkey_removed";
    /// <summary>A passkey got a new name in settings; the old and the new one are in the details.</summary>
    public const string PasskeyRenamed = "settings.passkey_renamed";
    /// <summary>"Later" on "Save another passkey for a backup?"; <c>declines</c> counts them (asked again once, then never).</summary>
    public const string BackupPasskeyDeclined = "settings.backup_passkey_declined";
    public const string SettingsRefused = "settings.refused";
    public const string CsrfRejected = "security.csrf_rejected";
    /// <summary>Someone asked for a recovery email in a flow (the identity is named only when the address has an account).</summary>
    public const string RecoveryStarted = "recovery.started";
    /// <summary>A recovery email was put into the outbox (the first one of a flow, or a resend); withheld ones for unknown addresses too.</summary>
    public const string RecoveryCodeSent = "recovery.code_sent";
    /// <summary>A recovery code or link was used: the session it won may only save a new passkey.</summary>
    public const string RecoveryCompleted = "recovery.completed";
    /// <summary>A recovery code or link was wrong, used up, expired, or tried too often; <c>failure</c> says which.</summary>
    public const string RecoveryRefused = "recovery.refused";
    /// <summary>An administrator issued a recovery link or code, with the reason given and who gave it.</summary>
    public const string RecoveryIssued = "recovery.issued";
    /// <summary>Someone asked for a verification email in a flow (the identity is named only when the address has an account).</summary>
    public const string VerificationStarted = "verification.started";
    /// <summary>A verification email was put into the outbox (first or resend); withheld ones for unknown addresses too.</summary>
    public const string VerificationCodeSent = "verification.code_sent";
    /// <summary>An address was proven by its code or link.</summary>
    public const string VerificationCompleted = "verification.completed";
    /// <summary>A verification code or link was wrong, used up, expired, or tried too often; <c>failure</c> says which.</summary>
    public const string VerificationRefused = "verification.refused";
    /// <summary>A signed-in identity asked to change its email; the new address waits for its verification.</summary>
    public const string EmailChangeRequested = "settings.email_change_requested";
    /// <summary>A new email was verified and replaced the old one.</summary>
    public const string EmailChanged = "settings.email_changed";
    /// <summary>A new set of backup codes is in force ("I saved them"); any earlier set stopped working.</summary>
    public const string BackupCodesGenerated = "settings.backup_codes_generated";
    public const string BackupCodesDisabled = "settings.backup_codes_disabled";
    public const string BackupCodeUsed = "login.backup_code_used";
    public const string BackupCodeRefused = "login.backup_code_refused";
    public const string SecurityKeyAdded = "settings.security_key_added";
    public const string SecurityKeyRemoved = "settings.security_key_removed";
    /// <summary>A signed-in session proved its second factor with a security key and is now aal2.</summary>
    public const string SecondFactorSucceeded = "login.second_factor_succeeded";
    /// <summary>After a sign-in with a backup code, two or fewer are left.</summary>
    public const string BackupCodesLow = "security.backup_codes_low";
    /// <summary>An administrator imported a password hash (or a cleartext password, hashed on the way in).</summary>
    public const string PasswordImported = "admin.password_imported";
    /// <summary>An administrator imported passkeys made elsewhere (<c>count</c>, their <c>aaguids</c>) with a new identity.</summary>
    public const string PasskeysImported = "admin.passkeys_imported";
    /// <summary>A wrong password, or any password for an address without one (<c>reason</c> says which in the log only).</summary>
    public const string PasswordRefused = "login.password_refused";
    /// <summary>After a password sign-in, the stored hash was replaced by argon2id (<c>from</c>: the old format).</summary>
    public const string PasswordRehashed = "security.password_rehashed";
    /// <summary>The person disabled their password: the hash is gone and password sign-in is refused.</summary>
    public const string PasswordDisabled = "settings.password_disabled";
}
