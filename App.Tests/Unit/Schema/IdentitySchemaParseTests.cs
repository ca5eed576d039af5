using App.Identities.Schema;
using Xunit;

namespace App.Tests.Unit.Schema;

public class IdentitySchemaParseTests
{
    [Fact]
    public void Email_password_preset_yields_one_identifier_field()
    {
        var schema = IdentitySchema.Parse("preset", SchemaExamples.EmailPassword);

        Assert.Equal("preset", schema.Id);
        Assert.Equal("Person", schema.Title);
        var email = Assert.Single(schema.Fields);
        Assert.Equal(("email", "traits.email", "string", "email", "E-Mail", true, 3),
            (email.Path, email.InputName, email.Type, email.Format, email.Title, email.Required, email.MinLength));
        Assert.Equal(new KratosExtension(false, false, true, false, null, "email", "email", false), email.Extension);
        Assert.Null(schema.DisplayNameField);
    }

    [Fact]
    public void Raw_document_is_kept_byte_for_byte()
    {
        var json = SchemaExamples.EmailPassword + "\n";
        Assert.Same(json, IdentitySchema.Parse("preset", json).Json);
    }

    [Fact]
    public void Nested_objects_are_flattened_in_document_order()
    {
        var schema = IdentitySchema.Parse("nested", SchemaExamples.NestedWithEnum);

        Assert.Equal(["email", "name.first", "name.last", "plan", "role"], schema.Fields.Select(f => f.Path));
        Assert.Equal("traits.name.first", schema.Fields[1].InputName);
        Assert.True(schema.Fields[1].Required);   // required inside "name"
        Assert.False(schema.Fields[2].Required);
        Assert.Equal(5, schema.Fields[1].MaxLength);
        Assert.Equal(["free", "pro", "team"], schema.Field("plan")!.Enum!);
        Assert.Null(schema.Field("name.last")!.Enum);
    }

    [Fact]
    public void Display_name_field_is_the_passkey_display_name()
    {
        var schema = IdentitySchema.Parse("nested", SchemaExamples.NestedWithEnum);
        Assert.Equal("email", schema.DisplayNameField?.Path);
        Assert.Equal(new KratosExtension(true, false, false, true, "email", null, null, false), schema.DisplayNameField!.Extension);
    }

    [Fact]
    public void Display_name_field_falls_back_to_the_webauthn_identifier()
    {
        var schema = IdentitySchema.Parse("username", SchemaExamples.Username);
        Assert.Equal("username", schema.DisplayNameField?.Path);
        var username = schema.Field("username")!;
        Assert.True(username.Extension.WebAuthnIdentifier && username.Extension.PasswordIdentifier && username.Extension.TotpAccountName);
        Assert.Equal("^[a-z0-9_]+$", username.Pattern);
        Assert.Equal((3, 12), (username.MinLength, username.MaxLength));
    }

    [Fact]
    public void Channel_in_extension_implies_a_format()
    {
        var username = IdentitySchema.Parse("username", SchemaExamples.Username);
        Assert.Null(username.Field("contact")!.Format);
        Assert.Equal("email", username.Field("contact")!.EffectiveFormat);

        var phone = IdentitySchema.Parse("phone", SchemaExamples.Phone).Field("phone")!;
        Assert.Equal(("tel", "sms", "sms", "sms"), (phone.EffectiveFormat, phone.Extension.CodeVia, phone.Extension.VerificationVia, phone.Extension.RecoveryVia));
        Assert.True(phone.Extension.CodeIdentifier);
    }

    [Fact]
    public void Numbers_booleans_and_arrays_are_leaf_fields()
    {
        var schema = IdentitySchema.Parse("profile", SchemaExamples.Profile);
        Assert.Equal(
            [("age", "integer"), ("score", "number"), ("newsletter", "boolean"), ("nickname", "string"), ("tags", "array"), ("emails", "array")],
            schema.Fields.Select(f => (f.Path, f.Type)));
        Assert.Equal((13d, 130d), (schema.Field("age")!.Minimum, schema.Field("age")!.Maximum));
        Assert.Equal("Send me news", schema.Field("newsletter")!.Title);
    }

    [Fact]
    public void Default_schema_ships_with_the_build_and_describes_a_person()
    {
        var schema = IdentitySchema.Parse(DefaultSchema.Id, DefaultSchema.ReadJson());

        Assert.Equal("Person", schema.Title);
        Assert.Equal(["email", "name.first", "name.last"], schema.Fields.Select(f => f.Path));
        Assert.Equal(["Email", "First name", "Last name"], schema.Fields.Select(f => f.Title));
        var email = schema.Fields[0];
        Assert.Equal(("email", 320, true), (email.Format, email.MaxLength, email.Required));
        Assert.Equal(new KratosExtension(true, true, false, true, "email", "email", "email", false), email.Extension);
        Assert.Same(email, schema.DisplayNameField);
        Assert.All(schema.Fields.Skip(1), f => Assert.Equal((256, false), (f.MaxLength, f.Required)));
        Assert.Contains("https://localhost/schemas/default.schema.json", schema.Json);
        // Unknown traits are refused.
        Assert.False(schema.Validate(new() { ["email"] = "a@b.co", ["age"] = 3 }).IsValid);
        Assert.Same(DefaultSchema.Instance, DefaultSchema.Instance);
    }
}
