using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace App.Identities.Schema;

/// <summary>
/// Evaluates traits with JsonSchema.Net, as Kratos does: wrapped as <c>{"traits": …}</c> and
/// checked against the whole identity schema, so references resolve from its root. Only problems
/// inside the traits are reported. Kratos also checks an address the extension sends mail or SMS
/// to, even without a <c>format</c>; JsonSchema.Net knows nothing of the extension, so that check
/// is added here.
/// </summary>
internal static class TraitValidator
{
    // New for each evaluation: options are mutable, and evaluations run on many requests at once.
    // Texts the library words itself stay English, as Kratos's API texts are, whatever the page's language.
    private static EvaluationOptions Options() => new()
    {
        OutputFormat = OutputFormat.Hierarchical,
        RequireFormatValidation = true,
        FormatRegistry = TraitFormats.Registry,
        Culture = CultureInfo.InvariantCulture,
    };

    public static TraitErrors Validate(JsonSchema schema, IReadOnlyList<TraitField> fields, JsonObject traits)
    {
        // One level deeper than the submitted traits, which their own parser already bounded.
        using var document = JsonDocument.Parse($"{{\"traits\":{traits.ToJsonString()}}}", new JsonDocumentOptions { MaxDepth = 256 });
        var results = schema.Evaluate(document.RootElement, Options());
        var errors = results.IsValid
            ? []
            : FailureText.Describe(Failures.Of(results), schema, document.RootElement)
                .Select(e => TraitPaths.FromPointer(e.Path) is { } path ? e with { Path = path } : null)
                .OfType<TraitError>()
                .ToList();
        foreach (var field in fields.Where(f => f.FormatIsImplied))
            foreach (var (path, value) in Strings(traits, field))
                if (!TraitFormats.Accepts(field.StringFormat!, value) && errors.All(e => e.Path != path))
                    errors.Add(TraitMessages.FormatError(path, field.StringFormat!, value));
        // An identifier is kept in a column of bounded length, so a trait the schema leaves unbounded
        // (a username) is bounded here, before the database, which on PostgreSQL would refuse it.
        foreach (var field in fields.Where(f => f.IsIdentifier))
            foreach (var (path, value) in Strings(traits, field))
                if (path == field.Path && CodePoints(value) is var length && length > IdentityIdentifier.MaxLength && errors.All(e => e.Path != path))
                    errors.Add(TraitMessages.MaxLengthError(path, IdentityIdentifier.MaxLength, length));
        return new TraitErrors(errors.OrderBy(e => DocumentOrder(fields, e.Path)));
    }

    // What PostgreSQL's varchar(n) counts: characters (code points), not UTF-16 units.
    private static int CodePoints(string value) => value.EnumerateRunes().Count();

    // A field's string values with their paths: the value itself, or each string item of an array.
    private static IEnumerable<(string Path, string Value)> Strings(JsonObject traits, TraitField field) =>
        TraitPaths.Find(traits, field.Path) switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => [(field.Path, s)],
            JsonArray items => items
                .Select((item, i) => (Path: $"{field.Path}.{i}", Text: item is JsonValue iv && iv.TryGetValue<string>(out var s) ? s : null))
                .Where(x => x.Text is not null)
                .Select(x => (x.Path, x.Text!)),
            _ => [],
        };

    // Messages follow the form: a field's own, its items' and its object's in the order the schema lists them.
    private static int DocumentOrder(IReadOnlyList<TraitField> fields, string path)
    {
        if (path.Length == 0) return int.MaxValue;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i].Path;
            if (field == path || field.StartsWith(path + ".", StringComparison.Ordinal) || path.StartsWith(field + ".", StringComparison.Ordinal)) return i;
        }
        return fields.Count;
    }
}
