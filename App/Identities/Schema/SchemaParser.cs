using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace App.Identities.Schema;

/// <summary>
/// Turns the traits part of a Kratos identity schema into <see cref="SchemaNode"/>s. Keywords that
/// constrain values but are not implemented here are refused rather than ignored, so an operator
/// never believes a rule is enforced when it is not. Unknown non-standard keys are ignored, as
/// JSON Schema asks.
/// </summary>
internal static class SchemaParser
{
    private static readonly HashSet<string> Unsupported =
    [
        "$ref", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "const", "patternProperties",
        "dependencies", "dependentRequired", "dependentSchemas", "propertyNames", "minProperties",
        "maxProperties", "unevaluatedProperties", "unevaluatedItems", "prefixItems", "contains",
        "additionalItems", "contentEncoding", "contentMediaType",
    ];

    private static readonly HashSet<string> KnownTypes = ["string", "number", "integer", "boolean", "object", "array", "null"];

    // Patterns are RE2 in Kratos (linear time, no backreferences or lookaround); the non-backtracking
    // engine has the same guarantees and refuses the same constructs, and the timeout is a backstop.
    private const RegexOptions PatternOptions = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    public static SchemaNode ParseTraits(JsonObject root)
    {
        if (root["type"] is { } rootType && !(rootType is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == "object"))
            throw SchemaException.At("#/type", "an identity schema must be of type \"object\"");
        if (root["properties"] is not JsonObject properties || properties["traits"] is not JsonObject traits)
            throw SchemaException.At("#/properties/traits", "an identity schema must describe its traits as an object schema");

        var node = Parse(traits, "#/properties/traits");
        if (!node.IsObject || node.Types.Count != 1)
            throw SchemaException.At("#/properties/traits/type", "traits must be of type \"object\"");
        return node;
    }

    private static SchemaNode Parse(JsonObject json, string pointer)
    {
        foreach (var (key, _) in json)
            if (Unsupported.Contains(key))
                throw SchemaException.At(pointer, $"keyword \"{key}\" is not supported in identity schemas here");

        var types = Types(json, pointer);
        var isObject = types.Contains("object");
        var properties = new List<KeyValuePair<string, SchemaNode>>();
        if (json["properties"] is { } propsNode)
        {
            if (propsNode is not JsonObject props) throw SchemaException.At(pointer + "/properties", "must be an object");
            foreach (var (name, child) in props)
            {
                var childPointer = pointer + "/properties/" + Escape(name);
                if (name.Contains('.'))
                    throw SchemaException.At(childPointer, "trait names cannot contain '.' (it separates nested traits in form field names)");
                if (child is not JsonObject childObj) throw SchemaException.At(childPointer, "must be a schema object");
                properties.Add(new(name, Parse(childObj, childPointer)));
            }
        }

        var required = Strings(json["required"], pointer + "/required");
        var patternText = String(json["pattern"], pointer + "/pattern");
        return new SchemaNode
        {
            Pointer = pointer,
            Types = types,
            Title = String(json["title"], pointer + "/title"),
            Format = String(json["format"], pointer + "/format"),
            MinLength = Count(json["minLength"], pointer + "/minLength"),
            MaxLength = Count(json["maxLength"], pointer + "/maxLength"),
            Pattern = patternText,
            PatternRegex = patternText is null ? null : Compile(patternText, pointer + "/pattern"),
            Enum = Enum(json["enum"], pointer + "/enum"),
            Minimum = Number(json["minimum"], pointer + "/minimum"),
            Maximum = Number(json["maximum"], pointer + "/maximum"),
            ExclusiveMinimum = Exclusive(json, "exclusiveMinimum", "minimum", pointer),
            ExclusiveMaximum = Exclusive(json, "exclusiveMaximum", "maximum", pointer),
            MultipleOf = MultipleOf(json["multipleOf"], pointer + "/multipleOf"),
            Properties = properties,
            Required = isObject ? required : [],
            AdditionalProperties = Additional(json["additionalProperties"], pointer + "/additionalProperties"),
            Items = json["items"] switch
            {
                null => null,
                JsonObject items => Parse(items, pointer + "/items"),
                _ => throw SchemaException.At(pointer + "/items", "must be a single schema object (tuple form is not supported)"),
            },
            MinItems = Count(json["minItems"], pointer + "/minItems"),
            MaxItems = Count(json["maxItems"], pointer + "/maxItems"),
            UniqueItems = json["uniqueItems"] is JsonValue u && u.GetValueKind() == JsonValueKind.True,
            Extension = json[ExtensionParser.Keyword] is { } ext
                ? ExtensionParser.Parse(ext, pointer + "/" + Escape(ExtensionParser.Keyword))
                : KratosExtension.None,
        };
    }

    private static IReadOnlyList<string> Types(JsonObject json, string pointer)
    {
        var node = json["type"];
        if (node is null)
        {
            // An object with properties but no "type" is common in hand-written schemas.
            if (json["properties"] is not null) return ["object"];
            throw SchemaException.At(pointer, "every trait needs a \"type\"");
        }
        var types = node is JsonArray ? Strings(node, pointer + "/type") : [String(node, pointer + "/type")!];
        if (types.Count == 0) throw SchemaException.At(pointer + "/type", "must name at least one type");
        foreach (var t in types)
            if (!KnownTypes.Contains(t)) throw SchemaException.At(pointer + "/type", $"unknown type \"{t}\"");
        if (types.All(t => t == "null")) throw SchemaException.At(pointer + "/type", "a trait cannot only be null");
        return types;
    }

    private static Regex Compile(string pattern, string pointer)
    {
        try { return new Regex(pattern, PatternOptions, TimeSpan.FromSeconds(1)); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw SchemaException.At(pointer, $"pattern \"{pattern}\" is not a supported regular expression: {e.Message}");
        }
    }

    private static IReadOnlyList<JsonNode?>? Enum(JsonNode? node, string pointer) => node switch
    {
        null => null,
        JsonArray { Count: > 0 } array => array.Select(item => item?.DeepClone()).ToArray(),
        _ => throw SchemaException.At(pointer, "must be a non-empty array"),
    };

    private static double? Exclusive(JsonObject json, string keyword, string inclusive, string pointer)
    {
        var node = json[keyword];
        // Draft 4 spelled exclusivity as a boolean next to minimum/maximum.
        if (node is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
            throw SchemaException.At(pointer + "/" + keyword, $"use the numeric form (\"{keyword}\": <number>) instead of a boolean next to \"{inclusive}\"");
        return Number(node, pointer + "/" + keyword);
    }

    private static decimal? MultipleOf(JsonNode? node, string pointer)
    {
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && decimal.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d > 0)
            return d;
        throw SchemaException.At(pointer, "must be a number greater than 0");
    }

    private static bool Additional(JsonNode? node, string pointer) => node switch
    {
        null => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        _ => throw SchemaException.At(pointer, "only true or false is supported"),
    };

    private static string? String(JsonNode? node, string pointer) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw SchemaException.At(pointer, "must be a string"),
    };

    private static IReadOnlyList<string> Strings(JsonNode? node, string pointer) => node switch
    {
        null => [],
        JsonArray array => array.Select((item, i) => String(item, pointer + "/" + i) ?? throw SchemaException.At(pointer + "/" + i, "must be a string")).ToArray(),
        _ => throw SchemaException.At(pointer, "must be an array of strings"),
    };

    private static int? Count(JsonNode? node, string pointer)
    {
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && int.TryParse(v.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            return n;
        throw SchemaException.At(pointer, "must be a non-negative integer");
    }

    private static double? Number(JsonNode? node, string pointer)
    {
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return d;
        throw SchemaException.At(pointer, "must be a number");
    }

    // JSON pointer escaping, so messages point at the exact spot even for odd key names.
    private static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");
}
