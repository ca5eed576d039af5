namespace App.Http;

/// <summary>
/// Finds the folder that holds <c>appsettings.json</c> and <c>wwwroot/</c> (the repository root),
/// so the portal starts the same from the root, from <c>App/</c> or from its build output.
/// </summary>
public static class PortalRoot
{
    public static string Find()
    {
        if (Environment.GetEnvironmentVariable("PORTAL_ROOT") is { Length: > 0 } configured) return Path.GetFullPath(configured);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "appsettings.json")) && Directory.Exists(Path.Combine(dir.FullName, "wwwroot")))
                    return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
