using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace App.Identities.Schema;

/// <summary>
/// One compiled (sub)schema of the traits tree. Parsing once into this shape keeps validation a
/// plain walk with no JSON lookups, and lets the parser reject what the walk cannot honour.
/// </summary>
internal sealed class SchemaNode
{
    public required string Pointer { get; init; }

    /// <summary>Allowed JSON types in declared order ("integer" also accepts whole numbers).</summary>
    public required IReadOnlyList<string> Types { get; init; }

    public string? Title { get; init; }
    public string? Format { get; init; }

    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public string? Pattern { get; init; }
    public Regex? PatternRegex { get; init; }
    public IReadOnlyList<JsonNode?>? Enum { get; init; }

    public double? Minimum { get; init; }
    public double? Maximum { get; init; }
    public double? ExclusiveMinimum { get; init; }
    public double? ExclusiveMaximum { get; init; }
    public decimal? MultipleOf { get; init; }

    public IReadOnlyList<KeyValuePair<string, SchemaNode>> Properties { get; init; } = [];
    public IReadOnlyList<string> Required { get; init; } = [];
    public bool AdditionalProperties { get; init; } = true;

    public SchemaNode? Items { get; init; }
    public int? MinItems { get; init; }
    public int? MaxItems { get; init; }
    public bool UniqueItems { get; init; }

    public KratosExtension Extension { get; init; } = KratosExtension.None;

    /// <summary>The type a form renders: the first declared one that is not "null".</summary>
    public string PrimaryType => Types.FirstOrDefault(t => t != "null") ?? "null";

    public bool IsObject => PrimaryType == "object";

    /// <summary>Declared format, else the one the extension implies (see <see cref="TraitField.EffectiveFormat"/>).</summary>
    public string? EffectiveFormat =>
        Format ?? (Extension.IsEmailAddress ? "email" : Extension.IsPhoneNumber ? "tel" : null);
}
