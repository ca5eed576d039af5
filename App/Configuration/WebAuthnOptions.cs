using Microsoft.Extensions.Configuration;

namespace App.Configuration;

/// <summary>
/// Kratos <c>selfservice.methods.webauthn</c>: security keys as a second factor. Off by default,
/// as in Kratos. Only <c>passwordless: false</c> is offered: signing in with a key alone is what
/// the passkey method is for.
/// </summary>
public sealed class WebAuthnMethodOptions
{
    [ConfigurationKeyName("enabled")] public bool Enabled { get; set; }
    [ConfigurationKeyName("config")] public WebAuthnConfig Config { get; set; } = new();
}

public sealed class WebAuthnConfig
{
    [ConfigurationKeyName("passwordless")] public bool? Passwordless { get; set; }
    /// <summary>Unset: the passkey method's relying party. One portal has one relying party.</summary>
    [ConfigurationKeyName("rp")] public WebAuthnRelyingPartyOptions? Rp { get; set; }
}

/// <summary>As <see cref="RelyingPartyOptions"/>, with every value optional so that an unset one means the passkey method's.</summary>
public sealed class WebAuthnRelyingPartyOptions
{
    [ConfigurationKeyName("id")] public string? Id { get; set; }
    [ConfigurationKeyName("display_name")] public string? DisplayName { get; set; }
    [ConfigurationKeyName("origins")] public List<string> Origins { get; set; } = [];
}

/// <summary>
/// Kratos's <c>required_aal</c> values: <c>aal1</c> accepts any session;
/// <c>highest_available</c> asks for the second factor of identities that have one.
/// </summary>
public static class RequiredAal
{
    public const string Aal1 = "aal1";
    public const string HighestAvailable = "highest_available";
}

public sealed class WhoAmIOptions
{
    /// <summary>Kratos's default is <c>highest_available</c>.</summary>
    [ConfigurationKeyName("required_aal")] public string RequiredAal { get; set; } = Configuration.RequiredAal.HighestAvailable;
    /// <summary>
    /// Not in Kratos: keep whoami's answers in memory (<see cref="Sessions.WhoAmICache"/>). Turn it
    /// off when several processes share one database.
    /// </summary>
    [ConfigurationKeyName("cache")] public bool Cache { get; set; } = true;
}
