using System.Text.Json.Nodes;

namespace App.Credentials.Passkeys;

/// <summary>
/// Reads the credProps extension output (https://www.w3.org/TR/webauthn-3/#sctn-authenticator-credential-properties-extension):
/// whether the authenticator stored a discoverable credential. Browsers that do not report it are
/// taken at their word that residentKey "required" was honoured.
/// </summary>
public static class CredentialProperties
{
    public static bool IsDiscoverable(string credentialJson)
    {
        try
        {
            // Clients choose this JSON: anything other than objects down to a boolean means "not reported".
            var results = JsonNode.Parse(credentialJson) is JsonObject credential ? credential["clientExtensionResults"] as JsonObject : null;
            var rk = (results?["credProps"] as JsonObject)?["rk"] as JsonValue;
            return rk is null || !rk.TryGetValue<bool>(out var discoverable) || discoverable;
        }
        catch (System.Text.Json.JsonException)
        {
            return true;
        }
    }
}
