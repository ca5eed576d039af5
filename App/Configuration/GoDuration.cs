using System.Globalization;
using System.Text.RegularExpressions;

namespace App.Configuration;

/// <summary>Parses Go durations as kratos.yml writes them: <c>1h</c>, <c>15m</c>, <c>1h30m</c>, <c>500ms</c>.</summary>
public static partial class GoDuration
{
    [GeneratedRegex(@"\G(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex Part();

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        var position = 0;
        double ticks = 0;
        while (position < text.Length)
        {
            var match = Part().Match(text, position);
            if (!match.Success) return false;
            var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            ticks += number * match.Groups[2].Value switch
            {
                "ns" => 0.01,
                "us" or "µs" => 10,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
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
