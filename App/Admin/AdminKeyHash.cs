using System.Security.Cryptography;
using System.Text;

namespace App.Admin;

/// <summary>
/// How admin API keys are stored: <c>sha256:</c> and the SHA-256 of the key, in lower-case hex.
/// A key is 40 random characters from 62 (238 bits), so nobody can search for it through its hash,
/// and a slow password hash would add cost to every admin request and no protection.
/// </summary>
public static class AdminKeyHash
{
    public const string Prefix = "sha256:";
    public const string KeyPrefix = "adk_";
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>A new random key, as <c>scripts/admin-key.sh</c> makes them.</summary>
    public static string NewKey() => KeyPrefix + RandomNumberGenerator.GetString(Alphabet, 40);

    public static string Of(string key) => Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The 32 digest bytes of a configured hash, or null when it is not <c>sha256:</c> and 64 hex digits.</summary>
    public static byte[]? Digest(string? configured)
    {
        if (configured is not { Length: 71 } || !configured.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var hex = configured.AsSpan(Prefix.Length);
        foreach (var c in hex)
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F'))) return null;
        return Convert.FromHexString(hex);
    }

    /// <summary>Rejects junk before it is hashed: a key is printable ASCII of a sane length.</summary>
    public static bool IsPlausibleKey(string key) => key.Length is >= 16 and <= 256 && key.All(c => c is > ' ' and < (char)127);
}
