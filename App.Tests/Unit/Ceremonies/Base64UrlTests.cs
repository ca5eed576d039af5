using Codec = App.Ceremonies.Base64Url;

namespace App.Tests.Unit.Ceremonies;

/// <summary>base64url without padding (RFC 4648 §5), as every WebAuthn binary field is sent in JSON.</summary>
public sealed class Base64UrlTests
{
    [Theory]
    [InlineData(new byte[] { }, "")]
    [InlineData(new byte[] { 0x66 }, "Zg")]
    [InlineData(new byte[] { 0x66, 0x6f }, "Zm8")]
    [InlineData(new byte[] { 0x66, 0x6f, 0x6f }, "Zm9v")]
    [InlineData(new byte[] { 0xfb, 0xff }, "-_8")]
    [InlineData(new byte[] { 0xff, 0xef, 0xfe }, "_-_-")]
    public void Encodes_url_safe_without_padding(byte[] bytes, string text)
    {
        Assert.Equal(text, Codec.Encode(bytes));
    }

    [Theory]
    [InlineData("Zg", new byte[] { 0x66 })]
    [InlineData("Zg==", new byte[] { 0x66 })]
    [InlineData("Zm8=", new byte[] { 0x66, 0x6f })]
    [InlineData("-_8", new byte[] { 0xfb, 0xff })]
    public void Decodes_with_or_without_padding(string text, byte[] bytes)
    {
        Assert.True(Codec.TryDecode(text, out var decoded));
        Assert.Equal(bytes, decoded);
    }

    [Fact]
    public void Round_trips_every_length_and_byte()
    {
        var random = new Random(7);
        for (var length = 1; length <= 80; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            var text = Codec.Encode(bytes);

            Assert.DoesNotContain('=', text);
            Assert.DoesNotContain('+', text);
            Assert.DoesNotContain('/', text);
            Assert.True(Codec.TryDecode(text, out var decoded));
            Assert.Equal(bytes, decoded);
        }
        var all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        Assert.True(Codec.TryDecode(Codec.Encode(all), out var back));
        Assert.Equal(all, back);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Z")] // one character cannot hold a byte
    [InlineData("Zm9v!")]
    [InlineData("Zm 9v\u0000")]
    [InlineData("Zm9v.")]
    [InlineData("Zg=a")]
    public void Refuses_what_is_not_base64url(string? text)
    {
        Assert.False(Codec.TryDecode(text, out var bytes));
        Assert.Empty(bytes);
    }
}
