using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace App.Credentials.Passwords.Formats;

/// <summary>
/// Argon2id and Argon2i in the PHC string format, <c>$argon2id$v=19$m=&lt;KiB&gt;,t=&lt;passes&gt;,p=&lt;lanes&gt;$&lt;salt&gt;$&lt;hash&gt;</c>,
/// unpadded base64, computed by Konscious. It also writes the portal's own hashes.
/// </summary>
public sealed class Argon2Format : IPasswordHashFormat
{
    /// <summary>Bounds that keep an imported hash from costing more than a server can give one sign-in.</summary>
    private const long MaxMemoryKiB = 1024 * 1024;
    private const long MaxPasses = 64;
    private const long MaxLanes = 64;

    public string Name => "argon2";

    public bool Claims(string encoded) => encoded.StartsWith("$argon2id$", StringComparison.Ordinal) || encoded.StartsWith("$argon2i$", StringComparison.Ordinal);

    public string? Problem(string encoded) => Read(encoded).Problem;

    public bool Verify(string encoded, string password)
    {
        var hash = Read(encoded).Hash!;
        var computed = Compute(hash.Variant, password, hash.Salt, hash.MemoryKiB, hash.Passes, hash.Lanes, hash.Key.Length);
        return CryptographicOperations.FixedTimeEquals(computed, hash.Key);
    }

    /// <summary>Whether the hash is argon2id with exactly these costs, which is what a rehash leaves.</summary>
    public static bool IsCurrent(string encoded, Argon2Cost cost) =>
        Read(encoded).Hash is { Variant: "argon2id" } h && h.MemoryKiB == cost.MemoryKiB && h.Passes == cost.Iterations && h.Lanes == cost.Parallelism
        && h.Key.Length == cost.KeyLength && h.Salt.Length == cost.SaltLength;

    /// <summary>A new argon2id hash of the password at the configured cost.</summary>
    public static string Hash(string password, Argon2Cost cost)
    {
        var salt = RandomNumberGenerator.GetBytes(cost.SaltLength);
        var key = Compute("argon2id", password, salt, cost.MemoryKiB, cost.Iterations, cost.Parallelism, cost.KeyLength);
        return $"$argon2id$v=19$m={cost.MemoryKiB},t={cost.Iterations},p={cost.Parallelism}${Unpadded(salt)}${Unpadded(key)}";
    }

    private static byte[] Compute(string variant, string password, byte[] salt, int memoryKiB, int passes, int lanes, int length)
    {
        using Argon2 argon = variant == "argon2id" ? new Argon2id(Encoding.UTF8.GetBytes(password)) : new Argon2i(Encoding.UTF8.GetBytes(password));
        argon.Salt = salt;
        argon.MemorySize = memoryKiB;
        argon.Iterations = passes;
        argon.DegreeOfParallelism = lanes;
        return argon.GetBytes(length);
    }

    private static string Unpadded(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private sealed record Parsed(string Variant, int MemoryKiB, int Passes, int Lanes, byte[] Salt, byte[] Key);

    private static (Parsed? Hash, string? Problem) Read(string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 6 || parts[0] != "" || parts[1] is not ("argon2id" or "argon2i"))
            return (null, "An argon2 hash is $argon2id$v=19$m=<memory>,t=<iterations>,p=<parallelism>$<salt>$<hash>.");
        if (parts[2] != "v=19") return (null, "Only argon2 version 19 (v=19) is supported.");
        if (Phc.Parameters(parts[3], "m", "t", "p") is not { } p) return (null, "The argon2 parameters must be m=<memory>,t=<iterations>,p=<parallelism>.");
        var (memory, passes, lanes) = (p[0], p[1], p[2]);
        if (lanes is < 1 or > MaxLanes) return (null, $"The argon2 parallelism must be between 1 and {MaxLanes}.");
        if (passes is < 1 or > MaxPasses) return (null, $"The argon2 iterations must be between 1 and {MaxPasses}.");
        if (memory < 8 * lanes || memory > MaxMemoryKiB) return (null, $"The argon2 memory must be at least 8 KiB per lane and at most {MaxMemoryKiB} KiB.");
        var salt = Phc.Base64(parts[4]);
        var key = Phc.Base64(parts[5]);
        if (salt is null || key is null) return (null, "The argon2 salt and hash must be base64.");
        if (salt.Length < 8 || key.Length < 4) return (null, "The argon2 salt must be at least 8 bytes and the hash at least 4.");
        return (new Parsed(parts[1], (int)memory, (int)passes, (int)lanes, salt, key), null);
    }
}

/// <summary>The cost of the portal's own argon2id hashes (Kratos <c>hashers.argon2</c>).</summary>
public sealed record Argon2Cost(int MemoryKiB, int Iterations, int Parallelism, int SaltLength = 16, int KeyLength = 32);
