using Fido2NetLib.Objects;

namespace App.Ceremonies;

/// <summary>
/// Authenticator transports (https://www.w3.org/TR/webauthn-3/#enum-transport) as the credential
/// record stores them: their WebAuthn names, comma-separated.
/// </summary>
public static class Transports
{
    private static readonly Dictionary<AuthenticatorTransport, string> ByTransport = new()
    {
        [AuthenticatorTransport.Usb] = "usb",
        [AuthenticatorTransport.Nfc] = "nfc",
        [AuthenticatorTransport.Ble] = "ble",
        [AuthenticatorTransport.SmartCard] = "smart-card",
        [AuthenticatorTransport.Hybrid] = "hybrid",
        [AuthenticatorTransport.Internal] = "internal",
    };

    public static IReadOnlyList<string> Names(AuthenticatorTransport[]? transports) =>
        transports?.Select(t => ByTransport[t]).Distinct().ToList() ?? [];

    /// <summary>The stored names Fido2 knows; a name added to WebAuthn later is skipped, not an error.</summary>
    public static AuthenticatorTransport[]? Parse(string? stored) =>
        string.IsNullOrEmpty(stored) ? null
        : stored.Split(',').SelectMany(n => ByTransport.Where(kv => kv.Value == n).Select(kv => kv.Key)).ToArray();
}
