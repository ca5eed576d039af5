using System.Security.Cryptography;
using System.Text;

namespace App.Credentials.Passwords.Formats;

/// <summary>
/// PBKDF2 as Kratos imports it: <c>$pbkdf2-sha256$i=&lt;iterations&gt;,l=&lt;key length&gt;$&lt;salt&gt;$&lt;hash&gt;</c>
/// with unpadded base64; sha1, sha256 and sha512 (Kratos: <c>hash_comparator.go</c>).
/// </summary>
public sealed class Pbkdf2Format : IPasswordHashFormat
{
    private const int MaxIterations = 10_000_000;

    private static readonly Dictionary<string, HashAlgorithmName> Digests = new(StringComparer.Ordinal)
    {
        ["$pbkdf2-sha1$"] = HashAlgorithmName.SHA1,
        ["$pbkdf2-sha256$"] = HashAlgorithmName.SHA256,
        ["$pbkdf2-sha512$"] = HashAlgorithmName.SHA512,
    };

    public string Name => "pbkdf2";

    public bool Claims(string encoded) => encoded.StartsWith("$pbkdf2-", StringComparison.Ordinal);

    public string? Problem(string encoded) => Read(encoded).Problem;

    public bool Verify(string encoded, string password)
    {
        var (hash, _) = Read(encoded);
        var computed = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), hash!.Salt, hash.Iterations, hash.Digest, hash.Key.Length);
        return CryptographicOperations.FixedTimeEquals(computed, hash.Key);
    }

    private sealed record Parsed(HashAlgorithmName Digest, int Iterations, byte[] Salt, byte[] Key);

    private static (Parsed? Hash, string? Problem) Read(string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 5 || parts[0] != "") return (null, "A pbkdf2 hash is $pbkdf2-<digest>$i=<iterations>,l=<length>$<salt>$<hash>.");
        if (!Digests.TryGetValue("$" + parts[1] + "$", out var digest)) return (null, "The pbkdf2 digest must be sha1, sha256 or sha512.");
        if (Phc.Parameters(parts[2], "i", "l") is not { } p) return (null, "The pbkdf2 parameters must be i=<iterations>,l=<length>.");
        if (p[0] is < 1 or > MaxIterations) return (null, $"The pbkdf2 iterations must be between 1 and {MaxIterations}.");
        var salt = Phc.Base64(parts[3]);
        var key = Phc.Base64(parts[4]);
        if (salt is null || key is null) return (null, "The pbkdf2 salt and hash must be base64.");
        // Kratos takes the key length from the hash itself, whatever l says.
        if (key.Length < 16) return (null, "The pbkdf2 hash must be at least 16 bytes.");
        return (new Parsed(digest, (int)p[0], salt, key), null);
    }
}
