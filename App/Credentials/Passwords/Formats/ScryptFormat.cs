using System.Security.Cryptography;
using System.Text;

namespace App.Credentials.Passwords.Formats;

/// <summary>
/// scrypt as <c>$scrypt$ln=&lt;cost&gt;,r=&lt;block size&gt;,p=&lt;parallelism&gt;$&lt;salt&gt;$&lt;hash&gt;</c>, computed by
/// <see cref="Scrypt"/>. Two dialects share this prefix: the PHC one (passlib, smallstep) where ln is
/// log2 of N, and Kratos's, where ln is N itself (<c>hash_comparator.go</c> passes it to scrypt as
/// N). A value below 32 is read as log2 N, anything else as N; both must give a power of two.
/// Salt and hash are base64, padded (Kratos) or not.
/// </summary>
public sealed class ScryptFormat : IPasswordHashFormat
{
    private const long MaxMemoryBytes = 1L << 30;

    public string Name => "scrypt";

    public bool Claims(string encoded) => encoded.StartsWith("$scrypt$", StringComparison.Ordinal);

    public string? Problem(string encoded) => Read(encoded).Problem;

    public bool Verify(string encoded, string password)
    {
        var hash = Read(encoded).Hash!;
        var computed = Scrypt.DeriveBytes(Encoding.UTF8.GetBytes(password), hash.Salt, hash.N, hash.R, hash.P, hash.Key.Length);
        return CryptographicOperations.FixedTimeEquals(computed, hash.Key);
    }

    private sealed record Parsed(long N, int R, int P, byte[] Salt, byte[] Key);

    private static (Parsed? Hash, string? Problem) Read(string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 5 || parts[0] != "" || parts[1] != "scrypt")
            return (null, "A scrypt hash is $scrypt$ln=<cost>,r=<block size>,p=<parallelism>$<salt>$<hash>.");
        if (Phc.Parameters(parts[2], "ln", "r", "p") is not { } p) return (null, "The scrypt parameters must be ln=<cost>,r=<block size>,p=<parallelism>.");
        var n = p[0] is >= 1 and < 32 ? 1L << (int)p[0] : p[0];
        if (n < 2 || (n & (n - 1)) != 0) return (null, "The scrypt cost must be a power of two (ln as N) or its logarithm.");
        if (p[1] is < 1 or > 32 || p[2] is < 1 or > 16) return (null, "The scrypt block size must be 1 to 32 and the parallelism 1 to 16.");
        if (128 * n * p[1] > MaxMemoryBytes) return (null, "The scrypt parameters need more than 1 GiB of memory.");
        var salt = Phc.Base64(parts[3]);
        var key = Phc.Base64(parts[4]);
        if (salt is null || key is null) return (null, "The scrypt salt and hash must be base64.");
        if (salt.Length == 0 || key.Length < 16 || key.Length > 64) return (null, "The scrypt salt must not be empty and the hash must be 16 to 64 bytes.");
        return (new Parsed(n, (int)p[1], (int)p[2], salt, key), null);
    }
}
