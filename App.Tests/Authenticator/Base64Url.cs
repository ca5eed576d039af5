namespace App.Tests.Authenticator;

/// <summary>
/// Unpadded base64url (RFC 4648 §5), the encoding WebAuthn JSON uses for every binary field
/// (WebAuthn L3 §5.1 PublicKeyCredential.toJSON, §5.8.1 CollectedClientData.challenge).
/// </summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var text = Convert.ToBase64String(data);
        return text.TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>
    /// Lenient on purpose: servers differ in whether they pad or use the standard alphabet,
    /// and a test helper should not fail on that before the server under test gets to judge.
    /// </summary>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normal = text.Trim().TrimEnd('=').Replace('-', '+').Replace('_', '/');
        switch (normal.Length % 4)
        {
            case 2: normal += "=="; break;
            case 3: normal += "="; break;
            case 1: throw new FormatException("Not valid base64url: impossible length.");
        }
        return Convert.FromBase64String(normal);
    }
}
