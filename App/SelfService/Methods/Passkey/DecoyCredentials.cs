using App.Security;

namespace App.SelfService.Methods.Passkey;

/// <summary>
/// Credential ids for addresses that have no passkey, derived with the portal's persistent HMAC key
/// so that asking twice gives the same answer, as it would for a real account, across restarts and
/// across instances. Most accounts have one passkey and some two, so a decoy lists one or two.
/// </summary>
public sealed class DecoyCredentials(Secrets secrets)
{
    public async Task<IReadOnlyList<byte[]>> ForAsync(string identifier)
    {
        var mac = await secrets.HmacAsync("passkey_decoy", Identities.EmailAddress.Normalize(identifier));
        // About a third of decoys look like an account with a second passkey.
        if (mac[0] % 3 != 0) return [mac];
        return [mac, await secrets.HmacAsync("passkey_decoy_2", Identities.EmailAddress.Normalize(identifier))];
    }
}
