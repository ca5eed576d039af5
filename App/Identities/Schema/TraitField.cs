namespace App.Identities.Schema;

/// <summary>
/// One leaf of the traits object (a string, number, boolean or array), which the UI renders as
/// one input. Nested objects are flattened: <c>name.first</c>. For an array, <see cref="Extension"/>
/// is what its items are marked with: each item of a list of addresses is an address.
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

    /// <summary>For an array: the format its items declare (a list of addresses has "email").</summary>
    public string? ItemFormat { get; init; }

    /// <summary>
    /// The format the value is checked against: the declared one, or the one the extension implies
    /// (an address used for email/SMS must look like one).
    /// </summary>
    public string? EffectiveFormat => Format ?? ImpliedFormat;

    /// <summary>The format each string of the trait has: the value itself, or each item of an array.</summary>
    internal string? StringFormat => Type == "array" ? ItemFormat ?? ImpliedFormat : EffectiveFormat;

    /// <summary>True when only the extension gives the strings a format, so JsonSchema.Net does not check it.</summary>
    internal bool FormatIsImplied => (Type == "array" ? ItemFormat : Format) is null && ImpliedFormat is not null;

    /// <summary>True when the trait's value is kept as one of the identity's identifiers (what signs in, or receives mail).</summary>
    internal bool IsIdentifier =>
        Extension.PasskeyDisplayName || Extension.WebAuthnIdentifier || Extension.PasswordIdentifier
        || Extension.CodeIdentifier || Extension.VerificationVia is not null || Extension.RecoveryVia is not null;

    private string? ImpliedFormat => Extension.IsEmailAddress ? "email" : Extension.IsPhoneNumber ? "tel" : null;
}
