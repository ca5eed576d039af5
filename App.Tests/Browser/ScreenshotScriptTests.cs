using System.Diagnostics;
using static App.Tests.Infrastructure.LocalMachine;

namespace App.Tests.Browser;

/// <summary>The README's pictures come from scripts/screenshots.sh: it must keep working as the pages change.</summary>
public sealed class ScreenshotScriptTests
{
    private static readonly string[] Pictures =
    [
        "sign-in-light", "sign-in-dark", "sign-in-mobile", "registration-mobile-de-dark", "welcome", "settings", "admin-console", "check-email",
        "theme-harbour-light", "theme-harbour-dark", "api-reference",
    ];

    [Fact]
    public async Task The_screenshot_script_takes_every_picture_from_the_real_app()
    {
        var root = RepositoryRoot();
        var output = Directory.CreateTempSubdirectory("screens-").FullName;
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "screenshots.sh")])
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["SKIP_BUILD"] = "1";
        start.Environment["SCREENSHOTS_DIR"] = output;
        start.Environment["PORT"] = FreePort().ToString();
        start.Environment["HARBOUR_PORT"] = FreePort().ToString();
        start.Environment["ADMIN_PORT"] = FreePort().ToString();
        start.Environment["HARBOUR_ADMIN_PORT"] = FreePort().ToString();
        using var script = Process.Start(start)!;
        var stdout = script.StandardOutput.ReadToEndAsync();
        var stderr = script.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await script.WaitForExitAsync(limit.Token);

        Assert.True(script.ExitCode == 0, $"exit {script.ExitCode}\n{await stdout}\n{await stderr}");
        foreach (var name in Pictures)
        {
            var file = new FileInfo(Path.Combine(output, name + ".png"));
            Assert.True(file.Exists, $"{name}.png was not taken.\n{await stdout}");
            Assert.True(file.Length > 5_000, $"{name}.png is only {file.Length} bytes.");
        }
        Directory.Delete(output, recursive: true);
    }
}
