using App.Identities.Schema;
using Xunit;

namespace App.Tests.Unit.Schema;

/// <summary>Kratos texts embed Go's %q and %v output; these pin the reproduction.</summary>
public class GoFormatTests
{
    [Theory]
    [InlineData("abc", "\"abc\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("tab\there\nnl", "\"tab\\there\\nnl\"")]
    [InlineData("\u0001\u007f", "\"\\x01\\x7f\"")]
    [InlineData("é😀", "\"é😀\"")]
    [InlineData("\u200b\u2028", "\"\\u200b\\u2028\"")]
    public void Quote(string input, string expected) => Assert.Equal(expected, GoFormat.Quote(input));

    [Theory]
    [InlineData(0d, "0")]
    [InlineData(5d, "5")]
    [InlineData(-3d, "-3")]
    [InlineData(0.5, "0.5")]
    [InlineData(1.2, "1.2")]
    [InlineData(100000d, "100000")]
    [InlineData(999999d, "999999")]
    [InlineData(1000000d, "1e+06")]
    [InlineData(1234567d, "1.234567e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(1e21, "1e+21")]
    [InlineData(-2.5e100, "-2.5e+100")]
    [InlineData(123.456, "123.456")]
    public void Float(double input, string expected) => Assert.Equal(expected, GoFormat.Float(input));
}
