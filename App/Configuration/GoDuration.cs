using System.Globalization;
using System.Text.RegularExpressions;

namespace App.Configuration;

/// <summary>
/// Parses Go durations as kratos.yml writes them: <c>1h</c>, <c>15m</c>, <c>1h30m</c>, <c>500ms</c>.
/// Settings measured in months or years (retention) also take days, <c>365d</c>, which Go does not.
/// </summary>
public static partial class GoDuration
{
    [GeneratedRegex(@"\G(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex Part();

    [GeneratedRegex(@"\G(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)")]
    private static partial Regex PartWithDays();

    public static bool TryParse(string? text, out TimeSpan value) => TryParse(text, Part(), out value);

    /// <summary>A Go duration, where <c>d</c> (24h) is allowed as well: <c>365d</c>, <c>30d12h</c>.</summary>
    public static bool TryParseWithDays(string? text, out TimeSpan value) => TryParse(text, PartWithDays(), out value);

    private static bool TryParse(string? text, Regex part, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        var position = 0;
        double ticks = 0;
        while (position < text.Length)
        {
            var match = part.Match(text, position);
            if (!match.Success) return false;
            var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            ticks += number * match.Groups[2].Value switch
            {
                "ns" => 0.01,
                "us" or "µs" => 10,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => TimeSpan.TicksPerDay,
            };
            position += match.Length;
        }
        // MaxValue.Ticks rounds up to 2^63 as a double, which no longer fits a long.
        if (ticks >= TimeSpan.MaxValue.Ticks) return false;
        value = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"'{text}' is not a duration such as 1h, 15m or 30s.");
}
