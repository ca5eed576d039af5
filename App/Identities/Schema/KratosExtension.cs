using System.Text.Json;

namespace App.Identities.Schema;

/// <summary>
/// The <c>ory.sh/kratos</c> block of one trait: which credentials use the trait as identifier and
/// which channels (email/sms) it is an address for.
/// </summary>
public sealed record KratosExtension(
    bool PasskeyDisplayName,
    bool WebAuthnIdentifier,
    bool PasswordIdentifier,
    bool CodeIdentifier,
    string? CodeVia,
    string? VerificationVia,
    string? RecoveryVia,
    bool TotpAccountName)
{
    public const string Keyword = "ory.sh/kratos";

    public static KratosExtension None { get; } = new(false, false, false, false, null, null, null, false);

    /// <summary>
    /// True when any channel sends mail to this trait. Kratos then checks the value as an email
    /// address even if the schema forgot <c>format: email</c>, so we do the same.
    /// </summary>
    public bool IsEmailAddress => CodeVia == "email" || VerificationVia == "email" || RecoveryVia == "email";

    /// <summary>True when any channel sends SMS to this trait (Kratos then checks it as a phone number).</summary>
    public bool IsPhoneNumber => CodeVia == "sms" || VerificationVia == "sms" || RecoveryVia == "sms";

    /// <summary>
    /// Reads the block of a subschema. The block has already passed <see cref="ExtensionCheck"/>,
    /// so every value present has the type the meta-schema demands.
    /// </summary>
    internal static KratosExtension Of(JsonElement subschema)
    {
        if (subschema.ValueKind != JsonValueKind.Object || !subschema.TryGetProperty(Keyword, out var block)) return None;
        var credentials = Child(block, "credentials");
        var code = Child(credentials, "code");
        return new KratosExtension(
            Flag(Child(credentials, "passkey"), "display_name"),
            Flag(Child(credentials, "webauthn"), "identifier"),
            Flag(Child(credentials, "password"), "identifier"),
            Flag(code, "identifier"),
            Text(code, "via"),
            Text(Child(block, "verification"), "via"),
            Text(Child(block, "recovery"), "via"),
            Flag(Child(credentials, "totp"), "account_name"));
    }

    /// <summary>
    /// One trait can be described by several subschemas (its own, a <c>$ref</c> target, <c>allOf</c>
    /// parts); what any of them marks holds for the trait.
    /// </summary>
    internal KratosExtension Merge(KratosExtension other) => new(
        PasskeyDisplayName || other.PasskeyDisplayName,
        WebAuthnIdentifier || other.WebAuthnIdentifier,
        PasswordIdentifier || other.PasswordIdentifier,
        CodeIdentifier || other.CodeIdentifier,
        CodeVia ?? other.CodeVia,
        VerificationVia ?? other.VerificationVia,
        RecoveryVia ?? other.RecoveryVia,
        TotpAccountName || other.TotpAccountName);

    private static JsonElement Child(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var child) ? child : default;

    private static bool Flag(JsonElement parent, string name) => Child(parent, name).ValueKind == JsonValueKind.True;

    private static string? Text(JsonElement parent, string name) =>
        Child(parent, name) is { ValueKind: JsonValueKind.String } text ? text.GetString() : null;
}
