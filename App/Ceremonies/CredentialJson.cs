using System.Text.Json;

namespace App.Ceremonies;

/// <summary>
/// Reads the JSON a browser's <c>PublicKeyCredential.toJSON()</c> posts
/// (https://www.w3.org/TR/webauthn-3/#dom-publickeycredential-tojson) into Fido2's models. Their
/// converters decode base64url, so a malformed field fails here rather than inside verification.
/// </summary>
public static class CredentialJson
{
    public static T? Read<T>(string json) where T : class
    {
        try { return JsonSerializer.Deserialize<T>(json); }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }
}
