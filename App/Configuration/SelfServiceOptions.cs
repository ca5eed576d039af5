using Microsoft.Extensions.Configuration;

namespace App.Configuration;

public sealed class SelfServiceOptions
{
    /// <summary>Where a browser goes after a flow when no allowed <c>return_to</c> was given.</summary>
    [ConfigurationKeyName("default_browser_return_url")] public string DefaultBrowserReturnUrl { get; set; } = "http://localhost:4455/welcome";
    /// <summary>URLs that <c>return_to</c> may point at. A URL is allowed when scheme, host and port match and its path starts with the entry's path.</summary>
    [ConfigurationKeyName("allowed_return_urls")] public List<string> AllowedReturnUrls { get; set; } = [];
    [ConfigurationKeyName("methods")] public MethodsOptions Methods { get; set; } = new();
    [ConfigurationKeyName("flows")] public FlowsOptions Flows { get; set; } = new();
}

public sealed class MethodsOptions
{
    [ConfigurationKeyName("passkey")] public PasskeyMethodOptions Passkey { get; set; } = new();
    [ConfigurationKeyName("webauthn")] public WebAuthnMethodOptions WebAuthn { get; set; } = new();
    [ConfigurationKeyName("password")] public PasswordMethodOptions Password { get; set; } = new();
    [ConfigurationKeyName("profile")] public ToggleOptions Profile { get; set; } = new() { Enabled = true };
    [ConfigurationKeyName("code")] public CodeMethodOptions Code { get; set; } = new();
    /// <summary>Backup codes: a way back in for someone who lost every passkey. On by default here (Kratos: off).</summary>
    [ConfigurationKeyName("lookup_secret")] public ToggleOptions LookupSecret { get; set; } = new() { Enabled = true };
}

public sealed class ToggleOptions
{
    [ConfigurationKeyName("enabled")] public bool Enabled { get; set; }
}

public sealed class PasskeyMethodOptions
{
    [ConfigurationKeyName("enabled")] public bool Enabled { get; set; } = true;
    [ConfigurationKeyName("config")] public PasskeyConfig Config { get; set; } = new();
}

public sealed class PasskeyConfig
{
    [ConfigurationKeyName("rp")] public RelyingPartyOptions Rp { get; set; } = new();
    [ConfigurationKeyName("attestation")] public AttestationOptions Attestation { get; set; } = new();
    /// <summary>
    /// Not in Kratos: after a sign-in without a passkey, offer the browser to make one silently
    /// (WebAuthn L3 conditional create), where it says it can.
    /// </summary>
    [ConfigurationKeyName("automatic_upgrade")] public bool AutomaticUpgrade { get; set; } = true;
}

/// <summary>The WebAuthn Relying Party (https://www.w3.org/TR/webauthn-3/#relying-party).</summary>
public sealed class RelyingPartyOptions
{
    /// <summary>
    /// The RP ID (https://www.w3.org/TR/webauthn-3/#rp-id): a domain, never an IP address. It must be the
    /// host of every origin or a registrable suffix of it. Passkeys are bound to it for good: changing it
    /// strands every passkey already made. Default <c>localhost</c>, which fits the default base URL;
    /// any other host must set it.
    /// </summary>
    [ConfigurationKeyName("id")] public string? Id { get; set; } = "localhost";
    /// <summary>Shown by authenticators next to the account name.</summary>
    [ConfigurationKeyName("display_name")] public string DisplayName { get; set; } = "Identity";
    /// <summary>Origins (scheme://host[:port], no path) whose pages may run ceremonies. Default: the public base URL's origin.</summary>
    [ConfigurationKeyName("origins")] public List<string> Origins { get; set; } = [];
    /// <summary>
    /// Not in Kratos: origins of other sites that may use this RP ID's passkeys (WebAuthn L3 related
    /// origin requests, §5.11), published at <c>/.well-known/webauthn</c> and accepted in ceremonies.
    /// </summary>
    [ConfigurationKeyName("related_origins")] public List<string> RelatedOrigins { get; set; } = [];
}

public sealed class FlowsOptions
{
    [ConfigurationKeyName("login")] public FlowOptions Login { get; set; } = new() { UiUrl = "/login" };
    [ConfigurationKeyName("registration")] public RegistrationFlowOptions Registration { get; set; } = new() { UiUrl = "/registration" };
    [ConfigurationKeyName("settings")] public SettingsFlowOptions Settings { get; set; } = new() { UiUrl = "/settings" };
    [ConfigurationKeyName("recovery")] public RecoveryFlowOptions Recovery { get; set; } = new() { UiUrl = "/recovery" };
    [ConfigurationKeyName("verification")] public VerificationFlowOptions Verification { get; set; } = new() { UiUrl = "/verification" };
    [ConfigurationKeyName("error")] public FlowOptions Error { get; set; } = new() { UiUrl = "/error" };
    [ConfigurationKeyName("logout")] public LogoutFlowOptions Logout { get; set; } = new();
}

public class FlowOptions
{
    [ConfigurationKeyName("enabled")] public bool Enabled { get; set; } = true;
    /// <summary>The page that renders the flow. Relative URLs resolve against the public base URL.</summary>
    [ConfigurationKeyName("ui_url")] public string UiUrl { get; set; } = "/";
    /// <summary>How long a flow stays usable, as a Go duration (<c>1h</c>, <c>15m</c>). Default 1h.</summary>
    [ConfigurationKeyName("lifespan")] public string Lifespan { get; set; } = "1h";
}

public sealed class SettingsFlowOptions : FlowOptions
{
    /// <summary>
    /// How long after signing in a session may change settings; later, the user signs in again
    /// first (Kratos <c>privileged_session_max_age</c>). A session left open on a shared computer
    /// cannot then remove the owner's passkeys.
    /// </summary>
    [ConfigurationKeyName("privileged_session_max_age")] public string PrivilegedSessionMaxAge { get; set; } = "1h";
    /// <summary>Kratos's default: an identity with a second factor uses it before changing settings.</summary>
    [ConfigurationKeyName("required_aal")] public string RequiredAal { get; set; } = Configuration.RequiredAal.HighestAvailable;
}

/// <summary>
/// Kratos <c>selfservice.flows.recovery</c>: someone who lost every passkey gets back in by an
/// emailed link and code, and saves a new passkey. On here by default (Kratos has it off): without
/// it, a lost passkey needs an administrator.
/// </summary>
public sealed class RecoveryFlowOptions : FlowOptions
{
    /// <summary>The recovery method: <c>code</c> only (Kratos also knows the older <c>link</c>).</summary>
    [ConfigurationKeyName("use")] public string Use { get; set; } = "code";
    /// <summary>As <c>selfservice.methods.code.config.notify_unknown_recipients</c>, for recovery emails.</summary>
    [ConfigurationKeyName("notify_unknown_recipients")] public bool NotifyUnknownRecipients { get; set; }
}

/// <summary>
/// Kratos <c>selfservice.flows.verification</c>: proving an address by an emailed code or link. On
/// here by default (Kratos has it off): email is the only way back in without a passkey, and a
/// changed address takes effect only once it is proven.
/// </summary>
public sealed class VerificationFlowOptions : FlowOptions
{
    /// <summary>The verification method: <c>code</c> only (Kratos also knows the older <c>link</c>).</summary>
    [ConfigurationKeyName("use")] public string Use { get; set; } = "code";
    /// <summary>Whether an address without an account is told that someone tried to verify it.</summary>
    [ConfigurationKeyName("notify_unknown_recipients")] public bool NotifyUnknownRecipients { get; set; }
    [ConfigurationKeyName("after")] public AfterOptions After { get; set; } = new();
}

/// <summary>Kratos <c>selfservice.flows.registration</c>, with what runs after a passkey registration.</summary>
public sealed class RegistrationFlowOptions : FlowOptions
{
    /// <summary>
    /// <c>unified</c> (the default here): the traits and the passkey are sent in one submission, so
    /// no identity is ever half made. <c>profile_first</c> (Kratos's default): the traits are sent
    /// first with <c>method=profile</c>, then the passkey is made on a second screen; nothing is
    /// saved before that. See <see cref="RegistrationStyles"/>.
    /// </summary>
    [ConfigurationKeyName("style")] public string Style { get; set; } = RegistrationStyles.Unified;
    [ConfigurationKeyName("after")] public RegistrationAfterOptions After { get; set; } = new();
}

/// <summary>The values of <c>selfservice.flows.registration.style</c>.</summary>
public static class RegistrationStyles
{
    public const string Unified = "unified";
    public const string ProfileFirst = "profile_first";
}

public sealed class RegistrationAfterOptions
{
    [ConfigurationKeyName("passkey")] public AfterMethodOptions Passkey { get; set; } = new();
}

public sealed class AfterMethodOptions
{
    /// <summary>Kratos's hooks: <c>session</c> and <c>show_verification_ui</c>. Null (unset) means <c>[session]</c>.</summary>
    [ConfigurationKeyName("hooks")] public List<HookOptions>? Hooks { get; set; }
}

public sealed class HookOptions
{
    [ConfigurationKeyName("hook")] public string Hook { get; set; } = "";
}

public sealed class LogoutFlowOptions
{
    [ConfigurationKeyName("after")] public AfterOptions After { get; set; } = new();
}

public sealed class AfterOptions
{
    [ConfigurationKeyName("default_browser_return_url")] public string? DefaultBrowserReturnUrl { get; set; }
}
