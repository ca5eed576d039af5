using System.Text.Json.Nodes;
using App.Identities.Schema;
using Xunit;

namespace App.Tests.Unit.Schema;

/// <summary>
/// Identity schemas from Kratos's own test fixtures and documentation (Fixtures/, see its README):
/// each loads, accepts valid traits, refuses invalid ones with Kratos's message id on the right
/// field, and marks the traits its ory.sh/kratos extension names.
/// </summary>
public class KratosFixtureTests
{
    private static IdentitySchema Load(string file) =>
        IdentitySchema.Parse(Path.GetFileNameWithoutExtension(file), File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Unit", "Schema", "Fixtures", file)));

    private static JsonObject Traits(string json) => JsonNode.Parse(json)!.AsObject();

    [Theory]
    [InlineData("kratos-e2e-email.schema.json", """{ "email": "ann@example.com", "website": "https://example.com", "tos": true, "age": 30, "color": "blue", "consent": false }""")]
    [InlineData("kratos-e2e-code-complex.schema.json", """{ "username": "ann", "email": "ann@example.com", "email2": "ann@work.example" }""")]
    [InlineData("kratos-e2e-passkey.schema.json", """{ "email": "ann@example.com" }""")]
    [InlineData("kratos-e2e-mobile.schema.json", """{ "email": "ann@example.com", "website": "https://example.com/ann", "age": 1.5 }""")]
    [InlineData("kratos-quickstart-phone-password.schema.json", """{ "email": "ann@example.com", "phone": "+49 30 1234567" }""")]
    [InlineData("kratos-schema-stub-complex.schema.json", """{ "email": "ann@example.com", "should_big_number": 1500, "should_long_string": "a string of twenty-five chars" }""")]
    [InlineData("kratos-handler-employee.schema.json", """{ "email": "ann@example.com", "department": "sales" }""")]
    [InlineData("kratos-handler-multiple-emails.schema.json", """{ "emails": ["ann@example.com", "a@work.example"], "username": "ann@example.org" }""")]
    [InlineData("kratos-testhelpers-identity.schema.json", """{ "testKey": "value" }""")]
    [InlineData("kratos-extension-code-phone-email.schema.json", """{ "email": "a@example.com", "email3": "c@example.com", "phone": "+1 415 555 0100" }""")]
    [InlineData("docs-email-preset.schema.json", """{ "email": "ann@example.com", "phone": "+4915112345678" }""")]
    [InlineData("docs-conditional.schema.json", """{ "email": "ann@example.com", "username": "annlee", "optIn": true, "phone": "+4915112345678" }""")]
    [InlineData("docs-advanced.schema.json", """{ "email": "ann@example.com", "name": { "first": "Ann", "nickname": "A" }, "age": 30, "enterprise": true }""")]
    [InlineData("docs-username.schema.json", """{ "username": "ann" }""")]
    [InlineData("docs-customer-phone.schema.json", """{ "email": "office@ory.com", "name": { "first": "Aeneas", "last": "Rekkas" }, "favorite_animal": "Dog", "accepted_tos": true }""")]
    [InlineData("docs-multiple-emails.schema.json", """{ "emails": ["ann@example.com"] }""")]
    public void Valid_traits_pass(string file, string traits)
    {
        var errors = Load(file).Validate(Traits(traits));
        Assert.True(errors.IsValid, string.Join("; ", errors.Select(e => $"{e.Path}: {e.Text}")));
    }

    [Theory]
    [InlineData("kratos-e2e-email.schema.json", """{ "email": "ann@example.com" }""", "website", 4000002)]
    [InlineData("kratos-e2e-email.schema.json", """{ "email": "ann@example.com", "website": "short" }""", "website", 4000003)]
    [InlineData("kratos-e2e-email.schema.json", """{ "email": "ann@example.com", "website": "https://example.com", "color": "red" }""", "color", 4000001)]
    [InlineData("kratos-e2e-email.schema.json", """{ "email": "ann@example.com", "website": "https://example.com", "age": 301 }""", "age", 4000020)]
    [InlineData("kratos-e2e-email.schema.json", """{ "email": "ann@example.com", "website": "https://example.com", "nickname": "x" }""", "", 4000001)]
    [InlineData("kratos-e2e-code-complex.schema.json", """{ "email": "ann@example.com", "username": "ab" }""", "username", 4000003)]
    [InlineData("kratos-e2e-code-complex.schema.json", """{ "email": "ann@example.com", "email2": "nope" }""", "email2", 4000040)]
    [InlineData("kratos-e2e-passkey.schema.json", """{ "email": "ann@example.com", "website": "not a uri at all" }""", "website", 4000001)]
    [InlineData("kratos-e2e-mobile.schema.json", """{ "email": "ann@example.com", "website": "https://example.com", "tos": "yes" }""", "tos", 4000026)]
    [InlineData("kratos-quickstart-phone-password.schema.json", """{ "email": "ann@example.com", "phone": "12345" }""", "phone", 4000041)]
    [InlineData("kratos-schema-stub-complex.schema.json", """{ "should_big_number": 5 }""", "should_big_number", 4000018)]
    [InlineData("kratos-schema-stub-complex.schema.json", """{ "should_long_string": "short" }""", "should_long_string", 4000003)]
    [InlineData("kratos-schema-stub-complex.schema.json", """{ "email": "nope" }""", "email", 4000040)]
    [InlineData("kratos-handler-employee.schema.json", """{ "email": "ann" }""", "email", 4000040)]
    [InlineData("kratos-handler-multiple-emails.schema.json", """{ "emails": ["ann@example.com", "nope"] }""", "emails.1", 4000040)]
    [InlineData("kratos-handler-multiple-emails.schema.json", """{ "username": "ann" }""", "username", 4000040)]
    [InlineData("kratos-testhelpers-identity.schema.json", """{ "testKey": 1 }""", "testKey", 4000026)]
    [InlineData("kratos-testhelpers-identity.schema.json", """{ "other": "x" }""", "", 4000001)]
    [InlineData("kratos-extension-code-phone-email.schema.json", """{ "phone": "0151 1234567" }""", "phone", 4000041)]
    [InlineData("kratos-extension-code-phone-email.schema.json", """{ "email3": "x" }""", "email3", 4000040)]
    [InlineData("docs-email-preset.schema.json", """{ "email": "ann@example.com", "phone": "call me" }""", "phone", 4000041)]
    [InlineData("docs-email-preset.schema.json", """{ "phone": "+4915112345678" }""", "email", 4000002)]
    [InlineData("docs-conditional.schema.json", """{ "email": "ann@example.com", "username": "annlee", "optIn": true }""", "phone", 4000002)]
    [InlineData("docs-conditional.schema.json", """{ "email": "ann@example.com", "username": "annlee", "phone": "+4915112345678" }""", "optIn", 4000002)]
    [InlineData("docs-conditional.schema.json", """{ "email": "ann@example.com", "username": "ann" }""", "username", 4000003)]
    [InlineData("docs-conditional.schema.json", """{ "email": "ann@example.com", "username": "annlee", "optIn": "yes", "phone": "+4915112345678" }""", "optIn", 4000026)]
    [InlineData("docs-advanced.schema.json", """{ "email": "ann@example.com", "age": 30.5 }""", "age", 4000026)]
    [InlineData("docs-advanced.schema.json", """{ "email": "ann@example.com", "name": { "first": 5 } }""", "name.first", 4000026)]
    [InlineData("docs-username.schema.json", """{ "username": 5 }""", "username", 4000026)]
    [InlineData("docs-customer-phone.schema.json", """{ "email": "office@ory.com", "accepted_tos": "yes" }""", "accepted_tos", 4000026)]
    [InlineData("docs-customer-phone.schema.json", """{ "name": { "first": "Aeneas" } }""", "email", 4000002)]
    [InlineData("docs-multiple-emails.schema.json", """{ "emails": ["nope"] }""", "emails.0", 4000040)]
    public void Invalid_traits_fail_on_the_field(string file, string traits, string path, int messageId)
    {
        var errors = Load(file).Validate(Traits(traits));
        var error = Assert.Single(errors);
        Assert.Equal((path, messageId), (error.Path, error.MessageId));
        Assert.Equal(path.Length == 0 ? null : "traits." + path, error.InputName);
    }

    [Theory]
    [InlineData("kratos-e2e-email.schema.json", "email", "email")]
    [InlineData("kratos-e2e-code-complex.schema.json", "username email email2", "email")]
    [InlineData("kratos-e2e-passkey.schema.json", "email", "email")]
    [InlineData("kratos-e2e-mobile.schema.json", "email", "email")]
    [InlineData("kratos-quickstart-phone-password.schema.json", "email phone", null)]
    [InlineData("kratos-schema-stub-complex.schema.json", "email", null)]
    [InlineData("kratos-handler-employee.schema.json", "email", null)]
    [InlineData("kratos-handler-multiple-emails.schema.json", "emails username", null)]
    [InlineData("kratos-testhelpers-identity.schema.json", "", null)]
    [InlineData("kratos-extension-code-phone-email.schema.json", "email email2 email3 phone", "email")]
    [InlineData("docs-email-preset.schema.json", "email phone", "email")]
    [InlineData("docs-conditional.schema.json", "username email", "username")]
    [InlineData("docs-advanced.schema.json", "email", "email")]
    [InlineData("docs-username.schema.json", "username", "username")]
    [InlineData("docs-customer-phone.schema.json", "email phone", null)]
    [InlineData("docs-multiple-emails.schema.json", "emails", null)]
    public void Extension_marks_identifiers_and_the_display_name(string file, string identifiers, string? displayName)
    {
        var schema = Load(file);
        Assert.Equal(identifiers.Split(' ', StringSplitOptions.RemoveEmptyEntries), schema.Fields.Where(IsIdentifier).Select(f => f.Path));
        Assert.Equal(displayName, schema.DisplayNameField?.Path);
    }

    [Fact]
    public void Extension_channels_are_read_per_trait()
    {
        var preset = Load("docs-email-preset.schema.json");
        Assert.Equal(new KratosExtension(true, true, true, true, "email", "email", "email", true), preset.Field("email")!.Extension);
        Assert.Equal(new KratosExtension(false, false, true, true, "sms", "sms", "sms", false), preset.Field("phone")!.Extension);
        var emails = Load("kratos-handler-multiple-emails.schema.json").Field("emails")!;
        Assert.Equal(("array", "email", "email"), (emails.Type, emails.Extension.VerificationVia, emails.Extension.RecoveryVia));
        // A $ref target's facts belong to the trait that refers to it.
        var phone = Load("docs-conditional.schema.json").Field("phone")!;
        Assert.Equal(("tel", "Phone Number", false), (phone.Format, phone.Title, phone.Required));
    }

    [Theory]
    [InlineData("kratos-handler-customer.schema.json", "#/properties/traits/properties/email/ory.sh~1kratos/verification", "\"email\" not allowed")]
    [InlineData("kratos-extension-invalid.schema.json", "#/properties/traits/properties/email/ory.sh~1kratos/credentials/password/identifier", "expected boolean")]
    [InlineData("kratos-localhost-ref.schema.json", "#/properties/traits/properties/email/$ref", "never fetched")]
    public void Broken_fixtures_are_refused(string file, string pointer, string mentions)
    {
        var e = Assert.Throws<SchemaException>(() => Load(file));
        Assert.Equal(pointer, e.Pointer);
        Assert.StartsWith($"Identity schema \"{Path.GetFileNameWithoutExtension(file)}\" is invalid at {pointer}: ", e.Message);
        Assert.Contains(mentions, e.Message);
    }

    private static bool IsIdentifier(TraitField field) =>
        field.Extension is var x && (x.PasskeyDisplayName || x.WebAuthnIdentifier || x.PasswordIdentifier || x.CodeIdentifier
            || x.VerificationVia is not null || x.RecoveryVia is not null);
}
