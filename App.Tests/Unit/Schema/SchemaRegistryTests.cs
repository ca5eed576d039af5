using App.Configuration;
using App.Identities;
using static App.Tests.Unit.Configuration.TestConfig;

namespace App.Tests.Unit.Schema;

/// <summary>Configured identity schemas load at start-up, or stop it with one error naming the schema and the problem.</summary>
public sealed class SchemaRegistryTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("schemas-").FullName;

    private SchemaRegistry Registry(params (string Id, string Json)[] schemas)
    {
        var keys = new List<(string, string?)>();
        for (var i = 0; i < schemas.Length; i++)
        {
            File.WriteAllText(Path.Combine(folder, schemas[i].Id + ".json"), schemas[i].Json);
            keys.Add(($"identity.schemas.{i}.id", schemas[i].Id));
            keys.Add(($"identity.schemas.{i}.url", $"file://{schemas[i].Id}.json"));
        }
        if (schemas.Length > 0) keys.Add(("identity.default_schema_id", schemas[0].Id));
        return new SchemaRegistry(PortalSettings.Load(Build(Local(), keys.ToArray())), folder);
    }

    [Fact]
    public void Without_configured_schemas_the_built_in_one_is_the_default()
    {
        var registry = Registry();
        Assert.Equal(("default", "Person"), (registry.Default.Id, registry.Default.Title));
        Assert.Single(registry.All);
    }

    [Fact]
    public void Several_schemas_load_even_with_the_same_id_inside()
    {
        var registry = Registry(("customer", SchemaExamples.EmailPassword), ("employee", SchemaExamples.EmailPassword));
        Assert.Equal(["customer", "employee"], registry.All.Select(s => s.Id));
        Assert.Equal("customer", registry.DefaultSchemaId);
        Assert.NotNull(registry.Find("employee"));
    }

    [Theory]
    [InlineData("{ \"type\": ", "is not valid JSON")]
    [InlineData("""{ "definitions": { "a": { "$ref": "#/definitions/b" }, "b": { "$ref": "#/definitions/a" } }, "properties": { "traits": { "$ref": "#/definitions/a" } } }""", "$ref cycle")]
    [InlineData("""{ "properties": { "traits": { "type": "object", "properties": { "email": { "$ref": "https://schemas.example.test/email.json" } } } } }""", "never fetched")]
    [InlineData("""{ "properties": { "traits": { "type": "object", "properties": { "email": { "type": "string", "minLength": -1 } } } } }""", "#/properties/traits/properties/email/minLength")]
    public void A_bad_schema_stops_start_up_naming_the_schema_and_the_problem(string json, string mentions)
    {
        var refused = Assert.Throws<InvalidConfigurationException>(() => Registry(("customer", json)));
        var error = Assert.Single(refused.Errors);
        Assert.Equal("identity.schemas[customer].url", error.Key);
        Assert.StartsWith("Identity schema \"customer\" ", error.Problem);
        Assert.Contains(mentions, error.Problem);
        Assert.Contains("identity.schemas[customer].url", refused.Message);
    }

    [Fact]
    public void An_unreadable_file_is_named_too()
    {
        var refused = Assert.Throws<InvalidConfigurationException>(() =>
            new SchemaRegistry(PortalSettings.Load(Build(Local(), ("identity.schemas.0.id", "gone"), ("identity.schemas.0.url", "file://gone.json"),
                ("identity.default_schema_id", "gone"))), folder));
        Assert.Equal("identity.schemas[gone].url", Assert.Single(refused.Errors).Key);
        Assert.Contains("cannot be read", refused.Errors[0].Problem);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
