using System.Text.Json.Nodes;
using App.Identities;

namespace App.Admin;

/// <summary>
/// Kratos's <c>verifiable_addresses</c> of an imported identity: an address the traits name and the
/// body lists with <c>"verified": true</c> starts verified. Entries for addresses the traits do not
/// name are dropped, as Kratos drops them on the next update.
/// </summary>
public static class ImportedAddresses
{
    public static void MarkVerified(Identity identity, JsonObject body, DateTime now)
    {
        if (body["verifiable_addresses"] is not JsonArray addresses) return;
        foreach (var entry in addresses.OfType<JsonObject>())
        {
            if (entry["verified"] is not JsonValue v || !v.TryGetValue<bool>(out var verified) || !verified) continue;
            if (entry["value"] is not JsonValue value || !value.TryGetValue<string>(out var address)) continue;
            var normalized = EmailAddress.Normalize(address);
            foreach (var identifier in identity.Identifiers.Where(x => x.Value == normalized && !x.Verified))
                (identifier.Verified, identifier.VerifiedAt) = (true, now);
        }
    }
}
