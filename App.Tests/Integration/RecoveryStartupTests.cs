using App.Tests.Infrastructure;

namespace App.Tests.Integration;

/// <summary>Recovery sends email too: in production the portal will not start without a way to send it.</summary>
public sealed class RecoveryStartupTests
{
    [Fact]
    public async Task Recovery_without_an_SMTP_server_stops_a_production_portal()
    {
        var folder = Directory.CreateTempSubdirectory("recovery-startup-").FullName;
        var (exitCode, message, stdout) = await PortalProcess.RunUntilExitAsync(folder, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // Email sign-in off: recovery alone needs the mail server.
            ["selfservice__methods__code__passwordless_enabled"] = "false",
        });

        Assert.True(exitCode == 1, $"exit code {exitCode}; stderr: {message}; stdout: {stdout}");
        Assert.Contains("courier.smtp.connection_uri", message);
        Assert.Contains("recovery", message);
        Assert.DoesNotContain("   at ", message);
        Directory.Delete(folder, recursive: true);
    }
}
