using System.Text.Json.Nodes;
using Json.Pointer;

namespace App.Identities.Schema;

/// <summary>Trait paths as forms name them ("name.first", "emails.0"), and their values in a traits object.</summary>
internal static class TraitPaths
{
    /// <summary>The value at a trait path, or null when any part is missing.</summary>
    public static JsonNode? Find(JsonObject traits, string path)
    {
        JsonNode? node = traits;
        foreach (var part in path.Split('.'))
            node = node switch
            {
                JsonObject obj => obj[part],
                JsonArray array when int.TryParse(part, out var i) && i >= 0 && i < array.Count => array[i],
                _ => null,
            };
        return node;
    }

    /// <summary>Puts <paramref name="value"/> at a path such as "name.first", making the objects on the way.</summary>
    public static void Put(JsonObject traits, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var target = traits;
        foreach (var part in parts[..^1])
        {
            if (target[part] is not JsonObject child) target[part] = child = [];
            target = child;
        }
        target[parts[^1]] = value;
    }

    /// <summary>
    /// The trait path of a JSON pointer into <c>{"traits": …}</c>: "/traits/name/first" is
    /// "name.first", "/traits" is "" (the traits object itself); null for anything outside traits.
    /// </summary>
    public static string? FromPointer(string pointer)
    {
        var parsed = JsonPointer.Parse(pointer);
        if (parsed.SegmentCount == 0 || SchemaNodes.Segment(parsed, 0) != "traits") return null;
        return string.Join('.', Enumerable.Range(1, parsed.SegmentCount - 1).Select(i => SchemaNodes.Segment(parsed, i)));
    }
}
