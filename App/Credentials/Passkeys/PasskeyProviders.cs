using System.Text.Json;
using App.Ceremonies;
using App.Ceremonies.Attestation;

namespace App.Credentials.Passkeys;

/// <summary>Who made a passkey: a provider's name and icons (data: URLs), light and dark.</summary>
public sealed record PasskeyProvider(string Name, string? IconLight, string? IconDark);

/// <summary>
/// Names passkeys after their provider ("iCloud Keychain", "Google Password Manager"), by AAGUID:
/// from the community list first, then from the metadata BLOB when one is configured, so people can
/// tell their passkeys apart. Many authenticators send no AAGUID; then the name says what kind of
/// authenticator it is and on which system it was saved ("Security key", "Passkey on macOS").
/// </summary>
public sealed class PasskeyProviders(AttestationPolicy policy)
{
    private static readonly Lazy<IReadOnlyDictionary<Guid, PasskeyProvider>> Community = new(Load);

    public PasskeyProvider? Find(Guid? aaguid)
    {
        if (aaguid is not { } id || id == Guid.Empty) return null;
        if (Community.Value.TryGetValue(id, out var known)) return known;
        return policy.Metadata.Find(id)?.MetadataStatement is { Description: { Length: > 0 } description } statement
            ? new PasskeyProvider(description, statement.Icon, statement.IconDark ?? statement.Icon)
            : null;
    }

    /// <summary>The provider's name, or else a description of the authenticator and the system it was saved on.</summary>
    public string NameFor(NewCredential credential, string? userAgent) =>
        Find(credential.Aaguid)?.Name ?? Describe(credential.Transports, credential.IsBackedUp, userAgent);

    /// <summary>A name from what the browser reported when the provider is unknown.</summary>
    public static string Describe(IReadOnlyCollection<string>? transports, bool backedUp, string? userAgent)
    {
        transports ??= [];
        if (!backedUp && transports.Any(t => t is "usb" or "nfc" or "ble") && !transports.Contains("internal")) return "Security key";
        if (transports.Contains("hybrid") && !transports.Contains("internal")) return "Passkey on a phone";
        return Sessions.Devices.SystemOf(userAgent) is { } system ? $"Passkey on {system}" : "Passkey";
    }

    private static IReadOnlyDictionary<Guid, PasskeyProvider> Load()
    {
        using var stream = typeof(PasskeyProviders).Assembly.GetManifestResourceStream("App.Credentials.Passkeys.Data.aaguid.json");
        if (stream is null) return new Dictionary<Guid, PasskeyProvider>();
        using var document = JsonDocument.Parse(stream);
        var result = new Dictionary<Guid, PasskeyProvider>();
        foreach (var entry in document.RootElement.EnumerateObject())
            if (Guid.TryParse(entry.Name, out var id) && Text(entry.Value, "name") is { } name)
                result[id] = new PasskeyProvider(name, Text(entry.Value, "icon_light"), Text(entry.Value, "icon_dark"));
        return result;
    }

    private static string? Text(JsonElement entry, string property) =>
        entry.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
