using System.Text.Json;
using Json.Pointer;
using Json.Schema;
using Json.Schema.Keywords;

namespace App.Identities.Schema;

/// <summary>
/// Navigation over the subschema graph JsonSchema.Net builds: its <c>$ref</c>s are already
/// resolved there, so following a reference never means resolving a URI here.
/// </summary>
internal static class SchemaNodes
{
    // Keywords whose value is an object of named subschemas; the next path segment is the name.
    private static readonly HashSet<string> NamedChildren =
        ["properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "dependencies"];

    /// <summary>The subschema an evaluation result came from, found by its evaluation path; null when the path leaves the graph.</summary>
    public static JsonSchemaNode? At(JsonSchema schema, JsonPointer evaluationPath)
    {
        var node = schema.Root;
        var i = 0;
        while (i < evaluationPath.SegmentCount)
        {
            var keyword = Keyword(node, Segment(evaluationPath, i++));
            if (keyword?.Subschemas is not { Length: > 0 } subschemas) return null;
            if (!IsKeyed(keyword))
            {
                node = subschemas[0];
                continue;
            }
            if (i >= evaluationPath.SegmentCount) return null;
            // JsonSchema.Net 8.0.5 escapes names in evaluation paths twice ("ory.sh~01kratos"), so a
            // name is matched in either form.
            var key = Segment(evaluationPath, i++);
            var once = Unescape(key);
            node = subschemas.FirstOrDefault(s => s.RelativePath.SegmentCount > 0
                && Segment(s.RelativePath, s.RelativePath.SegmentCount - 1) is var name && (name == key || name == once));
            if (node is null) return null;
        }
        return node;
    }

    /// <summary>Every subschema directly below a node, with the keyword that holds it.</summary>
    public static IEnumerable<(KeywordData Keyword, JsonSchemaNode Child)> Children(JsonSchemaNode node) =>
        (node.Keywords ?? []).SelectMany(k => (k.Subschemas ?? []).Select(s => (k, s)));

    /// <summary>The node's subschemas under one keyword ($ref yields its target).</summary>
    public static IEnumerable<JsonSchemaNode> Under(JsonSchemaNode node, string keyword) =>
        Keyword(node, keyword)?.Subschemas ?? [];

    public static bool IsRef(KeywordData keyword) => keyword.Handler is RefKeyword;

    /// <summary>Where a named child (a property, a definition, an allOf part) sits in its document, as a pointer such as <c>#/properties/traits</c>.</summary>
    public static string Location(JsonSchemaNode node) => "#" + node.PathFromResourceRoot;

    /// <summary>
    /// Where a child reached through <paramref name="keyword"/> sits. JsonSchema.Net 8.0.5 gives a
    /// single subschema such as <c>items</c> the path of its parent's name, so that one is built
    /// from the parent's; a <c>$ref</c> target keeps its own.
    /// </summary>
    public static string Location(JsonSchemaNode child, KeywordData keyword, string parent) =>
        IsRef(keyword) ? Location(child)
        : IsKeyed(keyword) ? $"{parent}/{keyword.Handler.Name}{child.RelativePath}"
        : $"{parent}/{keyword.Handler.Name}";

    public static string Segment(JsonPointer pointer, int index) => Unescape(pointer.GetSegment(index).ToString());

    private static string Unescape(string token) => token.Replace("~1", "/").Replace("~0", "~");

    public static JsonElement Property(JsonSchemaNode node, string name) =>
        node.Source.ValueKind == JsonValueKind.Object && node.Source.TryGetProperty(name, out var value) ? value : default;

    private static KeywordData? Keyword(JsonSchemaNode node, string name) =>
        node.Keywords?.FirstOrDefault(k => k.Handler.Name == name);

    private static bool IsKeyed(KeywordData keyword) =>
        keyword.RawValue.ValueKind == JsonValueKind.Array || NamedChildren.Contains(keyword.Handler.Name);
}
