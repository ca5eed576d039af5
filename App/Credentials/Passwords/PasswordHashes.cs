using App.Configuration;
using App.Credentials.Passwords.Formats;

namespace App.Credentials.Passwords;

/// <summary>What checking a typed password against a stored hash found.</summary>
/// <param name="Matches">The password is the one hashed.</param>
/// <param name="Rehash">It matched, and the hash is not argon2id at the configured cost, so it should be replaced.</param>
/// <param name="Format">The stored hash's format, for the audit log.</param>
public sealed record PasswordCheck(bool Matches, bool Rehash, string Format);

/// <summary>
/// Every password hash format the portal reads (Kratos's import formats and ASP.NET Core Identity's),
/// and the one it writes, argon2id at <c>hashers.argon2</c>'s cost. An address without a password is
/// checked against a decoy hash at that cost, so the answer takes as long as a real one.
/// </summary>
public sealed class PasswordHashes
{
    private static readonly IPasswordHashFormat[] Formats =
        [new BcryptFormat(), new Argon2Format(), new Pbkdf2Format(), new ScryptFormat(), new AspNetIdentityFormat()];

    private readonly Lazy<string> decoy;

    public PasswordHashes(PortalSettings settings)
    {
        Cost = PasswordCost.Read(settings.Options.Hashers.Argon2).Cost ?? throw new InvalidOperationException("hashers.argon2 was not validated.");
        decoy = new(() => Argon2Format.Hash(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)), Cost));
    }

    public Argon2Cost Cost { get; }

    /// <summary>Why an imported hash cannot be used, or null when it can: an unknown format, or a malformed one.</summary>
    public static string? Problem(string? encoded)
    {
        if (string.IsNullOrEmpty(encoded)) return "The hashed password is empty.";
        if (encoded.Length > 4096) return "The hashed password is longer than 4096 characters.";
        return Find(encoded) is { } format ? format.Problem(encoded)
            : "The hashed password's format is not supported: use bcrypt ($2a$, $2b$, $2y$), argon2id or argon2i ($argon2id$), pbkdf2 ($pbkdf2-sha256$), scrypt ($scrypt$) or an ASP.NET Core Identity hash ($aspnet-identity$).";
    }

    /// <summary>A new argon2id hash of <paramref name="password"/>.</summary>
    public string Hash(string password) => Argon2Format.Hash(password, Cost);

    /// <summary>Checks a typed password against a stored hash; a null hash (no password) is checked against the decoy and never matches.</summary>
    public PasswordCheck Check(string? encoded, string password)
    {
        if (encoded is null || password.Length == 0 || Find(encoded) is not { } format || format.Problem(encoded) is not null)
        {
            // Argon2 refuses an empty password; the decoy's work is done all the same.
            new Argon2Format().Verify(decoy.Value, password.Length == 0 ? "\0" : password);
            return new PasswordCheck(false, false, "none");
        }
        if (format is AspNetIdentityFormat)
        {
            var (matches, _) = AspNetIdentityFormat.Check(encoded, password);
            return new PasswordCheck(matches, matches, format.Name);
        }
        var ok = format.Verify(encoded, password);
        return new PasswordCheck(ok, ok && !Argon2Format.IsCurrent(encoded, Cost), FormatName(encoded, format));
    }

    /// <summary>The hash's format as the audit log names it: bcrypt, argon2id, pbkdf2-sha256, scrypt, aspnet-identity.</summary>
    public static string FormatName(string encoded) => Find(encoded) is { } format ? FormatName(encoded, format) : "unknown";

    private static string FormatName(string encoded, IPasswordHashFormat format) =>
        format is Argon2Format or Pbkdf2Format ? encoded.Split('$')[1] : format.Name;

    private static IPasswordHashFormat? Find(string encoded) => Formats.FirstOrDefault(f => f.Claims(encoded));
}
