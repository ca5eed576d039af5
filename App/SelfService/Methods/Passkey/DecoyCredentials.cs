using System.Security.Cryptography;
using System.Text;

namespace App.SelfService.Methods.Passkey;

/// <summary>
/// Credential ids for addresses that have no passkey, derived with a keyed hash so that asking twice
/// gives the same answer, as it would for a real account.
/// </summary>
public sealed class DecoyCredentials
{
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    public IEnumerable<byte[]> For(string identifier)
    {
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(Identities.EmailAddress.Normalize(identifier)));
        return [mac];
    }
}
