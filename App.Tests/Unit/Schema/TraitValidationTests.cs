using System.Text.Json;
using System.Text.Json.Nodes;
using App.Identities.Schema;
using Xunit;

namespace App.Tests.Unit.Schema;

/// <summary>Every message a trait can fail with, with Kratos's ids, texts and context.</summary>
public class TraitValidationTests
{
    private static readonly IdentitySchema EmailPassword = IdentitySchema.Parse("preset", SchemaExamples.EmailPassword);
    private static readonly IdentitySchema Username = IdentitySchema.Parse("username", SchemaExamples.Username);
    private static readonly IdentitySchema Nested = IdentitySchema.Parse("nested", SchemaExamples.NestedWithEnum);
    private static readonly IdentitySchema Phone = IdentitySchema.Parse("phone", SchemaExamples.Phone);
    private static readonly IdentitySchema Profile = IdentitySchema.Parse("profile", SchemaExamples.Profile);

    private static TraitError Single(IdentitySchema schema, string traitsJson)
    {
        var errors = schema.Validate(JsonNode.Parse(traitsJson)!.AsObject());
        Assert.False(errors.IsValid);
        return Assert.Single(errors);
    }

    private static void AssertError(TraitError error, string path, int id, string text, params (string Key, object? Value)[] context)
    {
        Assert.Equal((path, id, text), (error.Path, error.MessageId, error.Text));
        // Compared as the JSON the wire carries, so arrays compare by content.
        Assert.Equal(
            JsonSerializer.Serialize(context.OrderBy(c => c.Key).ToDictionary(c => c.Key, c => c.Value)),
            JsonSerializer.Serialize(error.Context.OrderBy(c => c.Key).ToDictionary(c => c.Key, c => c.Value)));
    }

    [Theory]
    [InlineData("""{ "email": "ann@example.com" }""")]
    [InlineData("""{ "email": "x@y.io" }""")]
    public void Valid_traits_have_no_errors(string traits)
    {
        var errors = EmailPassword.Validate(JsonNode.Parse(traits)!.AsObject());
        Assert.True(errors.IsValid);
        Assert.Empty(errors);
    }

    [Fact]
    public void Complete_profile_is_valid() =>
        Assert.True(Profile.Validate(JsonNode.Parse("""
            { "age": 30, "score": 9.5, "newsletter": true, "nickname": null, "tags": ["ab", "cd"], "emails": ["a@b.co"] }
            """)!.AsObject()).IsValid);

    [Fact]
    public void Missing_required_trait_is_reported_at_that_trait()
    {
        var error = Single(EmailPassword, "{}");
        AssertError(error, "email", 4000002, "Property email is missing.", ("property", "email"));
        Assert.Equal("traits.email", error.InputName);
    }

    [Fact]
    public void Null_traits_are_judged_like_empty_ones() =>
        AssertError(Assert.Single(EmailPassword.Validate(null)), "email", 4000002, "Property email is missing.", ("property", "email"));

    [Fact]
    public void Missing_nested_required_trait_names_the_leaf()
    {
        var error = Single(Nested, """{ "email": "a@b.co", "name": { "last": "Lovelace" } }""");
        AssertError(error, "name.first", 4000002, "Property first is missing.", ("property", "first"));
    }

    [Fact]
    public void Missing_object_is_reported_once_not_for_its_children() =>
        AssertError(Single(Nested, """{ "email": "a@b.co" }"""), "name", 4000002, "Property name is missing.", ("property", "name"));

    [Fact]
    public void Several_fields_fail_in_document_order()
    {
        var errors = Nested.Validate(JsonNode.Parse("""{ "plan": "gold", "name": {} }""")!.AsObject());
        Assert.Equal(["email", "name.first", "plan"], errors.Select(e => e.Path));
        Assert.Equal(4000001, errors.For("plan")!.MessageId);
        Assert.Null(errors.For("name.last"));
    }

    [Fact]
    public void Wrong_type_names_allowed_and_actual_types()
    {
        var error = Single(EmailPassword, """{ "email": 42 }""");
        AssertError(error, "email", 4000026, "expected string, but got number", ("allowed_types", new[] { "string" }), ("actual_type", "number"));
    }

    [Theory]
    [InlineData("""{ "nickname": 1 }""", "nickname", "expected string or null, but got number")]
    [InlineData("""{ "age": 30.5 }""", "age", "expected integer, but got number")]
    [InlineData("""{ "age": "30" }""", "age", "expected integer, but got string")]
    [InlineData("""{ "newsletter": "yes" }""", "newsletter", "expected boolean, but got string")]
    [InlineData("""{ "tags": "ab" }""", "tags", "expected array, but got string")]
    [InlineData("""{ "tags": null }""", "tags", "expected array, but got null")]
    public void Wrong_types(string traits, string path, string text)
    {
        var error = Single(Profile, traits);
        Assert.Equal((path, 4000026, text), (error.Path, error.MessageId, error.Text));
    }

    [Fact]
    public void Wrong_type_of_a_nested_object()
    {
        var error = Single(Nested, """{ "email": "a@b.co", "name": "Ada" }""");
        Assert.Equal(("name", "expected object, but got string"), (error.Path, error.Text));
    }

    [Fact]
    public void Type_error_wins_over_required_children()
    {
        var error = Single(Nested, """{ "email": "a@b.co", "name": [] }""");
        Assert.Equal(("name", 4000026), (error.Path, error.MessageId));
    }

    [Fact]
    public void Value_outside_enum_lists_the_allowed_values() =>
        AssertError(Single(Nested, """{ "email": "a@b.co", "name": { "first": "Ada" }, "plan": "gold" }"""),
            "plan", 4000001, "value must be one of \"free\", \"pro\", \"team\"", ("reason", "value must be one of \"free\", \"pro\", \"team\""));

    [Fact]
    public void Single_value_enum_says_so() =>
        Assert.Equal("value must be \"member\"", Single(Nested, """{ "email": "a@b.co", "name": { "first": "Ada" }, "role": "admin" }""").Text);

    [Fact]
    public void Enum_of_numbers_compares_numerically()
    {
        var schema = IdentitySchema.Parse("n", SchemaExamples.WithTraits("""{ "type": "object", "properties": { "level": { "type": "number", "enum": [1, 2.5] } } }"""));
        Assert.True(schema.Validate(JsonNode.Parse("""{ "level": 1.0 }""")!.AsObject()).IsValid);
        Assert.Equal("value must be one of \"1\", \"2.5\"", schema.Validate(JsonNode.Parse("""{ "level": 3 }""")!.AsObject())[0].Text);
    }

    [Fact]
    public void Too_short() =>
        AssertError(Single(Username, """{ "username": "ab" }"""), "username", 4000003, "length must be >= 3, but got 2",
            ("min_length", 3), ("actual_length", 2));

    [Fact]
    public void Too_long() =>
        AssertError(Single(Username, """{ "username": "abcdefghijklm" }"""), "username", 4000017, "length must be <= 12, but got 13",
            ("max_length", 12), ("actual_length", 13));

    [Fact]
    public void Length_counts_code_points_not_utf16_units()
    {
        // Five characters, seven UTF-16 units: within maxLength 5.
        Assert.Null(Nested.Validate(JsonNode.Parse("""{ "email": "a@b.co", "name": { "first": "😀é😀ab" } }""")!.AsObject()).For("name.first"));
        var error = Single(Nested, """{ "email": "a@b.co", "name": { "first": "😀😀😀😀😀😀" } }""");
        Assert.Equal("length must be <= 5, but got 6", error.Text);
    }

    [Fact]
    public void Pattern_mismatch_quotes_the_pattern_like_go() =>
        AssertError(Single(Username, """{ "username": "Ann-Marie" }"""), "username", 4000004, "does not match pattern \"^[a-z0-9_]+$\"",
            ("pattern", "^[a-z0-9_]+$"));

    [Fact]
    public void Pattern_is_searched_not_anchored()
    {
        var schema = IdentitySchema.Parse("p", SchemaExamples.WithTraits("""{ "type": "object", "properties": { "code": { "type": "string", "pattern": "\\d{3}" } } }"""));
        Assert.True(schema.Validate(new() { ["code"] = "ab123cd" }).IsValid);
        Assert.Equal("does not match pattern \"\\\\d{3}\"", schema.Validate(new() { ["code"] = "ab12" })[0].Text);
    }

    [Fact]
    public void Only_the_first_failure_of_a_field_is_reported()
    {
        // "A!" is both too short and off-pattern: minLength comes first.
        Assert.Equal(4000003, Single(Username, """{ "username": "A!" }""").MessageId);
        // Too short and not an email: minLength comes before format.
        Assert.Equal(4000003, Single(EmailPassword, """{ "email": "a" }""").MessageId);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("ann@localhost")]
    [InlineData("ann @example.com")]
    public void Invalid_email_uses_kratos_email_message(string value)
    {
        var error = Single(EmailPassword, $$"""{ "email": "{{value}}" }""");
        AssertError(error, "email", 4000040, "Enter a valid email address", ("value", value));
    }

    [Fact]
    public void Email_channel_without_format_is_still_checked_as_email()
    {
        AssertError(Single(Username, """{ "username": "ann", "contact": "ann" }"""), "contact", 4000040, "Enter a valid email address", ("value", "ann"));
        Assert.True(Username.Validate(new() { ["username"] = "ann", ["contact"] = "ann@example.com" }).IsValid);
    }

    [Theory]
    [InlineData("+49 30 1234567", true)]
    [InlineData("+1 (415) 555-0100", true)]
    [InlineData("+4915112345678", true)]
    [InlineData("015112345678", false)]
    [InlineData("+0151123456", false)]
    [InlineData("+12345", false)]
    [InlineData("+1234567890123456", false)]
    [InlineData("+49 30 CALL-ME", false)]
    public void Phone_numbers_for_sms(string value, bool valid)
    {
        var errors = Phone.Validate(new() { ["phone"] = value });
        Assert.Equal(valid, errors.IsValid);
        if (!valid) AssertError(errors[0], "phone", 4000041, "Enter a valid phone number", ("value", value));
    }

    [Theory]
    [InlineData("""{ "age": 12 }""", 4000018, "must be >= 13 but found 12", "minimum", 13d, 12d)]
    [InlineData("""{ "age": 131 }""", 4000020, "must be <= 130 but found 131", "maximum", 130d, 131d)]
    [InlineData("""{ "score": 0 }""", 4000019, "must be > 0 but found 0", "minimum", 0d, 0d)]
    [InlineData("""{ "score": 10 }""", 4000021, "must be < 10 but found 10", "maximum", 10d, 10d)]
    public void Number_bounds(string traits, int id, string text, string key, double limit, double actual)
    {
        var error = Single(Profile, traits);
        AssertError(error, traits.Contains("age") ? "age" : "score", id, text, (key, limit), ("actual", actual));
    }

    [Fact]
    public void Multiple_of_uses_decimal_arithmetic()
    {
        Assert.True(Profile.Validate(JsonNode.Parse("""{ "score": 1.5 }""")!.AsObject()).IsValid);
        AssertError(Single(Profile, """{ "score": 1.2 }"""), "score", 4000022, "1.2 not multipleOf 0.5", ("base", 0.5), ("actual", 1.2));
    }

    [Fact]
    public void Array_limits()
    {
        AssertError(Single(Profile, """{ "tags": [] }"""), "tags", 4000024, "minimum 1 items allowed, but found 0 items", ("min_items", 1), ("actual_items", 0));
        AssertError(Single(Profile, """{ "tags": ["aa", "bb", "cc", "dd"] }"""), "tags", 4000023, "maximum 3 items allowed, but found 4 items", ("max_items", 3), ("actual_items", 4));
        AssertError(Single(Profile, """{ "tags": ["aa", "bb", "aa"] }"""), "tags", 4000025, "items at index 0 and 2 are equal", ("index_a", 0), ("index_b", 2));
    }

    [Fact]
    public void Array_items_are_reported_by_index()
    {
        var errors = Profile.Validate(JsonNode.Parse("""{ "tags": ["aa", "b"], "emails": ["ok@x.io", "nope"] }""")!.AsObject());
        Assert.Equal([("tags.1", 4000003), ("emails.1", 4000040)], errors.Select(e => (e.Path, e.MessageId)));
    }

    [Fact]
    public void Unknown_trait_is_refused_at_object_level()
    {
        var error = Single(EmailPassword, """{ "email": "a@b.co", "nickname": "x", "age": 3 }""");
        AssertError(error, "", 4000001, "additionalProperties \"nickname\", \"age\" not allowed", ("reason", "additionalProperties \"nickname\", \"age\" not allowed"));
        Assert.Null(error.InputName);
    }

    [Fact]
    public void Unknown_nested_trait_is_refused_at_its_object() =>
        AssertError(Single(Nested, """{ "email": "a@b.co", "name": { "first": "Ada", "middle": "B" } }"""),
            "name", 4000001, "additionalProperties \"middle\" not allowed", ("reason", "additionalProperties \"middle\" not allowed"));

    [Fact]
    public void Unknown_traits_are_fine_without_additional_properties_false() =>
        Assert.True(Username.Validate(new() { ["username"] = "ann", ["anything"] = new JsonArray(1, 2) }).IsValid);

    [Fact]
    public void Required_but_undeclared_property_is_still_required()
    {
        var schema = IdentitySchema.Parse("r", SchemaExamples.WithTraits("""{ "type": "object", "required": ["terms"] }"""));
        AssertError(Assert.Single(schema.Validate(new())), "terms", 4000002, "Property terms is missing.", ("property", "terms"));
        Assert.True(schema.Validate(new() { ["terms"] = true }).IsValid);
    }

    [Fact]
    public void Values_built_in_code_validate_like_parsed_ones()
    {
        var traits = new JsonObject { ["age"] = 12, ["newsletter"] = false, ["tags"] = new JsonArray("aa") };
        Assert.Equal([("age", 4000018)], Profile.Validate(traits).Select(e => (e.Path, e.MessageId)));
    }
}
