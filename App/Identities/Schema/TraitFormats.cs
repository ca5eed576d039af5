using System.Text.Json;
using Json.Schema;

namespace App.Identities.Schema;

/// <summary>
/// The formats traits are checked against beyond JsonSchema.Net's own: <c>email</c> with the same
/// rule the sign-in form applies (<see cref="EmailAddress.IsValid"/>), and Kratos's <c>tel</c>.
/// Kept in a registry of their own so nothing process-wide changes.
/// </summary>
internal static class TraitFormats
{
    public static FormatRegistry Registry { get; } = Create();

    /// <summary>Whether a string passes a format; formats this portal does not know pass, as in Kratos.</summary>
    public static bool Accepts(string format, string value)
    {
        return Registry.Get(format)?.Validate(JsonSerializer.SerializeToElement(value), out _) ?? true;
    }

    private static FormatRegistry Create()
    {
        var registry = new FormatRegistry();
        registry.Register(new PredicateFormat("email", e => e.ValueKind != JsonValueKind.String || EmailAddress.IsValid(e.GetString())));
        registry.Register(new PredicateFormat("tel", e => e.ValueKind != JsonValueKind.String || PhoneNumber.IsValid(e.GetString()!)));
        return registry;
    }
}
