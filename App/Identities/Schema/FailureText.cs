using System.Globalization;
using System.Text.Json;
using Json.Pointer;
using Json.Schema;

namespace App.Identities.Schema;

/// <summary>
/// Turns JsonSchema.Net's failures into Kratos's messages. The library decides what is valid; this
/// only says why in Kratos's words, reading the limits from the failing subschema and the value from
/// the instance. Each location gets at most one message, the first that applies in the order type,
/// const, enum, minLength, maxLength, format, pattern, numbers, arrays, so a form shows one clear
/// problem per field. The paths of the returned errors are JSON pointers into the instance.
/// </summary>
internal static class FailureText
{
    private static readonly string[] Order =
    [
        "type", "required", "dependentRequired", "dependencies", "const", "enum", "minLength", "maxLength", "format", "pattern",
        "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems",
    ];

    public static List<TraitError> Describe(IEnumerable<Failure> failures, JsonSchema schema, JsonElement instance)
    {
        var errors = new List<TraitError>();
        var closedObjects = new Dictionary<string, (string Keyword, List<string> Names)>();
        foreach (var failure in failures.OrderBy(f => Rank(f.Keyword)))
        {
            if (failure.Keyword.Length == 0 && ClosingKeyword(failure.Evaluation) is { } closing && failure.Instance.SegmentCount > 0)
            {
                // additionalProperties:false fails each extra property; Kratos names them all once, on their object.
                var parent = failure.Instance.GetParent(1)!.Value.ToString();
                if (!closedObjects.TryGetValue(parent, out var closed)) closedObjects[parent] = closed = (closing, []);
                closed.Names.Add(SchemaNodes.Segment(failure.Instance, failure.Instance.SegmentCount - 1));
                continue;
            }
            foreach (var error in Explain(failure, schema, instance))
                if (errors.All(e => e.Path != error.Path)) errors.Add(error);
        }
        foreach (var (path, (keyword, names)) in closedObjects)
        {
            var reason = $"{keyword} {string.Join(", ", names.Distinct().Select(GoFormat.Quote))} not allowed";
            if (errors.All(e => e.Path != path)) errors.Add(TraitMessages.GenericError(path, reason));
        }
        return errors;
    }

    private static IEnumerable<TraitError> Explain(Failure failure, JsonSchema schema, JsonElement instance)
    {
        var path = failure.Instance.ToString();
        var node = SchemaNodes.At(schema, failure.Evaluation);
        var rule = node is null ? default : SchemaNodes.Property(node, failure.Keyword);
        var value = failure.Instance.Evaluate(instance) ?? default;
        if (failure.Keyword is "required" or "dependentRequired" or "dependencies")
        {
            var missing = failure.Keyword == "required" ? Missing(rule, value) : MissingDependencies(rule, value);
            var any = false;
            foreach (var name in missing.Distinct())
            {
                any = true;
                yield return TraitMessages.RequiredError(path + "/" + Escape(name), name);
            }
            if (any) yield break;
        }
        yield return Explain(failure, path, rule, value) ?? TraitMessages.GenericError(path, failure.Message);
    }

    private static TraitError? Explain(Failure failure, string path, JsonElement rule, JsonElement value) => failure.Keyword switch
    {
        "type" => TraitMessages.WrongTypeError(path, Strings(rule), TraitMessages.TypeOf(value)),
        "const" when rule.ValueKind != JsonValueKind.Undefined => TraitMessages.ConstError(path, rule),
        "enum" => TraitMessages.EnumError(path, rule),
        "minLength" when Count(rule) is { } min && Text(value) is { } text => TraitMessages.MinLengthError(path, min, Length(text)),
        "maxLength" when Count(rule) is { } max && Text(value) is { } text => TraitMessages.MaxLengthError(path, max, Length(text)),
        "format" when Text(rule) is { } format && Text(value) is { } text => TraitMessages.FormatError(path, format, text),
        "pattern" when Text(rule) is { } pattern => TraitMessages.PatternError(path, pattern),
        "minimum" when Number(rule) is { } min && Number(value) is { } n => TraitMessages.MinimumError(path, min, n),
        "exclusiveMinimum" when Number(rule) is { } min && Number(value) is { } n => TraitMessages.ExclusiveMinimumError(path, min, n),
        "maximum" when Number(rule) is { } max && Number(value) is { } n => TraitMessages.MaximumError(path, max, n),
        "exclusiveMaximum" when Number(rule) is { } max && Number(value) is { } n => TraitMessages.ExclusiveMaximumError(path, max, n),
        "multipleOf" when Number(rule) is { } step && Number(value) is { } n => TraitMessages.MultipleOfError(path, step, n),
        "minItems" when Count(rule) is { } min && value.ValueKind == JsonValueKind.Array => TraitMessages.MinItemsError(path, min, value.GetArrayLength()),
        "maxItems" when Count(rule) is { } max && value.ValueKind == JsonValueKind.Array => TraitMessages.MaxItemsError(path, max, value.GetArrayLength()),
        "uniqueItems" when FirstDuplicate(value) is { } pair => TraitMessages.UniqueItemsError(path, pair.Item1, pair.Item2),
        _ => null,
    };

    private static int Rank(string keyword) => Array.IndexOf(Order, keyword) is var i and >= 0 ? i : Order.Length;

    // The keyword whose false subschema failed, when it is one that closes an object.
    private static string? ClosingKeyword(JsonPointer evaluation) =>
        evaluation.SegmentCount > 0 && SchemaNodes.Segment(evaluation, evaluation.SegmentCount - 1) is var last
            && last is "additionalProperties" or "unevaluatedProperties" ? last : null;

    private static IEnumerable<string> Missing(JsonElement required, JsonElement value) =>
        Strings(required).Where(name => value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out _));

    // dependentRequired (and draft-07's array form of dependencies): a present property requires others.
    private static IEnumerable<string> MissingDependencies(JsonElement dependencies, JsonElement value) =>
        dependencies.ValueKind != JsonValueKind.Object || value.ValueKind != JsonValueKind.Object ? [] :
        dependencies.EnumerateObject()
            .Where(d => d.Value.ValueKind == JsonValueKind.Array && value.TryGetProperty(d.Name, out _))
            .SelectMany(d => Missing(d.Value, value));

    private static string[] Strings(JsonElement rule) => rule.ValueKind switch
    {
        JsonValueKind.String => [rule.GetString()!],
        JsonValueKind.Array => rule.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray(),
        _ => [],
    };

    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static long? Count(JsonElement value) => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;

    // JsonSchema.Net counts text elements, so a message about length counts them the same way.
    private static int Length(string text) => new StringInfo(text).LengthInTextElements;

    private static (int, int)? FirstDuplicate(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array) return null;
        var items = array.EnumerateArray().ToArray();
        for (var i = 0; i < items.Length; i++)
            for (var j = i + 1; j < items.Length; j++)
                if (JsonElement.DeepEquals(items[i], items[j])) return (i, j);
        return null;
    }

    private static string Escape(string token) => token.Replace("~", "~0").Replace("/", "~1");
}
