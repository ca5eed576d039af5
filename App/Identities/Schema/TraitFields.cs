using System.Text.Json;
using Json.Schema;

namespace App.Identities.Schema;

/// <summary>
/// Lists the traits a schema describes, for forms and identifiers, by walking the subschema graph:
/// a trait's facts may come from its own subschema or from what it combines (<c>$ref</c>,
/// <c>allOf</c>, <c>anyOf</c>, <c>oneOf</c>, <c>then</c>/<c>else</c>), as Kratos lists paths.
/// Only unconditional parts (itself, <c>$ref</c>, <c>allOf</c>) make a trait required.
/// The graph has passed <see cref="SchemaGraph"/>, so it has no cycles.
/// </summary>
internal static class TraitFields
{
    private static readonly string[] Always = ["$ref", "allOf"];
    private static readonly string[] Sometimes = ["anyOf", "oneOf", "then", "else"];

    /// <exception cref="SchemaException">A trait cannot be shown as a field.</exception>
    public static List<TraitField> Collect(JsonSchemaNode traits)
    {
        var fields = new List<TraitField>();
        CollectObject(Views(traits, conditional: false).ToList(), "", fields);
        return fields;
    }

    /// <summary>The types declared for what these subschemas describe; an object with properties needs none.</summary>
    public static string[] Types(IReadOnlyList<JsonSchemaNode> views, string pointer)
    {
        foreach (var node in views)
            if (SchemaNodes.Property(node, "type") is { ValueKind: JsonValueKind.String or JsonValueKind.Array } type)
                return type.ValueKind == JsonValueKind.String ? [type.GetString()!] : type.EnumerateArray().Select(t => t.GetString()!).ToArray();
        foreach (var node in views)
        {
            if (SchemaNodes.Property(node, "const") is { ValueKind: not JsonValueKind.Undefined } constant) return [TraitMessages.TypeOf(constant)];
            if (SchemaNodes.Property(node, "enum") is { ValueKind: JsonValueKind.Array } values && values.GetArrayLength() > 0)
                return values.EnumerateArray().Select(TraitMessages.TypeOf).Distinct().ToArray();
        }
        if (views.Any(v => SchemaNodes.Property(v, "properties").ValueKind == JsonValueKind.Object)) return ["object"];
        throw SchemaException.At(pointer, "every trait needs a \"type\"");
    }

    /// <summary>A subschema and every part it combines, each marked with whether it applies only sometimes.</summary>
    public static IEnumerable<(JsonSchemaNode Node, bool Conditional)> Views(JsonSchemaNode node, bool conditional)
    {
        yield return (node, conditional);
        foreach (var keyword in Always.Concat(Sometimes))
            foreach (var part in SchemaNodes.Under(node, keyword))
                foreach (var view in Views(part, conditional || Sometimes.Contains(keyword)))
                    yield return view;
    }

    private static void CollectObject(List<(JsonSchemaNode Node, bool Conditional)> views, string prefix, List<TraitField> into)
    {
        var required = views.Where(v => !v.Conditional)
            .SelectMany(v => Strings(SchemaNodes.Property(v.Node, "required"))).ToHashSet(StringComparer.Ordinal);
        var properties = new List<(string Name, List<(JsonSchemaNode Node, bool Conditional)> Nodes)>();
        foreach (var (view, conditional) in views)
            foreach (var child in SchemaNodes.Under(view, "properties"))
            {
                var name = SchemaNodes.Segment(child.RelativePath, child.RelativePath.SegmentCount - 1);
                if (properties.FindIndex(p => p.Name == name) is var at and >= 0) properties[at].Nodes.Add((child, conditional));
                else properties.Add((name, [(child, conditional)]));
            }

        foreach (var (name, nodes) in properties)
        {
            var pointer = SchemaNodes.Location(nodes[0].Node);
            if (name.Contains('.'))
                throw SchemaException.At(pointer, "trait names cannot contain '.' (it separates nested traits in form field names)");
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            var childViews = nodes.SelectMany(n => Views(n.Node, n.Conditional)).ToList();
            var types = Types(childViews.Select(v => v.Node).ToList(), pointer);
            if (types.All(t => t == "null")) throw SchemaException.At(pointer + "/type", "a trait cannot only be null");
            var type = types.First(t => t != "null");
            if (type == "object") CollectObject(childViews, path, into);
            else into.Add(Leaf(path, type, required.Contains(name), childViews, pointer));
        }
    }

    private static TraitField Leaf(string path, string type, bool required, List<(JsonSchemaNode Node, bool Conditional)> views, string pointer)
    {
        var nodes = views.Select(v => v.Node).ToList();
        var items = nodes.SelectMany(n => SchemaNodes.Under(n, "items")).SelectMany(n => Views(n, true)).Select(v => v.Node).ToList();
        var allowed = First(nodes, "enum");
        if (allowed.ValueKind == JsonValueKind.Array && allowed.GetArrayLength() == 0)
            throw SchemaException.At(pointer + "/enum", "must list at least one value");
        return new TraitField(path, type, Text(nodes, "format"), Text(nodes, "title"), required,
            Count(nodes, "minLength"), Count(nodes, "maxLength"), Text(nodes, "pattern"),
            allowed.ValueKind == JsonValueKind.Array ? allowed.EnumerateArray().Select(EnumText).ToArray() : null,
            nodes.Concat(items).Select(n => KratosExtension.Of(n.Source)).Aggregate(KratosExtension.None, (a, b) => a.Merge(b)))
        {
            Minimum = Number(nodes, "minimum"),
            Maximum = Number(nodes, "maximum"),
            ItemFormat = Text(items, "format"),
        };
    }

    private static JsonElement First(IEnumerable<JsonSchemaNode> nodes, string keyword) =>
        nodes.Select(n => SchemaNodes.Property(n, keyword)).FirstOrDefault(v => v.ValueKind != JsonValueKind.Undefined);

    private static string? Text(IEnumerable<JsonSchemaNode> nodes, string keyword) =>
        First(nodes, keyword) is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;

    private static int? Count(IEnumerable<JsonSchemaNode> nodes, string keyword) =>
        First(nodes, keyword) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt32(out var count) ? count : null;

    private static double? Number(IEnumerable<JsonSchemaNode> nodes, string keyword) =>
        First(nodes, keyword) is { ValueKind: JsonValueKind.Number } n ? n.GetDouble() : null;

    private static IEnumerable<string> Strings(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!) : [];

    // Enum values as a form would offer them: strings as-is, anything else as its JSON text.
    private static string EnumText(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
