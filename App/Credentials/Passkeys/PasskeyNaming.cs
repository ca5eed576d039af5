using System.Text.Json;

namespace App.Credentials.Passkeys;

/// <summary>
/// Names a new passkey after its provider ("iCloud Keychain", "Google Password Manager") from the
/// community AAGUID list, so people can tell their passkeys apart. The list may be empty or go away;
/// then the passkey is named after the account.
/// </summary>
public sealed class PasskeyNaming
{
    private readonly Lazy<IReadOnlyDictionary<Guid, string>> names = new(Load);

    public string NameFor(byte[] attestationObject, string fallback)
    {
        var aaguid = AttestationObject.ReadAaguid(attestationObject);
        return aaguid is { } id && id != Guid.Empty && names.Value.TryGetValue(id, out var name) ? name : fallback;
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
