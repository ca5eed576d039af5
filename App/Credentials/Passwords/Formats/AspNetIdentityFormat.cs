using Microsoft.AspNetCore.Identity;

namespace App.Credentials.Passwords.Formats;

/// <summary>
/// ASP.NET Core Identity's <c>PasswordHash</c> column, which Kratos has no format for. Ours is
/// <c>$aspnet-identity$</c> followed by the column's value verbatim (base64 of Identity's v2 or
/// v3 layout), and Identity's own <see cref="PasswordHasher{TUser}"/> checks it, so every variant
/// Identity wrote verifies as it did there.
/// </summary>
public sealed class AspNetIdentityFormat : IPasswordHashFormat
{
    public const string Prefix = "$aspnet-identity$";

    private static readonly PasswordHasher<object> Hasher = new();

    public string Name => "aspnet-identity";

    public bool Claims(string encoded) => encoded.StartsWith(Prefix, StringComparison.Ordinal);

    public string? Problem(string encoded)
    {
        var bytes = Phc.Base64(encoded[Prefix.Length..]);
        if (bytes is null || bytes.Length == 0) return "An ASP.NET Core Identity hash is $aspnet-identity$ and the PasswordHash column's base64.";
        return bytes[0] switch
        {
            // v2: marker, 16 bytes of salt, 32 of PBKDF2-SHA1.
            0x00 when bytes.Length == 49 => null,
            // v3: marker, PRF, iterations, salt length (big-endian 32-bit each), salt, at least 16 bytes of key.
            0x01 when bytes.Length >= 13 && V3Fits(bytes) => null,
            _ => "The PasswordHash is not an ASP.NET Core Identity v2 or v3 hash.",
        };
    }

    /// <summary>Whether Identity checks the password, and whether Identity itself would rehash it (v2, or v3 weaker than its default).</summary>
    public static (bool Matches, bool Weaker) Check(string encoded, string password) =>
        Hasher.VerifyHashedPassword(null!, encoded[Prefix.Length..], password) switch
        {
            PasswordVerificationResult.Success => (true, false),
            PasswordVerificationResult.SuccessRehashNeeded => (true, true),
            _ => (false, false),
        };

    public bool Verify(string encoded, string password) => Check(encoded, password).Matches;

    private static bool V3Fits(byte[] bytes)
    {
        static uint Read(byte[] b, int at) => (uint)(b[at] << 24 | b[at + 1] << 16 | b[at + 2] << 8 | b[at + 3]);
        var prf = Read(bytes, 1);
        var iterations = Read(bytes, 5);
        var saltLength = Read(bytes, 9);
        return prf <= 2 && iterations is >= 1 and <= 10_000_000 && saltLength >= 8 && 13 + (long)saltLength + 16 <= bytes.Length;
    }
}
