namespace App.Tests.Integration;

/// <summary>The whole process refuses to start when the admin console, asked for, could never sign anyone in.</summary>
public sealed class ConsoleStartupTests
{
    [Fact]
    public async Task An_rp_id_that_does_not_cover_the_admin_origin_stops_the_portal_with_the_keys_to_fix()
    {
        var folder = Directory.CreateTempSubdirectory("console-startup-").FullName;
        var (exitCode, message, stdout) = await Infrastructure.PortalProcess.RunUntilExitAsync(folder, new Dictionary<string, string>
        {
            ["serve__public__base_url"] = "https://login.example.com/",
            ["selfservice__methods__passkey__config__rp__id"] = "example.com",
            ["selfservice__methods__passkey__config__rp__origins__0"] = "https://login.example.com",
            ["admin__console__enabled"] = "true",
        });

        Assert.True(exitCode == 1, $"exit code {exitCode}; stderr: {message}; stdout: {stdout}");
        Assert.Contains("serve.admin.base_url", message);
        Assert.Contains("selfservice.methods.passkey.config.rp.id 'example.com' does not cover", message);
        Assert.Contains("admin.console.enabled", message);
        Assert.DoesNotContain("   at ", message);
        Directory.Delete(folder, recursive: true);
    }
}
