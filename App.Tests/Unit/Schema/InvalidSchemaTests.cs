using App.Identities.Schema;
using Xunit;

namespace App.Tests.Unit.Schema;

public class InvalidSchemaTests
{
    private static SchemaException Fails(string json) =>
        Assert.Throws<SchemaException>(() => IdentitySchema.Parse("broken", json));

    private static SchemaException FailsTraits(string traits) => Fails(SchemaExamples.WithTraits(traits));

    [Fact]
    public void Not_json()
    {
        var e = Fails("{ \"type\": ");
        Assert.StartsWith("Identity schema \"broken\" is not valid JSON", e.Message);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(e.InnerException);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"schema\"")]
    public void Not_an_object(string json) => Assert.Contains("must be a JSON object", Fails(json).Message);

    [Theory]
    [InlineData("""{ "type": "object", "properties": {} }""")]
    [InlineData("""{ "type": "object" }""")]
    [InlineData("""{ "type": "object", "properties": { "traits": true } }""")]
    public void Without_traits(string json)
    {
        var e = Fails(json);
        Assert.Equal("#/properties/traits", e.Pointer);
        Assert.Contains("Identity schema \"broken\"", e.Message);
    }

    [Fact]
    public void Root_of_another_type() => Assert.Equal("#/type", Fails("""{ "type": "string", "properties": { "traits": { "type": "object" } } }""").Pointer);

    [Fact]
    public void Traits_not_an_object() => Assert.Equal("#/properties/traits/type", FailsTraits("""{ "type": "string" }""").Pointer);

    [Theory]
    [InlineData("oneOf")]
    [InlineData("allOf")]
    [InlineData("$ref")]
    [InlineData("if")]
    [InlineData("patternProperties")]
    [InlineData("const")]
    public void Unsupported_keyword_is_refused_with_its_location(string keyword)
    {
        var e = FailsTraits($$"""{ "type": "object", "properties": { "email": { "type": "string", "{{keyword}}": {} } } }""");
        Assert.Equal("#/properties/traits/properties/email", e.Pointer);
        Assert.Contains($"\"{keyword}\" is not supported", e.Message);
    }

    [Theory]
    [InlineData("""{ "credentials": { "password": { "identifer": true } } }""", "/credentials/password", "identifer")]
    [InlineData("""{ "credentials": { "sms": {} } }""", "/credentials", "sms")]
    [InlineData("""{ "verification": { "via": "phone" } }""", "/verification/via", "one of")]
    [InlineData("""{ "credentials": { "code": { "via": "pigeon" } } }""", "/credentials/code/via", "one of")]
    [InlineData("""{ "credentials": { "passkey": { "display_name": "yes" } } }""", "/credentials/passkey/display_name", "boolean")]
    [InlineData("""{ "recovery": "email" }""", "/recovery", "object")]
    [InlineData("""{ "organizations": { "matcher": "name" } }""", "/organizations/matcher", "one of")]
    [InlineData("""{ "webhooks": true }""", "", "webhooks")]
    public void Extension_must_match_the_kratos_meta_schema(string extension, string where, string mentions)
    {
        var e = FailsTraits($$"""{ "type": "object", "properties": { "email": { "type": "string", "ory.sh/kratos": {{extension}} } } }""");
        Assert.Equal("#/properties/traits/properties/email/ory.sh~1kratos" + where, e.Pointer);
        Assert.Contains(mentions, e.Message);
    }

    [Fact]
    public void Organizations_matcher_is_accepted()
    {
        var schema = IdentitySchema.Parse("org", SchemaExamples.WithTraits(
            """{ "type": "object", "properties": { "email": { "type": "string", "ory.sh/kratos": { "organizations": { "matcher": "email_domain" } } } } }"""));
        Assert.Equal(KratosExtension.None, schema.Fields[0].Extension);
    }

    [Theory]
    [InlineData("""{ "type": "string", "pattern": "([a-z" }""", "/pattern")]
    [InlineData("""{ "type": "string", "pattern": "(a)\\1" }""", "/pattern")]
    [InlineData("""{ "type": "string", "minLength": -1 }""", "/minLength")]
    [InlineData("""{ "type": "string", "maxLength": 2.5 }""", "/maxLength")]
    [InlineData("""{ "type": "string", "enum": [] }""", "/enum")]
    [InlineData("""{ "type": "text" }""", "/type")]
    [InlineData("""{ "type": "null" }""", "/type")]
    [InlineData("""{ "title": "no type" }""", "")]
    [InlineData("""{ "type": "number", "minimum": "1" }""", "/minimum")]
    [InlineData("""{ "type": "number", "multipleOf": 0 }""", "/multipleOf")]
    [InlineData("""{ "type": "number", "minimum": 1, "exclusiveMinimum": true }""", "/exclusiveMinimum")]
    [InlineData("""{ "type": "array", "items": [{ "type": "string" }] }""", "/items")]
    [InlineData("""{ "type": "string", "format": 5 }""", "/format")]
    public void Bad_keyword_values_are_refused(string field, string where)
    {
        var e = FailsTraits($$"""{ "type": "object", "properties": { "x": {{field}} } }""");
        Assert.Equal("#/properties/traits/properties/x" + where, e.Pointer);
    }

    [Fact]
    public void Additional_properties_schema_is_refused() =>
        Assert.Equal("#/properties/traits/additionalProperties",
            FailsTraits("""{ "type": "object", "additionalProperties": { "type": "string" } }""").Pointer);

    [Fact]
    public void Required_must_list_strings() =>
        Assert.Equal("#/properties/traits/required/0", FailsTraits("""{ "type": "object", "required": [1] }""").Pointer);

    [Fact]
    public void Dotted_trait_names_are_refused() =>
        Assert.Contains("'.'", FailsTraits("""{ "type": "object", "properties": { "a.b": { "type": "string" } } }""").Message);

    [Fact]
    public void Unknown_annotations_are_ignored()
    {
        var schema = IdentitySchema.Parse("ok", SchemaExamples.WithTraits(
            """{ "type": "object", "description": "d", "properties": { "x": { "type": "string", "format": "date", "x-ui": 1, "examples": ["a"] } } }"""));
        Assert.Equal("date", schema.Fields[0].Format);
        Assert.True(schema.Validate(new() { ["x"] = "not a date, and unchecked" }).IsValid);
    }
}
