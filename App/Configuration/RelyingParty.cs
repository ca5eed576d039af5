namespace App.Configuration;

public static class RelyingParty
{
    // Public suffixes that must never be an RP ID. A full public-suffix list is not shipped; these
    // catch the common mistakes (an RP ID of "com" or "co.uk" would share passkeys across sites).
    private static readonly HashSet<string> CommonPublicSuffixes =
    [
        "com", "net", "org", "io", "dev", "app", "co", "uk", "co.uk", "org.uk", "de", "fr", "es", "br", "com.br",
        "eu", "us", "info", "biz", "me", "cloud", "github.io", "vercel.app", "netlify.app", "herokuapp.com",
    ];

    /// <summary>
    /// WebAuthn §5.1.4.1 (https://www.w3.org/TR/webauthn-3/#rp-id): the RP ID must equal the origin's
    /// effective domain or be a registrable domain suffix of it.
    /// </summary>
    public static bool IsRpIdValidFor(string rpId, string host)
    {
        host = host.ToLowerInvariant();
        rpId = rpId.ToLowerInvariant();
        if (host == rpId) return true;
        return host.EndsWith("." + rpId, StringComparison.Ordinal) && !CommonPublicSuffixes.Contains(rpId) && rpId.Contains('.');
    }
}
