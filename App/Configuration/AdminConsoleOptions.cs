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
    /// <summary>Serve the console. Default true; it needs passkeys (<c>selfservice.methods.passkey.enabled</c>).</summary>
    [ConfigurationKeyName("enabled")] public bool Enabled { get; set; } = true;
    /// <summary>
    /// Addresses whose identities are administrators, besides identities whose <c>metadata_admin</c>
    /// has <c>"roles": ["admin"]</c>. The address is matched as sign-in normalises it.
    /// </summary>
    [ConfigurationKeyName("identities")] public List<string> Identities { get; set; } = [];
}
