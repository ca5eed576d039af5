namespace App.Ceremonies;

/// <summary>Which kind of authenticator a registration asks the browser for (WebAuthn L3 §5.4.7 hints).</summary>
public enum AuthenticatorTarget
{
    /// <summary>Whatever the browser offers first, usually this device.</summary>
    Any,
    /// <summary>A phone over hybrid transport: the browser shows its QR code.</summary>
    Phone,
    /// <summary>A roaming security key (USB, NFC, BLE).</summary>
    SecurityKey,
    /// <summary>
    /// The browser's automatic upgrade (conditional create, WebAuthn L3): the password manager makes
    /// the passkey without a prompt, so it cannot verify the user; the sign-in just before did.
    /// </summary>
    Automatic,
}

public static class AuthenticatorTargets
{
    /// <summary>The wire names the settings flow's <c>passkey_backup</c> submit carries: WebAuthn's own hint names.</summary>
    public static AuthenticatorTarget? Parse(string? value) => value switch
    {
        "hybrid" => AuthenticatorTarget.Phone,
        "security-key" => AuthenticatorTarget.SecurityKey,
        _ => null,
    };

    public static string Name(AuthenticatorTarget target) => target switch
    {
        AuthenticatorTarget.Phone => "hybrid",
        AuthenticatorTarget.SecurityKey => "security-key",
        _ => "any",
    };
}
