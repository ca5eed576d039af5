using App.Configuration;

namespace App.Tests.Unit.Configuration;

/// <summary>Durations as Go's time.ParseDuration writes them in kratos.yml.</summary>
public sealed class GoDurationTests
{
    [Theory]
    [InlineData("1h", 60 * 60 * 1000d)]
    [InlineData("15m", 15 * 60 * 1000d)]
    [InlineData("90s", 90 * 1000d)]
    [InlineData("500ms", 500d)]
    [InlineData("1h30m", 90 * 60 * 1000d)]
    [InlineData("2h45m30s", (2 * 3600 + 45 * 60 + 30) * 1000d)]
    [InlineData("1.5h", 90 * 60 * 1000d)]
    [InlineData("720h", 30 * 24 * 3600 * 1000d)]
    [InlineData(" 10m ", 10 * 60 * 1000d)]
    [InlineData("1500us", 1.5)]
    [InlineData("1500µs", 1.5)]
    [InlineData("1000000ns", 1d)]
    public void Parses(string text, double milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
        Assert.Equal(value, GoDuration.Parse(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("1")]
    [InlineData("h")]
    [InlineData("1d")]
    [InlineData("1w")]
    [InlineData("1H")]
    [InlineData("-1h")]
    [InlineData("+1h")]
    [InlineData("1h 30m")]
    [InlineData("1h30")]
    [InlineData(".5h")]
    [InlineData("1e3s")]
    [InlineData("PT1H")]
    [InlineData("01:00:00")]
    public void Refuses(string? text)
    {
        Assert.False(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.Zero, value);
    }

    [Theory]
    [InlineData("99999999999999h")]
    [InlineData("922337203685477580800ns")]
    [InlineData("922337203685.4775808s")]
    [InlineData("9999999999999999999999999999999999999999999999999999999999999999999999h")]
    public void Refuses_durations_beyond_the_range_of_a_TimeSpan(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _));
    }

    [Fact]
    public void Parse_names_the_bad_value()
    {
        var error = Assert.Throws<FormatException>(() => GoDuration.Parse("1 day"));

        Assert.Contains("'1 day'", error.Message);
    }

    [Theory]
    [InlineData("365d", 365 * 24d)]
    [InlineData("1d12h", 36d)]
    [InlineData("1.5d", 36d)]
    [InlineData("8760h", 8760d)]
    public void Retention_settings_also_take_days(string text, double hours)
    {
        Assert.True(GoDuration.TryParseWithDays(text, out var value));
        Assert.Equal(TimeSpan.FromHours(hours), value);
        // Go itself has no days, so the settings that follow Go refuse them.
        Assert.Equal(text.Contains('d'), !GoDuration.TryParse(text, out _));
    }

    [Theory]
    [InlineData("1w")]
    [InlineData("1D")]
    [InlineData("d")]
    [InlineData("365 d")]
    public void Days_come_only_as_a_number_and_a_small_d(string text) => Assert.False(GoDuration.TryParseWithDays(text, out _));
}
