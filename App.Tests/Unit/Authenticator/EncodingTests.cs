using App.Tests.Authenticator;
using Xunit;

namespace App.Tests.Unit.Authenticator;

public sealed class EncodingTests
{
    [Theory]
    [InlineData(new byte[0], "")]
    [InlineData(new byte[] { 0xFB }, "-w")]
    [InlineData(new byte[] { 0xFF, 0xFF }, "__8")]
    [InlineData(new byte[] { 1, 2, 3 }, "AQID")]
    public void Base64url_round_trips_without_padding(byte[] data, string text)
    {
        Assert.Equal(text, Base64Url.Encode(data));
        Assert.Equal(data, Base64Url.Decode(text));
    }

    [Fact]
    public void Base64url_decode_tolerates_padding_and_standard_alphabet()
    {
        Assert.Equal(new byte[] { 0xFF, 0xFF }, Base64Url.Decode("//8="));
        Assert.Throws<FormatException>(() => Base64Url.Decode("A"));
    }

    [Theory]
    [InlineData(0L, "00")]
    [InlineData(23L, "17")]
    [InlineData(24L, "1818")]
    [InlineData(255L, "18FF")]
    [InlineData(256L, "190100")]
    [InlineData(65536L, "1A00010000")]
    [InlineData(4294967296L, "1B0000000100000000")]
    [InlineData(-1L, "20")]
    [InlineData(-7L, "26")]
    [InlineData(-25L, "3818")]
    [InlineData(-257L, "390100")]
    public void Cbor_integers_use_shortest_head(long value, string hex)
    {
        var encoded = new CborWriter().WriteInt(value).ToArray();

        Assert.Equal(hex, Convert.ToHexString(encoded));
        Assert.Equal(value, CborReader.Decode(encoded));
    }

    [Fact]
    public void Cbor_strings_and_maps_round_trip()
    {
        var bytes = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var encoded = new CborWriter().WriteMapHeader(2).WriteText("fmt").WriteText("none").WriteInt(-2).WriteBytes(bytes).ToArray();

        // map(2) | "fmt" | "none" | -2 | bytes(300) with a 2-byte length
        Assert.Equal("A263666D74646E6F6E652159012C", Convert.ToHexString(encoded[..14]));
        var map = (CborMap)CborReader.Decode(encoded)!;
        Assert.Equal("none", map["fmt"]);
        Assert.Equal(bytes, (byte[])map[-2]!);
    }

    [Fact]
    public void Cbor_reader_rejects_non_canonical_heads()
    {
        Assert.Throws<FormatException>(() => CborReader.Decode([0x18, 0x05]));
        Assert.Throws<FormatException>(() => CborReader.Decode([0x9F, 0xFF]));
    }
}
