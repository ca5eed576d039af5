using System.Security.Cryptography;
using System.Text;

namespace App.Sessions;

/// <summary>Opaque bearer tokens. 190 bits of randomness, so a plain SHA-256 is a safe way to store them.</summary>
public static class SessionTokens
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string NewSessionToken() => "ory_st_" + RandomNumberGenerator.GetString(Alphabet, 32);
    public static string NewLogoutToken() => "ory_lo_" + RandomNumberGenerator.GetString(Alphabet, 32);

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Rejects junk before it reaches the database.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: > 7 and <= 128 } && token.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');
}
