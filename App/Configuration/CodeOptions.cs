using Microsoft.Extensions.Configuration;

namespace App.Configuration;

/// <summary>Kratos <c>selfservice.methods.code</c>: one-time codes (and, here, a link) sent by email.</summary>
public sealed class CodeMethodOptions
{
    [ConfigurationKeyName("enabled")] public bool Enabled { get; set; } = true;
    /// <summary>Sign in with an emailed code instead of a passkey ("Can't use passkey?").</summary>
    [ConfigurationKeyName("passwordless_enabled")] public bool PasswordlessEnabled { get; set; } = true;
    [ConfigurationKeyName("config")] public CodeConfig Config { get; set; } = new();
}

public sealed class CodeConfig
{
    /// <summary>How long an emailed code and link stay valid, as a Go duration. Default 15m.</summary>
    [ConfigurationKeyName("lifespan")] public string Lifespan { get; set; } = "15m";
    /// <summary>Code submissions one flow accepts before it is invalidated. Default 5.</summary>
    [ConfigurationKeyName("max_submissions")] public int MaxSubmissions { get; set; } = 5;
    /// <summary>
    /// What an address without an account receives: false (default) sends nothing; true sends an
    /// email saying no account uses that address. The page answers the same either way.
    /// </summary>
    [ConfigurationKeyName("notify_unknown_recipients")] public bool NotifyUnknownRecipients { get; set; }
    /// <summary>
    /// After signing in by email, the account must save a new passkey before anything else:
    /// <c>never</c>, <c>flagged</c> (default: identities whose admin metadata has
    /// <c>require_passkey_after_email_sign_in: true</c>) or <c>always</c>.
    /// </summary>
    [ConfigurationKeyName("require_passkey_after_sign_in")] public string RequirePasskeyAfterSignIn { get; set; } = "flagged";
    [ConfigurationKeyName("rate_limits")] public CodeRateLimits RateLimits { get; set; } = new();
}

/// <summary>Limits on sending and on trying codes; each counts within one sliding window.</summary>
public sealed class CodeRateLimits
{
    [ConfigurationKeyName("window")] public string Window { get; set; } = "15m";
    [ConfigurationKeyName("sends_per_address")] public int SendsPerAddress { get; set; } = 3;
    [ConfigurationKeyName("sends_per_ip")] public int SendsPerIp { get; set; } = 20;
    [ConfigurationKeyName("submissions_per_address")] public int SubmissionsPerAddress { get; set; } = 10;
    [ConfigurationKeyName("submissions_per_ip")] public int SubmissionsPerIp { get; set; } = 50;
}
