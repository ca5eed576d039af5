namespace App.Credentials.Passwords.Formats;

/// <summary>
/// One way of writing a password hash, recognised by its prefix (<c>$2b$</c>, <c>$argon2id$</c>, …).
/// Reading a hash and checking a password are separate, so an import can refuse a malformed hash
/// without any of the work a sign-in does.
/// </summary>
public interface IPasswordHashFormat
{
    /// <summary>The name the audit log and the rehash decision use: bcrypt, argon2id, pbkdf2-sha256, …</summary>
    string Name { get; }

    /// <summary>Whether the hash claims to be of this format (its prefix only).</summary>
    bool Claims(string encoded);

    /// <summary>Why the hash cannot be used (a bad parameter, salt or digest), or null when it is well formed.</summary>
    string? Problem(string encoded);

    /// <summary>Whether <paramref name="password"/> is the one hashed; only for hashes <see cref="Problem"/> accepts. Compares in constant time.</summary>
    bool Verify(string encoded, string password);
}
