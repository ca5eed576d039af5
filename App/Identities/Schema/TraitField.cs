namespace App.Identities.Schema;

/// <summary>
/// One leaf of the traits object (a string, number, boolean or array), which the UI renders as
/// one input. Nested objects are flattened: <c>name.first</c>.
/// </summary>
public sealed record TraitField(
    string Path,
    string Type,
    string? Format,
    string? Title,
    bool Required,
    int? MinLength,
    int? MaxLength,
    string? Pattern,
    IReadOnlyList<string>? Enum,
    KratosExtension Extension)
{
    /// <summary>The form field name Kratos uses for this trait.</summary>
    public string InputName => "traits." + Path;

    /// <summary>Inclusive lower bound for number/integer fields.</summary>
    public double? Minimum { get; init; }

    /// <summary>Inclusive upper bound for number/integer fields.</summary>
    public double? Maximum { get; init; }

    /// <summary>
    /// The format the value is checked against: the declared one, or the one the extension implies
    /// (an address used for email/SMS must look like one).
    /// </summary>
    public string? EffectiveFormat =>
        Format ?? (Extension.IsEmailAddress ? "email" : Extension.IsPhoneNumber ? "tel" : null);
}
