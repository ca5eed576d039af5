namespace App.Configuration;

/// <summary>
/// A document the configuration points at, as Kratos's urls do: <c>base64://…</c>, <c>file://path</c>
/// or a plain path, relative paths from the configuration's folder. Read once, at start-up.
/// </summary>
public static class ConfigDocument
{
    /// <summary>The document's text; throws IOException, FormatException or UnauthorizedAccessException.</summary>
    public static string Read(string url, string root)
    {
        if (url.StartsWith("base64://", StringComparison.Ordinal))
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(url["base64://".Length..]));
        var path = url.StartsWith("file://", StringComparison.Ordinal) ? url["file://".Length..] : url;
        return File.ReadAllText(Path.IsPathRooted(path) ? path : Path.Combine(root, path));
    }

    public static bool IsUnreadable(Exception e) => e is IOException or FormatException or UnauthorizedAccessException;
}
