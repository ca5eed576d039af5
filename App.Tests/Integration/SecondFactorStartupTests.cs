using App.Tests.Infrastructure;

namespace App.Tests.Integration;

/// <summary>Signing in with a security key alone is the passkey method: the webauthn method refuses passwordless at start-up.</summary>
public sealed class SecondFactorStartupTests
{
    [Fact]
    public async Task Webauthn_passwordless_true_stops_the_portal_with_the_key_and_the_fix()
    {
        var folder = Directory.CreateTempSubdirectory("webauthn-startup-").FullName;
        var (exitCode, message, stdout) = await PortalProcess.RunUntilExitAsync(folder, new Dictionary<string, string>
        {
            ["selfservice__methods__webauthn__enabled"] = "true",
            ["selfservice__methods__webauthn__config__passwordless"] = "true",
        });

        Assert.True(exitCode == 1, $"exit code {exitCode}; stderr: {message}; stdout: {stdout}");
        Assert.Contains("selfservice.methods.webauthn.config.passwordless", message);
        Assert.Contains("passkey", message);
        Assert.DoesNotContain("   at ", message);
        Directory.Delete(folder, recursive: true);
    }
}
