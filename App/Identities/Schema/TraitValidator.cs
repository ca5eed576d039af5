using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace App.Identities.Schema;

/// <summary>
/// Checks traits against a compiled schema. Each trait path gets at most one message, the first
/// that applies in the order type, required, enum, minLength, maxLength, format, pattern (numbers:
/// minimum, exclusiveMinimum, maximum, exclusiveMaximum, multipleOf), so a form shows one clear
/// problem per field instead of a pile.
/// </summary>
internal static class TraitValidator
{
    public static TraitErrors Validate(SchemaNode traits, JsonObject? value)
    {
        var errors = new List<TraitError>();
        // Kratos stores missing traits as {}, so "no traits" is judged like an empty object.
        ValidateObject(traits, value ?? [], "", errors);
        return new TraitErrors(errors);
    }

    private static void Validate(SchemaNode node, JsonNode? value, string path, List<TraitError> errors)
    {
        var actual = JsonValues.TypeOf(value);
        if (!TypeMatches(node.Types, actual, value))
        {
            errors.Add(TraitMessages.WrongTypeError(path, node.Types, actual));
            return;
        }
        if (node.Enum is { } allowed && !allowed.Any(a => JsonValues.Equal(a, value)))
        {
            errors.Add(TraitMessages.GenericError(path, EnumReason(allowed)));
            return;
        }
        switch (value)
        {
            case JsonObject obj: ValidateObject(node, obj, path, errors); break;
            case JsonArray array: ValidateArray(node, array, path, errors); break;
            case JsonValue scalar when actual == "string":
                if (StringError(node, JsonValues.StringOf(scalar), path) is { } stringError) errors.Add(stringError);
                break;
            case JsonValue scalar when actual == "number":
                if (NumberError(node, scalar.ToJsonString(), path) is { } numberError) errors.Add(numberError);
                break;
        }
    }

    private static void ValidateObject(SchemaNode node, JsonObject obj, string path, List<TraitError> errors)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, child) in node.Properties)
        {
            declared.Add(name);
            if (obj.TryGetPropertyValue(name, out var childValue)) Validate(child, childValue, Join(path, name), errors);
            else if (node.Required.Contains(name)) errors.Add(TraitMessages.RequiredError(Join(path, name)));
        }
        // "required" may name a property that "properties" does not describe; it must still be there.
        foreach (var name in node.Required)
            if (!declared.Contains(name) && !obj.ContainsKey(name)) errors.Add(TraitMessages.RequiredError(Join(path, name)));

        if (!node.AdditionalProperties)
        {
            var unknown = obj.Select(p => p.Key).Where(k => !declared.Contains(k)).ToArray();
            if (unknown.Length > 0)
                errors.Add(TraitMessages.GenericError(path, $"additionalProperties {string.Join(", ", unknown.Select(GoFormat.Quote))} not allowed"));
        }
    }

    private static void ValidateArray(SchemaNode node, JsonArray array, string path, List<TraitError> errors)
    {
        if (node.MinItems is { } min && array.Count < min) { errors.Add(TraitMessages.MinItemsError(path, min, array.Count)); return; }
        if (node.MaxItems is { } max && array.Count > max) { errors.Add(TraitMessages.MaxItemsError(path, max, array.Count)); return; }
        if (node.UniqueItems)
            for (var i = 0; i < array.Count; i++)
                for (var j = i + 1; j < array.Count; j++)
                    if (JsonValues.Equal(array[i], array[j])) { errors.Add(TraitMessages.UniqueItemsError(path, i, j)); return; }
        if (node.Items is { } items)
            for (var i = 0; i < array.Count; i++) Validate(items, array[i], Join(path, i.ToString(CultureInfo.InvariantCulture)), errors);
    }

    private static TraitError? StringError(SchemaNode node, string value, string path)
    {
        // Kratos counts Unicode code points, not UTF-16 units: "é" and "😀" are one character each.
        var length = value.EnumerateRunes().Count();
        if (node.MinLength is { } min && length < min) return TraitMessages.MinLengthError(path, min, length);
        if (node.MaxLength is { } max && length > max) return TraitMessages.MaxLengthError(path, max, length);
        switch (node.EffectiveFormat)
        {
            case "email" when !EmailAddress.IsValid(value): return TraitMessages.EmailError(path, value);
            case "tel" when !IsPhoneNumber(value): return TraitMessages.PhoneError(path, value);
        }
        if (node.PatternRegex is { } regex && !Matches(regex, value)) return TraitMessages.PatternError(path, node.Pattern!);
        return null;
    }

    private static TraitError? NumberError(SchemaNode node, string text, string path)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return null;
        if (node.Minimum is { } min && n < min) return TraitMessages.MinimumError(path, min, n);
        if (node.ExclusiveMinimum is { } xmin && n <= xmin) return TraitMessages.ExclusiveMinimumError(path, xmin, n);
        if (node.Maximum is { } max && n > max) return TraitMessages.MaximumError(path, max, n);
        if (node.ExclusiveMaximum is { } xmax && n >= xmax) return TraitMessages.ExclusiveMaximumError(path, xmax, n);
        // Decimal arithmetic, so 0.3 is a multiple of 0.1 as a person would expect.
        if (node.MultipleOf is { } step && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d % step != 0)
            return TraitMessages.MultipleOfError(path, (double)step, n);
        return null;
    }

    /// <summary>
    /// A pragmatic international number check: "+", then 7 to 15 digits (E.164's limit), allowing
    /// the spaces, dots, dashes and parentheses people type. Kratos uses libphonenumber, which also
    /// knows per-country lengths; this catches what a person mistypes without that database.
    /// </summary>
    internal static bool IsPhoneNumber(string value)
    {
        if (!value.StartsWith('+')) return false;
        var digits = 0;
        foreach (var c in value.AsSpan(1))
        {
            if (char.IsAsciiDigit(c)) { if (digits == 0 && c == '0') return false; digits++; }
            else if (c is not (' ' or '-' or '.' or '(' or ')')) return false;
        }
        return digits is >= 7 and <= 15;
    }

    private static bool Matches(Regex regex, string value)
    {
        try { return regex.IsMatch(value); }
        catch (RegexMatchTimeoutException) { return false; }
    }

    // Kratos reports every number as "number"; "integer" accepts those written without fraction or exponent.
    private static bool TypeMatches(IReadOnlyList<string> types, string actual, JsonNode? value) =>
        types.Contains(actual) || (actual == "number" && types.Contains("integer") && IsIntegerText(value!.ToJsonString()));

    private static bool IsIntegerText(string text)
    {
        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        return digits.Length > 0 && !digits.ContainsAnyExcept("0123456789");
    }

    // The text Kratos's schema library gives for an enum miss (Go's %#v of each allowed value).
    private static string EnumReason(IReadOnlyList<JsonNode?> allowed)
    {
        if (allowed.Any(a => a is JsonObject or JsonArray)) return "enum failed";
        var shown = allowed.Select(a => a switch
        {
            null => "<nil>",
            _ when JsonValues.TypeOf(a) == "string" => GoFormat.Quote(JsonValues.StringOf(a)),
            _ when JsonValues.TypeOf(a) == "number" => GoFormat.Quote(a.ToJsonString()),
            _ => a.ToJsonString(),
        }).ToArray();
        return shown.Length == 1 ? "value must be " + shown[0] : "value must be one of " + string.Join(", ", shown);
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
}
