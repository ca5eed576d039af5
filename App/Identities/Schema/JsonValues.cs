using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace App.Identities.Schema;

/// <summary>
/// JSON-Schema's view of a JsonNode: its type name and value equality. JsonNode trees can hold
/// values parsed from text or created from .NET objects, so every read here works for both.
/// </summary>
internal static class JsonValues
{
    /// <summary>The JSON-Schema type name; every number is "number", as Kratos reports it.</summary>
    public static string TypeOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        _ => value.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
    };

    /// <summary>The string held by a string-kind node (also when it wraps e.g. a Guid).</summary>
    public static string StringOf(JsonNode node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : JsonSerializer.Deserialize<string>(node.ToJsonString())!;

    /// <summary>Structural equality where 1, 1.0 and 1e0 are the same number.</summary>
    public static bool Equal(JsonNode? a, JsonNode? b)
    {
        var type = TypeOf(a);
        if (type != TypeOf(b)) return false;
        switch (type)
        {
            case "null": return true;
            case "string": return StringOf(a!) == StringOf(b!);
            case "number":
                var (ta, tb) = (a!.ToJsonString(), b!.ToJsonString());
                return decimal.TryParse(ta, NumberStyles.Float, CultureInfo.InvariantCulture, out var da)
                    && decimal.TryParse(tb, NumberStyles.Float, CultureInfo.InvariantCulture, out var db)
                    ? da == db
                    : double.Parse(ta, CultureInfo.InvariantCulture) == double.Parse(tb, CultureInfo.InvariantCulture);
            case "object":
                var (oa, ob) = ((JsonObject)a!, (JsonObject)b!);
                return oa.Count == ob.Count && oa.All(p => ob.TryGetPropertyValue(p.Key, out var other) && Equal(p.Value, other));
            case "array":
                var (aa, ab) = ((JsonArray)a!, (JsonArray)b!);
                return aa.Count == ab.Count && aa.Select((item, i) => Equal(item, ab[i])).All(x => x);
            default: return a!.ToJsonString() == b!.ToJsonString();
        }
    }
}
