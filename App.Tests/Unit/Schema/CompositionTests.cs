using System.Diagnostics;
using System.Text.Json.Nodes;
using App.Identities.Schema;
using Xunit;

namespace App.Tests.Unit.Schema;

/// <summary>
/// The JSON-Schema keywords operators bring from full Kratos schemas: references, combinators,
/// conditionals, pattern and additional properties, const and formats, in draft-07 and 2020-12.
/// </summary>
public class CompositionTests
{
    /// <summary>A 2020-12 schema that uses every combinator on traits.</summary>
    private const string Modern = """
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://example.test/modern.schema.json",
      "$defs": {
        "email": {
          "type": "string",
          "format": "email",
          "title": "Email",
          "ory.sh/kratos": { "credentials": { "passkey": { "display_name": true }, "code": { "identifier": true, "via": "email" } } }
        },
        "name": { "type": "string", "minLength": 2, "maxLength": 20 }
      },
      "type": "object",
      "properties": {
        "traits": {
          "type": "object",
          "properties": {
            "email": { "$ref": "#/$defs/email" },
            "nickname": { "allOf": [{ "$ref": "#/$defs/name" }, { "pattern": "^[a-z]+$" }], "title": "Nickname" },
            "contact": { "oneOf": [{ "type": "string", "format": "email" }, { "type": "string", "format": "tel" }], "title": "Contact" },
            "plan": { "const": "free" },
            "kind": { "type": "string", "enum": ["person", "company"] },
            "company": { "type": "string" },
            "birthday": { "type": "string", "format": "date" },
            "homepage": { "type": "string", "format": "uri" },
            "seen": { "type": "string", "format": "date-time" },
            "code": { "anyOf": [{ "type": "integer" }, { "type": "string", "pattern": "^[A-Z]{3}$" }] },
            "labels": {
              "type": "object",
              "patternProperties": { "^x_": { "type": "string" } },
              "additionalProperties": { "type": "integer" }
            }
          },
          "required": ["email"],
          "if": { "properties": { "kind": { "const": "company" } }, "required": ["kind"] },
          "then": { "required": ["company"] },
          "else": { "properties": { "company": { "maxLength": 0 } } },
          "dependentRequired": { "homepage": ["birthday"] },
          "additionalProperties": false
        }
      }
    }
    """;

    private static readonly IdentitySchema Schema = IdentitySchema.Parse("modern", Modern);

    private static TraitErrors Validate(string traits) => Schema.Validate(JsonNode.Parse(traits)!.AsObject());

    private static TraitError Single(string traits) => Assert.Single(Validate(traits));

    [Fact]
    public void Fields_come_from_references_and_combinators()
    {
        Assert.Equal(["email", "nickname", "contact", "plan", "kind", "company", "birthday", "homepage", "seen", "code"], Schema.Fields.Select(f => f.Path));
        var email = Schema.Field("email")!;
        Assert.Equal(("string", "email", "Email", true), (email.Type, email.Format, email.Title, email.Required));
        Assert.True(email.Extension.PasskeyDisplayName && email.Extension.CodeIdentifier);
        Assert.Same(email, Schema.DisplayNameField);
        var nickname = Schema.Field("nickname")!;
        Assert.Equal(("Nickname", 2, 20, "^[a-z]+$"), (nickname.Title, nickname.MinLength, nickname.MaxLength, nickname.Pattern));
        Assert.Equal("string", Schema.Field("plan")!.Type);   // from const
        Assert.False(Schema.Field("company")!.Required);       // only required under a condition
    }

    [Fact]
    public void Valid_traits_pass() => Assert.True(Validate("""
        { "email": "ann@example.com", "nickname": "ann", "contact": "+49 30 1234567", "plan": "free", "kind": "company",
          "company": "Acme", "birthday": "1990-02-28", "homepage": "https://example.com/", "seen": "2024-05-01T10:00:00Z",
          "code": "ABC", "labels": { "x_team": "blue", "floor": 3 } }
        """).IsValid);

    [Fact]
    public void Reference_target_rules_apply_at_the_referring_trait() =>
        Assert.Equal(("email", 4000040), Key(Single("""{ "email": "nope" }""")));

    [Fact]
    public void All_of_applies_every_part()
    {
        Assert.Equal(("nickname", 4000003), Key(Single("""{ "email": "a@b.co", "nickname": "a" }""")));
        Assert.Equal(("nickname", 4000004), Key(Single("""{ "email": "a@b.co", "nickname": "Ann" }""")));
    }

    [Fact]
    public void One_of_reports_the_failing_branches_when_none_matches()
    {
        var error = Single("""{ "email": "a@b.co", "contact": "neither" }""");
        Assert.Equal("contact", error.Path);
        Assert.Contains(error.MessageId, new[] { 4000040, 4000041 });
    }

    [Fact]
    public void One_of_matching_twice_is_one_generic_message()
    {
        var schema = IdentitySchema.Parse("o", SchemaExamples.WithTraits(
            """{ "type": "object", "properties": { "v": { "oneOf": [{ "type": "string" }, { "minLength": 1 }] } } }"""));
        var error = Assert.Single(schema.Validate(new() { ["v"] = "both" }));
        Assert.Equal(("v", 4000001, "valid against schemas at indexes 0 and 1"), (error.Path, error.MessageId, error.Text));
    }

    [Fact]
    public void Any_of_needs_one_branch_and_reports_all_when_none_matches()
    {
        Assert.True(Validate("""{ "email": "a@b.co", "code": 7 }""").IsValid);
        var error = Single("""{ "email": "a@b.co", "code": "abc" }""");
        Assert.Equal("code", error.Path);
    }

    [Fact]
    public void Const_uses_kratos_const_message() =>
        Assert.Equal(("plan", 4000029, "must be equal to constant \"free\""), Text(Single("""{ "email": "a@b.co", "plan": "pro" }""")));

    [Fact]
    public void If_then_else_applies_the_matching_branch_only()
    {
        Assert.Equal(("company", 4000002, "Property company is missing."), Text(Single("""{ "email": "a@b.co", "kind": "company" }""")));
        Assert.Equal(("company", 4000017), Key(Single("""{ "email": "a@b.co", "kind": "person", "company": "Acme" }""")));
        Assert.True(Validate("""{ "email": "a@b.co", "kind": "person" }""").IsValid);
    }

    [Fact]
    public void Dependent_required_names_the_missing_trait() =>
        Assert.Equal(("birthday", 4000002), Key(Single("""{ "email": "a@b.co", "homepage": "https://example.com/" }""")));

    [Theory]
    [InlineData("birthday", "1990-02-30")]
    [InlineData("seen", "yesterday")]
    [InlineData("homepage", "not a uri")]
    public void Formats_are_checked(string trait, string value)
    {
        var traits = JsonNode.Parse("""{ "email": "a@b.co", "birthday": "1990-02-28", "homepage": "https://example.com/" }""")!.AsObject();
        traits[trait] = value;
        var error = Assert.Single(Schema.Validate(traits));
        Assert.Equal((trait, 4000001), Key(error));
        Assert.Contains("is not valid", error.Text);
    }

    [Fact]
    public void Pattern_and_additional_property_schemas_check_their_values()
    {
        var errors = Validate("""{ "email": "a@b.co", "labels": { "x_team": 1, "floor": "third" } }""");
        Assert.Equal([("labels.x_team", 4000026), ("labels.floor", 4000026)], errors.Select(Key).OrderByDescending(k => k.Item1));
    }

    [Fact]
    public void Draft_07_definitions_dependencies_and_tuple_items_work()
    {
        var schema = IdentitySchema.Parse("d7", """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "definitions": { "tag": { "type": "string", "minLength": 2 } },
              "properties": {
                "traits": {
                  "type": "object",
                  "properties": {
                    "pair": { "type": "array", "items": [{ "$ref": "#/definitions/tag" }, { "type": "integer" }] },
                    "optIn": { "type": "boolean" },
                    "phone": { "type": "string" }
                  },
                  "dependencies": { "optIn": ["phone"] }
                }
              }
            }
            """);
        Assert.True(schema.Validate(JsonNode.Parse("""{ "pair": ["ab", 2] }""")!.AsObject()).IsValid);
        Assert.Equal("pair.0", Assert.Single(schema.Validate(JsonNode.Parse("""{ "pair": ["a", 2] }""")!.AsObject())).Path);
        Assert.Equal(("phone", 4000002), Key(Assert.Single(schema.Validate(JsonNode.Parse("""{ "optIn": true }""")!.AsObject()))));
    }

    [Fact]
    public void Two_schemas_may_share_an_id()
    {
        var a = IdentitySchema.Parse("a", Modern);
        var b = IdentitySchema.Parse("b", Modern);
        Assert.True(a.Validate(new() { ["email"] = "a@b.co" }).IsValid && b.Validate(new() { ["email"] = "a@b.co" }).IsValid);
    }

    [Fact]
    public void Patterns_match_in_linear_time()
    {
        // Exponential for a backtracking engine; Kratos's RE2 and this portal stay linear.
        var schema = IdentitySchema.Parse("p", SchemaExamples.WithTraits(
            """{ "type": "object", "properties": { "p": { "type": "string", "pattern": "^(a+)+$" } } }"""));
        var clock = Stopwatch.StartNew();
        var error = Assert.Single(schema.Validate(new() { ["p"] = new string('a', 5000) + "!" }));
        Assert.Equal(4000004, error.MessageId);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    private static (string, int) Key(TraitError error) => (error.Path, error.MessageId);

    private static (string, int, string) Text(TraitError error) => (error.Path, error.MessageId, error.Text);
}
