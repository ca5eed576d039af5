using System.Text;
using System.Text.RegularExpressions;

namespace App.Tests.Unit.Smtp;

/// <summary>
/// A strict reader for the messages MimeWriter produces, written separately from it so a test can
/// decode what was written and compare with what went in.
/// </summary>
internal static partial class MimeReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [GeneratedRegex(@"=\?utf-8\?B\?([A-Za-z0-9+/=]*)\?=")]
    private static partial Regex EncodedWord();

    public sealed record Message(IReadOnlyList<string> HeaderLines, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>Checks the message is 7-bit with CRLF line endings only, then splits it into unfolded headers and body.</summary>
    public static Message Parse(byte[] bytes)
    {
        Assert.All(bytes, b => Assert.True(b < 0x80, $"byte 0x{b:X2} is not 7-bit"));
        var text = Encoding.ASCII.GetString(bytes);
        AssertCrlfOnly(text);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, "no blank line after the headers");
        var head = text[..end];
        var lines = head.Split("\r\n");
        // RFC 5322 §2.2.3: unfolding removes each CRLF that precedes whitespace, nothing more.
        var unfolded = head.Replace("\r\n ", " ", StringComparison.Ordinal).Replace("\r\n\t", "\t", StringComparison.Ordinal).Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in unfolded)
        {
            var colon = line.IndexOf(':');
            Assert.True(colon > 0, $"header line without a name: {line}");
            Assert.True(headers.TryAdd(line[..colon], line[(colon + 1)..].TrimStart(' ')), $"header {line[..colon]} twice");
        }
        return new Message(lines, headers, text[(end + 4)..]);
    }

    public static void AssertCrlfOnly(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r') Assert.True(i + 1 < text.Length && text[i + 1] == '\n', $"bare CR at {i}");
            if (text[i] == '\n') Assert.True(i > 0 && text[i - 1] == '\r', $"bare LF at {i}");
        }
    }

    /// <summary>RFC 2047: decodes each encoded-word on its own (so a character split across words fails) and drops whitespace between adjacent words.</summary>
    public static string DecodeHeader(string value)
    {
        var result = new StringBuilder();
        var position = 0;
        var afterWord = false;
        foreach (Match match in EncodedWord().Matches(value))
        {
            Assert.True(match.Length <= 75, $"encoded-word longer than 75 characters: {match.Value}");
            var between = value[position..match.Index];
            if (!(afterWord && string.IsNullOrWhiteSpace(between))) result.Append(between);
            result.Append(StrictUtf8.GetString(Convert.FromBase64String(match.Groups[1].Value)));
            position = match.Index + match.Length;
            afterWord = true;
        }
        return result.Append(value[position..]).ToString();
    }

    /// <summary>RFC 2045 §6.7, strictly: upper-case hex, "=" only before hex or a line break, no line over 76.</summary>
    public static string DecodeQuotedPrintable(string encoded)
    {
        var bytes = new List<byte>();
        var lines = encoded.Split("\r\n");
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            Assert.True(line.Length <= 76, $"quoted-printable line of {line.Length} characters: {line}");
            Assert.False(line.EndsWith(' ') || line.EndsWith('\t'), $"whitespace at the end of an encoded line: '{line}'");
            var soft = line.EndsWith('=');
            if (soft) line = line[..^1];
            for (var j = 0; j < line.Length; j++)
            {
                var c = line[j];
                Assert.True(c is (>= ' ' and <= '~') or '\t', $"unencoded character 0x{(int)c:X2}");
                if (c == '=')
                {
                    Assert.True(IsEscape(line, j), $"'=' not followed by two upper-case hex digits in: {line}");
                    bytes.Add(Convert.ToByte(line.Substring(j + 1, 2), 16));
                    j += 2;
                }
                else
                {
                    bytes.Add((byte)c);
                }
            }
            if (!soft && i < lines.Length - 1) bytes.AddRange("\r\n"u8.ToArray());
        }
        return StrictUtf8.GetString([.. bytes]);
    }

    private static bool IsEscape(string line, int at) =>
        at + 2 < line.Length && line[at] == '=' && Uri.IsHexDigit(line[at + 1]) && Uri.IsHexDigit(line[at + 2]) &&
        !char.IsLower(line[at + 1]) && !char.IsLower(line[at + 2]);

    public sealed record Part(IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>RFC 2046 §5.1.1: each delimiter is CRLF "--" boundary; the CRLF belongs to the delimiter, not the part before it.</summary>
    public static IReadOnlyList<Part> SplitMultipart(string body, string boundary)
    {
        Assert.StartsWith("--" + boundary + "\r\n", body);
        Assert.EndsWith("\r\n--" + boundary + "--\r\n", body);
        var pieces = ("\r\n" + body).Split("\r\n--" + boundary);
        Assert.Equal("", pieces[0]);
        Assert.Equal("--\r\n", pieces[^1]);
        return [.. pieces[1..^1].Select(piece =>
        {
            Assert.StartsWith("\r\n", piece);
            var end = piece.IndexOf("\r\n\r\n", 2, StringComparison.Ordinal);
            var headers = piece[2..end].Split("\r\n").ToDictionary(l => l[..l.IndexOf(':')], l => l[(l.IndexOf(':') + 1)..].Trim(), StringComparer.OrdinalIgnoreCase);
            return new Part(headers, piece[(end + 4)..]);
        })];
    }

    /// <summary>A single-part body ends with the CRLF that ends its last line; the text itself is before it.</summary>
    public static string SinglePartText(string body)
    {
        Assert.EndsWith("\r\n", body);
        return DecodeQuotedPrintable(body[..^2]);
    }

    public static string Crlf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Replace("\n", "\r\n", StringComparison.Ordinal);
}
