namespace App.Configuration;

/// <summary>
/// Decides where a browser may be sent after a flow. Only the portal itself, the default return URL
/// and entries of <c>selfservice.allowed_return_urls</c> are allowed, so a crafted link cannot turn
/// the portal into an open redirect. A native app's own scheme counts only when an entry has it.
/// </summary>
public static class ReturnUrls
{
    public static bool IsAllowed(PortalSettings settings, string? candidate)
    {
        if (string.IsNullOrEmpty(candidate) || !Uri.TryCreate(candidate, UriKind.Absolute, out var uri)) return false;
        if (uri.Scheme is not ("http" or "https") && !IsAppScheme(uri.Scheme)) return false;
        if (uri.UserInfo.Length > 0) return false;
        IEnumerable<Uri> allowed = [.. settings.AllowedReturnUrls, settings.DefaultReturnUrl, settings.PublicBaseUrl];
        return allowed.Any(a => SameOrigin(a, uri) && uri.AbsolutePath.StartsWith(a.AbsolutePath, StringComparison.Ordinal));
    }

    /// <summary>The requested URL when allowed, else the default.</summary>
    public static string Resolve(PortalSettings settings, string? candidate) =>
        IsAllowed(settings, candidate) ? ForHeader(candidate!) : settings.DefaultReturnUrl.ToString();

    /// <summary>
    /// The URL goes into a Location header, where control and non-ASCII characters cannot be
    /// written (and CR/LF would split the header), so such a URL is sent percent-escaped. A flow
    /// keeps its return_to so escaped too, as Kratos keeps the URL it parsed: PostgreSQL cannot
    /// store U+0000 in text, and the escaped URL is the one the browser is sent to anyway.
    /// </summary>
    public static string ForHeader(string url)
    {
        if (url.All(c => c is > ' ' and < '\x7f')) return url;
        var uri = new Uri(url);
        return new UriBuilder(uri) { Host = uri.IdnHost }.Uri.AbsoluteUri;
    }

    /// <summary>A scheme a native app may register for itself: not the web's, nor one a browser runs or reads locally.</summary>
    public static bool IsAppScheme(string scheme) => scheme.Length > 0 && !NotAppSchemes.Contains(scheme);

    private static readonly HashSet<string> NotAppSchemes =
        ["http", "https", "javascript", "data", "file", "blob", "filesystem", "vbscript", "about", "ftp", "ws", "wss", "mailto"];

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;
}
