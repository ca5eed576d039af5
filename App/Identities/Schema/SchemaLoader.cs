using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace App.Identities.Schema;

/// <summary>
/// Turns an identity schema document into a JsonSchema.Net schema, refusing it with the first
/// problem found, in this order: size, JSON, <c>$schema</c>, the draft's meta-schema (wrong keyword
/// values), the identity-schema shape (an object with object traits), JsonSchema.Net's own build,
/// then the subschema graph (<see cref="SchemaGraph"/>). Schemas without <c>$schema</c> are
/// draft-07, as in Kratos.
/// </summary>
internal static class SchemaLoader
{
    /// <summary>Far above any real identity schema, low enough that loading stays instant.</summary>
    public const int MaxBytes = 512 * 1024;

    private static readonly (Uri Id, Dialect Dialect, Func<JsonSchema> Meta)[] Drafts =
    [
        (MetaSchemas.Draft7Id, Dialect.Draft07, () => MetaSchemas.Draft7),
        (MetaSchemas.Draft202012Id, Dialect.Draft202012, () => MetaSchemas.Draft202012),
        (MetaSchemas.Draft201909Id, Dialect.Draft201909, () => MetaSchemas.Draft201909),
        (MetaSchemas.Draft6Id, Dialect.Draft06, () => MetaSchemas.Draft6),
    ];

    public sealed record Loaded(JsonSchema Schema, JsonSchemaNode Traits, string? Title);

    /// <exception cref="SchemaException">The document cannot be used; the message says where and why.</exception>
    public static Loaded Load(string json)
    {
        var bytes = Encoding.UTF8.GetByteCount(json);
        if (bytes > MaxBytes) throw new SchemaException($"is {bytes} bytes; at most {MaxBytes} are accepted");
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new SchemaException($"is not valid JSON: {e.Message}", e);
        }
        if (root.ValueKind != JsonValueKind.Object) throw new SchemaException("must be a JSON object");

        var draft = Draft(root);
        MetaSchemaCheck.Check(draft.Meta(), root, "#");
        if (root.TryGetProperty("type", out var type) && !(type.ValueKind == JsonValueKind.String && type.GetString() == "object"))
            throw SchemaException.At("#/type", "an identity schema must be of type \"object\"");

        var schema = Build(root, draft.Dialect);
        var traits = SchemaNodes.Under(schema.Root, "properties").FirstOrDefault(p => SchemaNodes.Segment(p.RelativePath, 0) == "traits");
        if (traits is null || traits.Source.ValueKind != JsonValueKind.Object)
            throw SchemaException.At("#/properties/traits", "an identity schema must describe its traits as an object schema");
        SchemaGraph.Check(schema);
        var views = TraitFields.Views(traits, conditional: false).Select(v => v.Node).ToList();
        if (TraitFields.Types(views, SchemaNodes.Location(traits)) is not ["object"])
        {
            var typed = views.FirstOrDefault(n => SchemaNodes.Property(n, "type").ValueKind != JsonValueKind.Undefined) ?? traits;
            throw SchemaException.At(SchemaNodes.Location(typed) + "/type", "traits must be of type \"object\"");
        }

        var title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return new Loaded(schema, traits, title);
    }

    private static (Uri Id, Dialect Dialect, Func<JsonSchema> Meta) Draft(JsonElement root)
    {
        if (!root.TryGetProperty("$schema", out var declared)) return Drafts[0];
        var text = declared.ValueKind == JsonValueKind.String ? declared.GetString()!.TrimEnd('#') : null;
        foreach (var draft in Drafts)
            if (draft.Id.OriginalString.TrimEnd('#') == text) return draft;
        throw SchemaException.At("#/$schema", $"{declared.GetRawText()} is not supported: use draft-07 (\"{MetaSchemas.Draft7Id}\") or 2020-12 (\"{MetaSchemas.Draft202012Id}\"); draft-06 and 2019-09 work too");
    }

    private static JsonSchema Build(JsonElement root, Dialect dialect)
    {
        // A registry per schema: two identity schemas may share an $id, which the global one refuses.
        // Nothing is ever fetched: a reference to another document stays unresolved and is refused.
        var registry = new Json.Schema.SchemaRegistry { Fetch = (_, _) => null! };
        try
        {
            return JsonSchema.Build(root, new BuildOptions { SchemaRegistry = registry, Dialect = dialect });
        }
        catch (Exception e) when (e is JsonSchemaException or ArgumentException or FormatException or InvalidOperationException)
        {
            throw new SchemaException(e is RegexParseException ? $"has an invalid pattern: {e.Message}" : $"cannot be used: {e.Message}", e);
        }
    }
}
