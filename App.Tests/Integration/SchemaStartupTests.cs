using System.Diagnostics;
using static App.Tests.Infrastructure.LocalMachine;

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
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "App.dll")])
        {
            WorkingDirectory = RepositoryRoot(), RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["dsn"] = "sqlite://" + Path.Combine(folder, "identity.db");
        start.Environment["serve__public__port"] = FreePort().ToString();
        start.Environment["serve__admin__port"] = FreePort().ToString();
        start.Environment["identity__schemas__0__id"] = "broken";
        start.Environment["identity__schemas__0__url"] = "file://" + file;
        start.Environment["identity__default_schema_id"] = "broken";

        using var portal = Process.Start(start)!;
        var stderr = portal.StandardError.ReadToEndAsync();
        var stdout = portal.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await portal.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            portal.Kill(entireProcessTree: true);
            Assert.Fail("The portal kept running with a broken identity schema.");
        }

        var message = await stderr;
        Assert.True(portal.ExitCode == 1, $"exit code {portal.ExitCode}; stderr: {message}; stdout: {await stdout}");
        Assert.Contains("identity.schemas[broken].url", message);
        Assert.Contains("Identity schema \"broken\" is invalid at #/properties/traits/properties/", message);
        Assert.Contains(mentions, message);
        Assert.DoesNotContain("   at ", message);   // a message, not a stack trace
        Directory.Delete(folder, recursive: true);
    }
}
