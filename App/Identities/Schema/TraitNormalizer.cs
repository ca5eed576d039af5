using System.Text.Json;
using System.Text.Json.Nodes;

namespace App.Identities.Schema;

/// <summary>
/// Puts submitted traits into the form they are stored and compared in: surrounding whitespace is
/// never meaningful in a trait, and email addresses compare case-insensitively, so
/// " Ann@Example.COM " and "ann@example.com" must end up as the same identifier.
/// </summary>
internal static class TraitNormalizer
{
    public static JsonObject Normalize(IReadOnlyList<TraitField> fields, JsonObject value)
    {
        var copy = (JsonObject)Trimmed(value)!;
        foreach (var field in fields.Where(f => f.StringFormat == "email"))
            switch (TraitPaths.Find(copy, field.Path))
            {
                case JsonValue v when Text(v) is { } email:
                    v.ReplaceWith(EmailAddress.Normalize(email));
                    break;
                case JsonArray items:
                    foreach (var item in items.ToList())
                        if (item is JsonValue iv && Text(iv) is { } itemEmail) iv.ReplaceWith(EmailAddress.Normalize(itemEmail));
                    break;
            }
        return copy;
    }

    // A deep copy with every string trimmed, including traits the schema does not describe.
    private static JsonNode? Trimmed(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Trimmed(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Trimmed).ToArray()),
        JsonValue v when Text(v) is { } text => JsonValue.Create(text.Trim()),
        _ => node?.DeepClone(),
    };

    private static string? Text(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.String ? value.TryGetValue<string>(out var s) ? s : JsonSerializer.Deserialize<string>(value.ToJsonString()) : null;
}
