using System.Diagnostics;
using System.Net;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary><c>scripts/admin-key.sh</c> as an operator runs it: its hash configured, its key let in.</summary>
public sealed class AdminKeyScriptTests
{
    [Fact]
    public async Task The_scripts_hash_configured_lets_its_key_in_and_nothing_else_even_on_loopback()
    {
        var (exitCode, output, _) = await RunAsync("support-tool");
        Assert.True(exitCode == 0, output);
        var key = Line(output, "key:");
        var hash = Line(output, "key_hash:");
        Assert.Matches("^adk_[A-Za-z0-9]{40}$", key);
        Assert.Matches("^sha256:[0-9a-f]{64}$", hash);
        Assert.Contains("serve__admin__api_keys__0__name=support-tool", output);
        Assert.Contains($"serve__admin__api_keys__0__key_hash={hash}", output);
        Assert.NotEqual(key, Line((await RunAsync("support-tool")).Output, "key:"));

        using var portal = PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?>
        {
            ["serve.admin.api_keys.0.name"] = "support-tool",
            ["serve.admin.api_keys.0.key_hash"] = hash,
        });
        using var admin = new HttpClient();
        // Once a key is configured, this machine needs one too.
        await Wire.AssertErrorAsync(await admin.GetAsync(portal.AdminUrl + "/admin/identities"), HttpStatusCode.Unauthorized, null);
        admin.DefaultRequestHeaders.Authorization = new("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(portal.AdminUrl + "/admin/identities")).StatusCode);
        admin.DefaultRequestHeaders.Authorization = new("Bearer", hash);
        await Wire.AssertErrorAsync(await admin.GetAsync(portal.AdminUrl + "/admin/identities"), HttpStatusCode.Unauthorized, null);
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("-dash")]
    [InlineData("semi;colon")]
    public async Task A_name_that_could_not_be_an_actor_is_refused(string name)
    {
        var (exitCode, output, error) = await RunAsync(name);
        Assert.Equal(2, exitCode);
        Assert.DoesNotContain("key:", output);
        Assert.Contains("actor in the audit log", error);
    }

    private static string Line(string output, string label) =>
        output.Split('\n').Single(l => l.StartsWith(label + " ", StringComparison.Ordinal))[label.Length..].Trim();

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string name)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(LocalMachine.RepositoryRoot(), "scripts", "admin-key.sh"), name])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var script = Process.Start(start)!;
        var output = script.StandardOutput.ReadToEndAsync();
        var error = script.StandardError.ReadToEndAsync();
        await script.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return (script.ExitCode, await output, await error);
    }
}
