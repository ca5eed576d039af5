using App.Configuration;
using App.Credentials.Passwords;
using App.Identities;

namespace App.Credentials.SecurityKeys;

/// <summary>
/// The one answer to "does a second factor mean anything for this identity?". A security key guards
/// an imported password, the first factor weaker than a passkey; a passkey-only account gains
/// nothing from one, so it may not add one and keys it kept after disabling its password guard nothing.
/// </summary>
public sealed class SecondFactorEligibility(PortalSettings settings, PasswordStore passwords)
{
    /// <summary>Yes when the webauthn method is on and the identity can still sign in with a password.</summary>
    public Task<bool> MayAddSecondFactorAsync(Identity identity) => GuardsAsync(identity.Id);

    /// <summary>Whether a security key of this identity guards anything: the same rule as adding one.</summary>
    public async Task<bool> GuardsAsync(Guid identityId) =>
        settings.SecurityKeysEnabled && await passwords.HasPasswordAsync(identityId);
}
