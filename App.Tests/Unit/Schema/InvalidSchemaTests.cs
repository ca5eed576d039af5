using App.Identities.Schema;
using Xunit;

namespace App.Tests.Unit.Schema;

/// <summary>Schemas that are refused when they load, each with the schema's id, the place and the problem.</summary>
public class InvalidSchemaTests
{
    private static SchemaException Fails(string json) =>
        Assert.Throws<SchemaException>(() => IdentitySchema.Parse("broken", json));

    private static SchemaException FailsTraits(string traits) => Fails(SchemaExamples.WithTraits(traits));

    private static SchemaException FailsField(string field) =>
        FailsTraits($$"""{ "type": "object", "properties": { "x": {{field}} } }""");

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

    [Fact]
    public void Oversized_document_is_refused_before_it_is_parsed()
    {
        var padding = new string(' ', SchemaLoader.MaxBytes);
        var e = Fails(SchemaExamples.WithTraits("""{ "type": "object" }""") + padding);
        Assert.Matches("""^Identity schema "broken" is \d+ bytes; at most 524288 are accepted$""", e.Message);
    }

    [Fact]
    public void Nesting_deeper_than_json_allows_is_refused_as_not_json()
    {
        var deep = string.Concat(Enumerable.Repeat("""{ "type": "object", "properties": { "a": """, 40)) + "{ \"type\": \"string\" }" + new string('}', 80);
        Assert.StartsWith("Identity schema \"broken\" is not valid JSON", FailsTraits(deep).Message);
    }

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

    [Fact]
    public void Traits_referring_to_a_non_object_are_refused_where_the_type_is() =>
        Assert.Equal("#/definitions/t/type", Fails("""
            { "definitions": { "t": { "type": "array" } }, "properties": { "traits": { "$ref": "#/definitions/t" } } }
            """).Pointer);

    [Theory]
    [InlineData("http://json-schema.org/draft-04/schema#")]
    [InlineData("https://example.test/my-dialect")]
    public void Unsupported_dialect_is_refused(string dialect)
    {
        var e = Fails($$"""{ "$schema": "{{dialect}}", "properties": { "traits": { "type": "object" } } }""");
        Assert.Equal("#/$schema", e.Pointer);
        Assert.Contains("draft-07", e.Message);
    }

    [Theory]
    [InlineData("""{ "credentials": { "password": { "identifer": true } } }""", "/credentials/password", "identifer")]
    [InlineData("""{ "credentials": { "sms": {} } }""", "/credentials", "sms")]
    [InlineData("""{ "verification": { "via": "phone" } }""", "/verification/via", "one of")]
    [InlineData("""{ "credentials": { "code": { "via": "pigeon" } } }""", "/credentials/code/via", "one of")]
    [InlineData("""{ "credentials": { "passkey": { "display_name": "yes" } } }""", "/credentials/passkey/display_name", "boolean")]
    [InlineData("""{ "recovery": "email" }""", "/recovery", "object")]
    [InlineData("""{ "organizations": { "matcher": "name" } }""", "/organizations/matcher", "\"email_domain\"")]
    [InlineData("""{ "webhooks": true }""", "", "webhooks")]
    public void Extension_must_match_the_kratos_meta_schema(string extension, string where, string mentions)
    {
        var e = FailsTraits($$"""{ "type": "object", "properties": { "email": { "type": "string", "ory.sh/kratos": {{extension}} } } }""");
        Assert.Equal("#/properties/traits/properties/email/ory.sh~1kratos" + where, e.Pointer);
        Assert.Contains(mentions, e.Message);
    }

    [Fact]
    public void Extension_is_checked_wherever_a_trait_is_described()
    {
        // Behind a $ref, inside allOf and on array items alike.
        Assert.Equal("#/definitions/e/ory.sh~1kratos/credentials", Fails("""
            { "definitions": { "e": { "type": "string", "ory.sh/kratos": { "credentials": { "sms": {} } } } },
              "properties": { "traits": { "type": "object", "properties": { "email": { "$ref": "#/definitions/e" } } } } }
            """).Pointer);
        Assert.Equal("#/properties/traits/properties/email/allOf/0/ory.sh~1kratos/recovery/via", FailsTraits(
            """{ "type": "object", "properties": { "email": { "allOf": [{ "type": "string", "ory.sh/kratos": { "recovery": { "via": "fax" } } }] } } }""").Pointer);
        Assert.Equal("#/properties/traits/properties/emails/items/ory.sh~1kratos", FailsTraits(
            """{ "type": "object", "properties": { "emails": { "type": "array", "items": { "type": "string", "ory.sh/kratos": { "id": 1 } } } } }""").Pointer);
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
    [InlineData("""{ "type": "string", "pattern": "a(?=b)" }""", "/pattern")]
    [InlineData("""{ "type": "string", "minLength": -1 }""", "/minLength")]
    [InlineData("""{ "type": "string", "maxLength": 2.5 }""", "/maxLength")]
    [InlineData("""{ "type": "string", "enum": [] }""", "/enum")]
    [InlineData("""{ "type": "text" }""", "/type")]
    [InlineData("""{ "type": "null" }""", "/type")]
    [InlineData("""{ "title": "no type" }""", "")]
    [InlineData("""{ "type": "number", "minimum": "1" }""", "/minimum")]
    [InlineData("""{ "type": "number", "multipleOf": 0 }""", "/multipleOf")]
    [InlineData("""{ "type": "number", "minimum": 1, "exclusiveMinimum": true }""", "/exclusiveMinimum")]
    [InlineData("""{ "type": "string", "format": 5 }""", "/format")]
    [InlineData("""{ "type": "object", "patternProperties": { "(x)\\1": { "type": "string" } } }""", "/patternProperties")]
    [InlineData("""{ "type": "string", "allOf": {} }""", "/allOf")]
    public void Bad_keyword_values_are_refused(string field, string where)
    {
        var e = FailsField(field);
        Assert.Equal("#/properties/traits/properties/x" + where, e.Pointer);
        Assert.StartsWith($"Identity schema \"broken\" is invalid at {e.Pointer}: ", e.Message);
    }

    [Fact]
    public void Array_form_of_items_is_refused_in_2020_12_where_it_is_prefixItems() =>
        Assert.Equal("#/properties/traits/properties/x/items", Fails("""
            { "$schema": "https://json-schema.org/draft/2020-12/schema",
              "properties": { "traits": { "type": "object", "properties": { "x": { "type": "array", "items": [{ "type": "string" }] } } } } }
            """).Pointer);

    [Fact]
    public void Required_must_list_strings() =>
        Assert.Equal("#/properties/traits/required/0", FailsTraits("""{ "type": "object", "required": [1] }""").Pointer);

    [Fact]
    public void Dotted_trait_names_are_refused() =>
        Assert.Contains("'.'", FailsTraits("""{ "type": "object", "properties": { "a.b": { "type": "string" } } }""").Message);

    [Theory]
    [InlineData("#/definitions/nope", "points at nothing")]
    [InlineData("#/properties/traits/properties/missing", "points at nothing")]
    [InlineData("other.schema.json", "never fetched")]
    [InlineData("https://example.test/elsewhere.json#/definitions/e", "never fetched")]
    [InlineData("file:///etc/identity.schema.json", "never fetched")]
    public void Unresolvable_and_remote_references_are_refused_at_load(string reference, string mentions)
    {
        var e = FailsField($$"""{ "$ref": "{{reference}}" }""");
        Assert.Equal("#/properties/traits/properties/x/$ref", e.Pointer);
        Assert.Contains(reference, e.Message);
        Assert.Contains(mentions, e.Message);
    }

    [Fact]
    public void Unresolvable_reference_in_an_unused_definition_is_refused_too() =>
        Assert.Equal("#/definitions/unused/$ref", Fails("""
            { "definitions": { "unused": { "$ref": "#/definitions/gone" } }, "properties": { "traits": { "type": "object" } } }
            """).Pointer);

    [Theory]
    [InlineData("""{ "a": { "$ref": "#/definitions/b" }, "b": { "$ref": "#/definitions/a" } }""", "#/definitions/a → #/definitions/b → #/definitions/a")]
    [InlineData("""{ "a": { "$ref": "#/definitions/a" } }""", "#/definitions/a → #/definitions/a")]
    [InlineData("""{ "a": { "allOf": [{ "$ref": "#/definitions/b" }] }, "b": { "type": "object", "properties": { "c": { "$ref": "#/definitions/a" } } } }""", "→ #/definitions/a")]
    public void Reference_cycles_are_refused_instead_of_recursing_forever(string definitions, string cycle)
    {
        var e = Fails($$"""
            { "definitions": {{definitions}}, "properties": { "traits": { "type": "object", "properties": { "x": { "$ref": "#/definitions/a" } } } } }
            """);
        Assert.Contains("$ref cycle", e.Message);
        Assert.Contains(cycle, e.Message);
    }

    [Fact]
    public void Schema_referring_to_itself_is_refused() =>
        Assert.Contains("$ref cycle", FailsField("""{ "$ref": "#" }""").Message);

    [Fact]
    public void Reference_chains_deeper_than_the_limit_are_refused()
    {
        var chain = string.Join(", ", Enumerable.Range(0, SchemaGraph.MaxDepth + 1).Select(i => $$"""
            "d{{i}}": { "$ref": "#/definitions/d{{i + 1}}" }
            """)) + $$""", "d{{SchemaGraph.MaxDepth + 1}}": { "type": "string" }""";
        var e = Fails($$"""{ "definitions": { {{chain}} }, "properties": { "traits": { "type": "object" } } }""");
        Assert.Contains($"more than {SchemaGraph.MaxDepth} levels deep", e.Message);
    }

    [Fact]
    public void Unknown_annotations_are_ignored()
    {
        var schema = IdentitySchema.Parse("ok", SchemaExamples.WithTraits(
            """{ "type": "object", "description": "d", "properties": { "x": { "type": "string", "x-ui": 1, "examples": ["a"], "format": "x-custom" } } }"""));
        Assert.Equal("x-custom", schema.Fields[0].Format);
        Assert.True(schema.Validate(new() { ["x"] = "anything goes for a format nobody knows" }).IsValid);
    }
}
