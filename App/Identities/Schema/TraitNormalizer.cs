using System.Text.Json.Nodes;

namespace App.Identities.Schema;

/// <summary>
/// Puts submitted traits into the form they are stored and compared in: surrounding whitespace is
/// never meaningful in a trait, and email addresses compare case-insensitively, so
/// " Ann@Example.COM " and "ann@example.com" must end up as the same identifier.
/// </summary>
internal static class TraitNormalizer
{
    public static JsonObject Normalize(SchemaNode traits, JsonObject value)
    {
        var copy = (JsonObject)Trimmed(value)!;
        NormalizeEmails(traits, copy);
        return copy;
    }

    // A deep copy with every string trimmed, including traits the schema does not describe.
    private static JsonNode? Trimmed(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Trimmed(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Trimmed).ToArray()),
        JsonValue v when JsonValues.TypeOf(v) == "string" => JsonValue.Create(JsonValues.StringOf(v).Trim()),
        _ => node?.DeepClone(),
    };

    private static void NormalizeEmails(SchemaNode node, JsonNode? value)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var (name, child) in node.Properties)
                {
                    if (!obj.TryGetPropertyValue(name, out var childValue)) continue;
                    if (EmailOf(child, childValue) is { } email) obj[name] = EmailAddress.Normalize(email);
                    else NormalizeEmails(child, childValue);
                }
                break;
            case JsonArray array when node.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    if (EmailOf(items, array[i]) is { } email) array[i] = EmailAddress.Normalize(email);
                    else NormalizeEmails(items, array[i]);
                }
                break;
        }
    }

    // Any trait Kratos treats as an email address: format email, or an email channel in the extension.
    private static string? EmailOf(SchemaNode node, JsonNode? value) =>
        node.EffectiveFormat == "email" && value is not null && JsonValues.TypeOf(value) == "string"
            ? JsonValues.StringOf(value)
            : null;
}
