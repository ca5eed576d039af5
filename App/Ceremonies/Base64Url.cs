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
}
