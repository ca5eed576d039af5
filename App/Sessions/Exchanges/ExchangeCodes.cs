using System.Security.Cryptography;
using System.Text;

namespace App.Sessions.Exchanges;

/// <summary>The two halves of an exchange: 32 random bytes each, base64url, stored as SHA-256.</summary>
public static class ExchangeCodes
{
    public static string New() => Ceremonies.Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string code) => SHA256.HashData(Encoding.UTF8.GetBytes(code));

    /// <summary>Rejects junk before it reaches the database: 43 base64url characters.</summary>
    public static bool IsWellFormed(string? code) =>
        code is { Length: 43 } && code.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');
}
