using Microsoft.Extensions.Configuration;

namespace App.Configuration;

/// <summary>Beyond Kratos: what the administrators have on the admin listener besides its API.</summary>
public sealed class AdminOptions
{
    [ConfigurationKeyName("console")] public AdminConsoleOptions Console { get; set; } = new();
}

/// <summary>
/// The admin console at <c>/admin</c> on the admin listener. Administrators sign in with a passkey
/// on <c>serve.admin.base_url</c>, which <c>rp.id</c> must cover.
/// </summary>
public sealed class AdminConsoleOptions
{
    /// <summary>
    /// Serve the console; it needs passkeys (<c>selfservice.methods.passkey.enabled</c>). Unset, it is
    /// served when rp.id covers its origin and otherwise left off with a warning, so a configuration
    /// written for Kratos starts as it did. <c>true</c> makes an origin rp.id does not cover a start-up
    /// error; <c>false</c> turns it off.
    /// </summary>
    [ConfigurationKeyName("enabled")] public bool? Enabled { get; set; }
    /// <summary>
    /// Addresses whose identities are administrators, besides identities whose <c>metadata_admin</c>
    /// has <c>"roles": ["admin"]</c>. The address is matched as sign-in normalises it.
    /// </summary>
    [ConfigurationKeyName("identities")] public List<string> Identities { get; set; } = [];
}
