namespace App.Tests.Integration;

/// <summary>The real portal process refuses a bad identity schema at start-up: a clear message and exit code 1, never a hang.</summary>
public sealed class SchemaStartupTests
{
    [Theory]
    [InlineData("""{ "properties": { "traits": { "type": "object", "properties": { "x": { "$ref": "#" } } } } }""", "$ref cycle")]
    [InlineData("""{ "properties": { "traits": { "type": "object", "properties": { "email": { "type": "string", "ory.sh/kratos": { "credentials": { "password": { "identifer": true } } } } } } } }""", "\"identifer\" not allowed")]
    public async Task A_bad_schema_stops_the_portal_before_it_listens(string schema, string mentions)
    {
        var folder = Directory.CreateTempSubdirectory("schema-startup-").FullName;
        var file = Path.Combine(folder, "broken.schema.json");
        await File.WriteAllTextAsync(file, schema);
        var (exitCode, message, stdout) = await Infrastructure.PortalProcess.RunUntilExitAsync(folder, new Dictionary<string, string>
        {
            ["identity__schemas__0__id"] = "broken",
            ["identity__schemas__0__url"] = "file://" + file,
            ["identity__default_schema_id"] = "broken",
        });

        Assert.True(exitCode == 1, $"exit code {exitCode}; stderr: {message}; stdout: {stdout}");
        Assert.Contains("identity.schemas[broken].url", message);
        Assert.Contains("Identity schema \"broken\" is invalid at #/properties/traits/properties/", message);
        Assert.Contains(mentions, message);
        Assert.DoesNotContain("   at ", message);   // a message, not a stack trace
        Directory.Delete(folder, recursive: true);
    }
}
