using App.Tests.Infrastructure;

namespace App.Tests.Integration;

/// <summary>The real portal process will not expose the admin API to the network without a key.</summary>
public sealed class AdminStartupTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("")]
    public async Task An_admin_listener_others_can_reach_without_a_key_stops_the_portal_before_it_listens(string host)
    {
        var folder = Directory.CreateTempSubdirectory("admin-startup-").FullName;
        var (exitCode, message, stdout) = await PortalProcess.RunUntilExitAsync(folder, new Dictionary<string, string>
        {
            ["serve__admin__host"] = host,
        });

        Assert.True(exitCode != 0, $"exit code {exitCode}; stderr: {message}; stdout: {stdout}");
        Assert.Contains("serve.admin.api_keys", message);
        Assert.Contains("scripts/admin-key.sh", message);
        Assert.DoesNotContain("   at ", message);
        Assert.False(File.Exists(Path.Combine(folder, "identity.db")), "The portal opened its database before refusing.");
        Directory.Delete(folder, recursive: true);
    }
}
