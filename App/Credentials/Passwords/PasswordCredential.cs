namespace App.Credentials.Passwords;

/// <summary>
/// The password of an identity imported with one (Kratos's <c>password</c> credential), as the hash
/// it came with until a sign-in replaces it with argon2id. New identities never get one; disabling
/// the password deletes the row, which ends password sign-in for that identity for good.
/// </summary>
public sealed class PasswordCredential
{
    public Guid IdentityId { get; set; }
    public string HashedPassword { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
