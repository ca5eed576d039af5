using System.Text.RegularExpressions;

namespace App.Components.Themes;

/// <summary>
/// A theme's design tokens as <c>tokens.css</c> declares them: every custom property of the file,
/// with a <c>light-dark(light, dark)</c> value split into the value for each scheme.
/// </summary>
public sealed partial class ThemeTokens
{
    private readonly Dictionary<string, (string Light, string Dark)> values = new(StringComparer.Ordinal);

    public static ThemeTokens Parse(string css)
    {
        var tokens = new ThemeTokens();
        foreach (Match declaration in Declaration().Matches(Comment().Replace(css, "")))
        {
            var value = declaration.Groups["value"].Value.Trim();
            var pair = LightDark().Match(value);
            tokens.values[declaration.Groups["name"].Value] = pair.Success && SplitTopLevel(pair.Groups["args"].Value) is [var light, var dark]
                ? (light.Trim(), dark.Trim())
                : (value, value);
        }
        return tokens;
    }

    /// <summary>The token's value in light mode, or null when the theme does not set it.</summary>
    public string? Light(string name) => values.TryGetValue(name, out var v) ? v.Light : null;

    /// <summary>The token's value in dark mode, or null when the theme does not set it.</summary>
    public string? Dark(string name) => values.TryGetValue(name, out var v) ? v.Dark : null;

    public string? Value(string name, bool dark) => dark ? Dark(name) : Light(name);

    /// <summary>A font stack as a list of family names, quotes removed.</summary>
    public string[]? FontFamilies(string name) =>
        Light(name) is { } stack ? [.. SplitTopLevel(stack).Select(f => f.Trim().Trim('"', '\'')).Where(f => f.Length > 0)] : null;

    /// <summary>Splits at commas that are not inside parentheses (rgb(…), var(…)).</summary>
    private static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        parts.Add(text[start..]);
        return parts;
    }

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"(?<name>--[A-Za-z0-9-]+)\s*:\s*(?<value>[^;{}]+);")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"^light-dark\((?<args>.*)\)$", RegexOptions.Singleline)]
    private static partial Regex LightDark();
}
