using App.Configuration;
using App.Identities;

namespace App.Credentials.SecurityKeys;

/// <summary>
/// The one answer to "may this identity add a second factor?". A second factor guards a first
/// factor that is weaker than a passkey; a passkey-only account gains nothing from one.
/// </summary>
public sealed class SecondFactorEligibility(PortalSettings settings)
{
    /// <summary>
    /// Yes when the identity has a way to sign in besides its passkeys. Today that is an address it
    /// can receive sign-in codes at; once the password credential exists this becomes "has a
    /// password", the first factor security keys are meant to back.
    /// </summary>
    public bool MayAddSecondFactor(Identity identity) =>
        settings.SecurityKeysEnabled && settings.CodeLoginEnabled && identity.Identifiers.Count > 0;
}
