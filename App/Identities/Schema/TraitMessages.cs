using System.Text.Json;

namespace App.Identities.Schema;

/// <summary>
/// The Kratos ui text messages a trait can fail with: ids, texts and context keys as Kratos
/// v26.2.0 sends them (text/message_validation.go, mapped from schema keywords in
/// ui/container/container.go). Texts are not translated: clients translate by id.
/// </summary>
internal static class TraitMessages
{
    public const int Generic = 4000001;
    public const int Required = 4000002;
    public const int MinLength = 4000003;
    public const int InvalidFormat = 4000004;
    public const int MaxLength = 4000017;
    public const int Minimum = 4000018;
    public const int ExclusiveMinimum = 4000019;
    public const int Maximum = 4000020;
    public const int ExclusiveMaximum = 4000021;
    public const int MultipleOf = 4000022;
    public const int MaxItems = 4000023;
    public const int MinItems = 4000024;
    public const int UniqueItems = 4000025;
    public const int WrongType = 4000026;
    public const int Const = 4000029;
    public const int Email = 4000040;
    public const int Phone = 4000041;

    /// <summary>4000001: a schema failure Kratos has no dedicated message for (enum, additionalProperties, oneOf...).</summary>
    public static TraitError GenericError(string path, string reason) =>
        new(path, Generic, reason, Ctx(("reason", reason)));

    /// <summary>4000002, on the missing property's own path. Kratos names only that property.</summary>
    public static TraitError RequiredError(string path, string property) =>
        new(path, Required, $"Property {property} is missing.", Ctx(("property", property)));

    public static TraitError MinLengthError(string path, long min, int actual) =>
        new(path, MinLength, $"length must be >= {min}, but got {actual}", Ctx(("min_length", min), ("actual_length", actual)));

    public static TraitError MaxLengthError(string path, long max, int actual) =>
        new(path, MaxLength, $"length must be <= {max}, but got {actual}", Ctx(("max_length", max), ("actual_length", actual)));

    /// <summary>4000004 is Kratos's "pattern" message despite its constant's name.</summary>
    public static TraitError PatternError(string path, string pattern) =>
        new(path, InvalidFormat, $"does not match pattern {GoFormat.Quote(pattern)}", Ctx(("pattern", pattern)));

    public static TraitError MinimumError(string path, double min, double actual) =>
        Bound(path, Minimum, ">=", "minimum", min, actual);

    public static TraitError ExclusiveMinimumError(string path, double min, double actual) =>
        Bound(path, ExclusiveMinimum, ">", "minimum", min, actual);

    public static TraitError MaximumError(string path, double max, double actual) =>
        Bound(path, Maximum, "<=", "maximum", max, actual);

    public static TraitError ExclusiveMaximumError(string path, double max, double actual) =>
        Bound(path, ExclusiveMaximum, "<", "maximum", max, actual);

    public static TraitError MultipleOfError(string path, double @base, double actual) =>
        new(path, MultipleOf, $"{GoFormat.Float(actual)} not multipleOf {GoFormat.Float(@base)}", Ctx(("base", @base), ("actual", actual)));

    public static TraitError MaxItemsError(string path, long max, int actual) =>
        new(path, MaxItems, $"maximum {max} items allowed, but found {actual} items", Ctx(("max_items", max), ("actual_items", actual)));

    public static TraitError MinItemsError(string path, long min, int actual) =>
        new(path, MinItems, $"minimum {min} items allowed, but found {actual} items", Ctx(("min_items", min), ("actual_items", actual)));

    public static TraitError UniqueItemsError(string path, int a, int b) =>
        new(path, UniqueItems, $"items at index {a} and {b} are equal", Ctx(("index_a", a), ("index_b", b)));

    public static TraitError WrongTypeError(string path, IReadOnlyList<string> allowed, string actual) =>
        new(path, WrongType, $"expected {string.Join(" or ", allowed)}, but got {actual}",
            Ctx(("allowed_types", allowed.ToArray()), ("actual_type", actual)));

    /// <summary>4000029, with the constant shown as Go's %#v shows it.</summary>
    public static TraitError ConstError(string path, JsonElement expected)
    {
        var shown = GoValue(expected);
        return new(path, Const, $"must be equal to constant {shown}", Ctx(("expected", shown)));
    }

    /// <summary>4000040: Kratos maps the schema's "is not valid email" failure to this fixed text.</summary>
    public static TraitError EmailError(string path, string value) =>
        new(path, Email, "Enter a valid email address", Ctx(("value", value)));

    public static TraitError PhoneError(string path, string value) =>
        new(path, Phone, "Enter a valid phone number", Ctx(("value", value)));

    /// <summary>Any other format: Kratos passes the schema library's text through as 4000001.</summary>
    public static TraitError FormatError(string path, string format, string value) =>
        format switch
        {
            "email" => EmailError(path, value),
            "tel" => PhoneError(path, value),
            _ => GenericError(path, $"{GoFormat.Quote(value)} is not valid {GoFormat.Quote(format)}"),
        };

    /// <summary>The text Kratos's schema library gives for an enum miss (Go's %#v of each allowed value).</summary>
    public static TraitError EnumError(string path, JsonElement allowed)
    {
        var values = allowed.ValueKind == JsonValueKind.Array ? allowed.EnumerateArray().ToArray() : [];
        if (values.Length == 0 || values.Any(v => v.ValueKind is JsonValueKind.Object or JsonValueKind.Array))
            return GenericError(path, "enum failed");
        var shown = values.Select(v => v.ValueKind == JsonValueKind.Number ? GoFormat.Quote(v.GetRawText()) : GoValue(v)).ToArray();
        return GenericError(path, shown.Length == 1 ? "value must be " + shown[0] : "value must be one of " + string.Join(", ", shown));
    }

    /// <summary>
    /// The JSON-Schema type name Kratos reports for a value: every number is "number", whether
    /// or not it has a fraction.
    /// </summary>
    public static string TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static string GoValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => GoFormat.Quote(value.GetString()!),
        JsonValueKind.Number => GoFormat.Float(value.GetDouble()),
        JsonValueKind.Null or JsonValueKind.Undefined => "<nil>",
        _ => value.GetRawText(),
    };

    private static TraitError Bound(string path, int id, string op, string key, double limit, double actual) =>
        new(path, id, $"must be {op} {GoFormat.Float(limit)} but found {GoFormat.Float(actual)}", Ctx((key, limit), ("actual", actual)));

    private static IReadOnlyDictionary<string, object?> Ctx(params (string Key, object? Value)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Value);
}
