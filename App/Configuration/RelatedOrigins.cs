namespace App.Configuration;

/// <summary>
/// <c>rp.related_origins</c> (WebAuthn L3 §5.11, https://www.w3.org/TR/webauthn-3/#sctn-related-origins):
/// origins on other sites whose pages may run ceremonies for this RP ID. A browser accepts them only
/// if <c>https://{rp.id}/.well-known/webauthn</c> lists them, so each is checked here as an origin,
/// and must be another site: an origin on rp.id's own site needs no list and belongs in rp.origins.
/// </summary>
public static class RelatedOrigins
{
    private const string Key = "selfservice.methods.passkey.config.rp.related_origins";

    public static void Check(RelyingPartyOptions rp, List<ConfigError> errors)
    {
        for (var i = 0; i < rp.RelatedOrigins.Count; i++)
        {
            var text = rp.RelatedOrigins[i];
            var key = $"{Key}.{i}";
            if (!Uri.TryCreate(text, UriKind.Absolute, out var origin) || origin.Scheme is not ("http" or "https") || origin.UserInfo.Length > 0)
            {
                errors.Add(new(key, $"'{text}' is not an origin.", "Write scheme, host and optional port, such as https://shop.example.org."));
                continue;
            }
            if (origin.Scheme == "http" && origin.Host != "localhost")
                errors.Add(new(key, $"'{text}' uses http; browsers allow passkeys only on https or localhost.", "Use the site's https origin."));
            if (!IsBare(text, origin))
                errors.Add(new(key, $"'{text}' has a path, query or fragment; an origin is only scheme://host[:port].",
                    $"Write {origin.GetLeftPart(UriPartial.Authority)}."));
            if (rp.Id is { Length: > 0 } id && SameSite(origin.Host, id))
                errors.Add(new(key, $"'{text}' is on the site of rp.id '{id}'; related origins are for other sites.",
                    $"Move it to selfservice.methods.passkey.config.rp.origins, or remove it."));
        }
    }

    private static bool IsBare(string text, Uri origin)
    {
        var written = text.Trim();
        var authority = origin.GetLeftPart(UriPartial.Authority);
        return string.Equals(written, authority, StringComparison.OrdinalIgnoreCase)
            || string.Equals(written, authority + "/", StringComparison.OrdinalIgnoreCase)
            || (origin.IsDefaultPort && string.Equals(written, $"{authority}:{origin.Port}", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>rp.id itself or a domain below it: the same site as far as rp.id can tell.</summary>
    private static bool SameSite(string host, string rpId) =>
        string.Equals(host, rpId, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + rpId, StringComparison.OrdinalIgnoreCase);
}
