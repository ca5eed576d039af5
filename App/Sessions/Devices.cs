namespace App.Sessions;

/// <summary>What a User-Agent says about the device, coarsely, for people to recognise their own ("Chrome on macOS").</summary>
public static class Devices
{
    /// <summary>The operating system; order matters (iPhones say "like Mac OS X", Android says "Linux").</summary>
    public static string? SystemOf(string? userAgent) => userAgent switch
    {
        null or "" => null,
        _ when userAgent.Contains("iPhone", StringComparison.Ordinal) => "iPhone",
        _ when userAgent.Contains("iPad", StringComparison.Ordinal) => "iPad",
        _ when userAgent.Contains("Android", StringComparison.Ordinal) => "Android",
        _ when userAgent.Contains("CrOS", StringComparison.Ordinal) => "ChromeOS",
        _ when userAgent.Contains("Windows", StringComparison.Ordinal) => "Windows",
        _ when userAgent.Contains("Mac OS X", StringComparison.Ordinal) => "macOS",
        _ when userAgent.Contains("Linux", StringComparison.Ordinal) => "Linux",
        _ => null,
    };

    /// <summary>The browser; order matters (Edge and Opera also say "Chrome", Chrome also says "Safari").</summary>
    public static string? BrowserOf(string? userAgent) => userAgent switch
    {
        null or "" => null,
        _ when userAgent.Contains("Edg/", StringComparison.Ordinal) => "Edge",
        _ when userAgent.Contains("OPR/", StringComparison.Ordinal) => "Opera",
        _ when userAgent.Contains("Firefox/", StringComparison.Ordinal) || userAgent.Contains("FxiOS/", StringComparison.Ordinal) => "Firefox",
        _ when userAgent.Contains("Chrome/", StringComparison.Ordinal) || userAgent.Contains("CriOS/", StringComparison.Ordinal) => "Chrome",
        _ when userAgent.Contains("Safari/", StringComparison.Ordinal) => "Safari",
        _ => null,
    };

    /// <summary>"Chrome on macOS", "Safari", "macOS", or null when the User-Agent says nothing recognisable.</summary>
    public static string? Describe(string? userAgent, Func<string, string, string> browserOnSystem) =>
        (BrowserOf(userAgent), SystemOf(userAgent)) switch
        {
            ({ } browser, { } system) => browserOnSystem(browser, system),
            ({ } browser, null) => browser,
            (null, { } system) => system,
            _ => null,
        };
}
