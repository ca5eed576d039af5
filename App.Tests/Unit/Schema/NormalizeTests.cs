using System.Text.Json.Nodes;
using App.Identities.Schema;
using Xunit;

namespace App.Tests.Unit.Schema;

public class NormalizeTests
{
    [Fact]
    public void Trims_strings_and_normalises_email_traits()
    {
        var schema = IdentitySchema.Parse("nested", SchemaExamples.NestedWithEnum);
        var input = JsonNode.Parse("""
            { "email": "  Ann.Lee@BÜCHER.Example ", "name": { "first": " Ann ", "last": "Lee\t" }, "plan": "pro", "extra": [" x ", 1, true, null] }
            """)!.AsObject();

        var output = schema.Normalize(input);

        Assert.Equal("""{"email":"ann.lee@xn--bcher-kva.example","name":{"first":"Ann","last":"Lee"},"plan":"pro","extra":["x",1,true,null]}""",
            output.ToJsonString());
    }

    [Fact]
    public void Returns_a_new_object_and_leaves_the_input_alone()
    {
        var schema = IdentitySchema.Parse("preset", SchemaExamples.EmailPassword);
        var input = new JsonObject { ["email"] = " ANN@EXAMPLE.COM " };

        var output = schema.Normalize(input);

        Assert.NotSame(input, output);
        Assert.Equal(" ANN@EXAMPLE.COM ", input["email"]!.GetValue<string>());
        Assert.Equal("ann@example.com", output["email"]!.GetValue<string>());
        output["email"] = "changed";   // the copy is detached: no shared nodes
        Assert.Equal(" ANN@EXAMPLE.COM ", input["email"]!.GetValue<string>());
    }

    [Fact]
    public void Email_channels_and_email_arrays_are_normalised_but_other_strings_keep_their_case()
    {
        var username = IdentitySchema.Parse("username", SchemaExamples.Username);
        var output = username.Normalize(new JsonObject { ["username"] = " MixedCase ", ["contact"] = "Ann@Example.COM" });
        Assert.Equal(("MixedCase", "ann@example.com"), (output["username"]!.GetValue<string>(), output["contact"]!.GetValue<string>()));

        var profile = IdentitySchema.Parse("profile", SchemaExamples.Profile);
        var emails = profile.Normalize(new JsonObject { ["emails"] = new JsonArray("A@B.CO", " c@D.io") })["emails"]!.AsArray();
        Assert.Equal(["a@b.co", "c@d.io"], emails.Select(e => e!.GetValue<string>()));
    }

    [Fact]
    public void Non_string_values_in_email_fields_are_left_for_validation()
    {
        var schema = IdentitySchema.Parse("preset", SchemaExamples.EmailPassword);
        var output = schema.Normalize(new JsonObject { ["email"] = 5 });
        Assert.Equal("expected string, but got number", schema.Validate(output)[0].Text);
    }

    [Fact]
    public void Items_the_extension_marks_as_addresses_are_normalised()
    {
        var schema = IdentitySchema.Parse("emails", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Unit", "Schema", "Fixtures", "kratos-handler-multiple-emails.schema.json")));
        var output = schema.Normalize(new JsonObject { ["emails"] = new JsonArray(" Ann@Example.COM", 3), ["username"] = "Ann@Example.ORG " });
        Assert.Equal("""{"emails":["ann@example.com",3],"username":"ann@example.org"}""", output.ToJsonString());
    }
}
