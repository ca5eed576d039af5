using System.Text.Json;

namespace App.Credentials.Passkeys;

/// <summary>
/// Names a new passkey after its provider ("iCloud Keychain", "Google Password Manager") from the
/// community AAGUID list, so people can tell their passkeys apart. The list may be empty or go away,
/// and many authenticators send no AAGUID; then the name says what kind of authenticator it is and
/// on which system it was saved ("Security key", "Passkey on macOS").
/// </summary>
public sealed class PasskeyNaming
{
    private readonly Lazy<IReadOnlyDictionary<Guid, string>> names = new(Load);

    public string NameFor(byte[] attestationObject, string fallback)
    {
        var aaguid = AttestationObject.ReadAaguid(attestationObject);
        return aaguid is { } id && id != Guid.Empty && names.Value.TryGetValue(id, out var name) ? name : fallback;
    }

    /// <summary>The provider's name, or else a description of the authenticator and the system it was saved on.</summary>
    public string NameFor(Microsoft.AspNetCore.Identity.UserPasskeyInfo info, string? userAgent) =>
        NameFor(info.AttestationObject, Describe(info.Transports, info.IsBackedUp, userAgent));

    /// <summary>A name from what the browser reported when the provider is unknown.</summary>
    public static string Describe(IReadOnlyCollection<string>? transports, bool backedUp, string? userAgent)
    {
        transports ??= [];
        if (!backedUp && transports.Any(t => t is "usb" or "nfc" or "ble") && !transports.Contains("internal")) return "Security key";
        if (transports.Contains("hybrid") && !transports.Contains("internal")) return "Passkey on a phone";
        return Sessions.Devices.SystemOf(userAgent) is { } system ? $"Passkey on {system}" : "Passkey";
    }

    private static IReadOnlyDictionary<Guid, string> Load()
    {
        using var stream = typeof(PasskeyNaming).Assembly.GetManifestResourceStream("App.Credentials.Passkeys.Data.aaguid.json");
        if (stream is null) return new Dictionary<Guid, string>();
        using var document = JsonDocument.Parse(stream);
        var result = new Dictionary<Guid, string>();
        foreach (var entry in document.RootElement.EnumerateObject())
            if (Guid.TryParse(entry.Name, out var id) && entry.Value.TryGetProperty("name", out var name) && name.GetString() is { } text)
                result[id] = text;
        return result;
    }
}
