using System.Security.Cryptography;
using System.Text;
using App.Configuration;

namespace App.Admin;

/// <summary>The configured admin API keys (<c>serve.admin.api_keys</c>), by the digests of their hashes.</summary>
public sealed class AdminApiKeys(PortalSettings settings)
{
    private readonly (string Name, byte[] Digest)[] keys =
        settings.Options.Serve.Admin.ApiKeys.Select(k => (k.Name, AdminKeyHash.Digest(k.KeyHash)!)).ToArray();

    /// <summary>Once any key is configured, every admin request needs one, also from this machine.</summary>
    public bool Required => keys.Length > 0;

    /// <summary>
    /// The name of the key presented, or null. Every configured digest is compared, in constant time,
    /// so neither the time taken nor an early exit says how close a guess came or which key it hit.
    /// </summary>
    public string? NameOf(string presented)
    {
        if (!AdminKeyHash.IsPlausibleKey(presented)) return null;
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        string? found = null;
        foreach (var (name, configured) in keys)
            if (CryptographicOperations.FixedTimeEquals(digest, configured)) found ??= name;
        return found;
    }
}
