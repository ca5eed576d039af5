namespace App.Ceremonies;

/// <summary>base64url without padding (RFC 4648 §5), the encoding of every WebAuthn binary field in JSON.</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    public static bool TryDecode(string? text, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrEmpty(text)) return false;
        try { bytes = System.Buffers.Text.Base64Url.DecodeFromChars(text.TrimEnd('=')); return true; }
        catch (FormatException) { return false; }
    }

    /// <summary>
    /// base64url or standard base64, padded or not: WebAuthn's JSON uses the first, Kratos's stored
    /// credentials (Go's <c>[]byte</c>) the second. One text may not mix the two alphabets.
    /// </summary>
    public static bool TryDecodeEither(string? text, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrEmpty(text)) return false;
        if (text.IndexOfAny(['+', '/']) < 0) return TryDecode(text, out bytes);
        if (text.IndexOfAny(['-', '_']) >= 0) return false;
        return TryDecode(text.Replace('+', '-').Replace('/', '_'), out bytes);
    }
}
