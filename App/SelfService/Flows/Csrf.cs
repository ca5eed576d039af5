using System.Security.Cryptography;
using App.Configuration;

namespace App.SelfService.Flows;

/// <summary>
/// CSRF protection for browser flows. Each browser holds a random secret in an HttpOnly cookie; a
/// flow remembers the hash of the secret of the browser that created it, and every form carries a
/// freshly masked copy of the secret (masking keeps the page's bytes from repeating, against BREACH).
/// A submission must carry a token that unmasks to the cookie's secret, and the secret must be the
/// flow's, so neither a foreign site nor another browser can complete the flow.
/// </summary>
public sealed class Csrf(PortalSettings settings)
{
    private const int SecretLength = 32;
    private static readonly object NewSecretKey = new();

    /// <summary>The browser's secret, set now if it has none.</summary>
    public byte[] EnsureSecret(HttpContext http)
    {
        if (TryReadSecret(http, out var secret)) return secret;
        secret = RandomNumberGenerator.GetBytes(SecretLength);
        http.Items[NewSecretKey] = secret;
        http.Response.Cookies.Append(settings.CsrfCookieName, Ceremonies.Base64Url.Encode(secret), new CookieOptions
        {
            HttpOnly = true,
            Secure = settings.SecureCookies,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = TimeSpan.FromDays(365),
        });
        return secret;
    }

    public static byte[] Hash(byte[] secret) => SHA256.HashData(secret);

    /// <summary>A masked token for a form: pad || (secret XOR pad).</summary>
    public static string Mask(byte[] secret)
    {
        var token = new byte[SecretLength * 2];
        RandomNumberGenerator.Fill(token.AsSpan(0, SecretLength));
        for (var i = 0; i < SecretLength; i++) token[SecretLength + i] = (byte)(secret[i] ^ token[i]);
        return Ceremonies.Base64Url.Encode(token);
    }

    /// <summary>The token for this request's form, or "" when the browser has no secret yet.</summary>
    public string TokenFor(HttpContext http) => TryReadSecret(http, out var secret) ? Mask(secret) : "";

    // Kratos's reasons, word for word (x/nosurf.go), so clients that show them say the same.
    public const string NoCookies = "The HTTP Cookie Header is empty or not set.";
    public const string CookieMissing = "The HTTP Cookie Header was set but did not include the anti-CSRF cookie.";
    public const string TokenNotSent = "The anti-CSRF cookie was found but the CSRF token was not included in the HTTP request body (csrf_token) nor in the HTTP Header (X-CSRF-Token).";
    public const string TokenMismatch = "The HTTP Cookie Header was set and a CSRF token was sent but they do not match. We recommend deleting all cookies for this domain and retrying the flow.";
    /// <summary>Not Kratos's: the token is this browser's, but the flow was made in another one.</summary>
    public const string OtherBrowser = "The flow was started in another browser. Start the flow again in this browser.";

    /// <summary>Null when the submission is genuine, else the reason it is not.</summary>
    /// <param name="anyBrowser">The flow is open to any browser (<see cref="FlowKind.OpenToAnyBrowser"/>): the token must still be this browser's.</param>
    public string? Check(HttpContext http, Flow flow, string? submittedToken, bool anyBrowser = false)
    {
        if (!TryReadSecret(http, out var secret))
            return http.Request.Headers.Cookie.Count == 0 ? NoCookies : CookieMissing;
        if (string.IsNullOrEmpty(submittedToken)) return TokenNotSent;
        if (!Unmask(submittedToken, out var unmasked) || !CryptographicOperations.FixedTimeEquals(unmasked, secret))
            return TokenMismatch;
        if (!anyBrowser && (flow.CsrfHash is null || !CryptographicOperations.FixedTimeEquals(Hash(secret), flow.CsrfHash)))
            return OtherBrowser;
        return null;
    }

    /// <summary>The refusal for <paramref name="reason"/>, with the hint Kratos gives a script or a page.</summary>
    public static KratosJson.ErrorEnvelope Refusal(HttpContext http, string reason)
    {
        var mode = http.Request.Headers["Sec-Fetch-Mode"].ToString();
        var ajax = mode is "cors" or "no-cors" || Submission.WantsJson(http.Request);
        return KratosJson.KratosErrors.Csrf(reason, ajax, tokenMissing: reason == TokenNotSent);
    }

    /// <summary>Whether this browser is the one that created the flow.</summary>
    public bool Owns(HttpContext http, Flow flow) =>
        TryReadSecret(http, out var secret) && flow.CsrfHash is not null && CryptographicOperations.FixedTimeEquals(Hash(secret), flow.CsrfHash);

    private bool TryReadSecret(HttpContext http, out byte[] secret)
    {
        if (http.Items.TryGetValue(NewSecretKey, out var fresh) && fresh is byte[] made)
        {
            secret = made;
            return true;
        }
        secret = [];
        return Ceremonies.Base64Url.TryDecode(http.Request.Cookies[settings.CsrfCookieName], out secret) && secret.Length == SecretLength;
    }

    private static bool Unmask(string token, out byte[] secret)
    {
        secret = [];
        if (!Ceremonies.Base64Url.TryDecode(token, out var bytes) || bytes.Length != SecretLength * 2) return false;
        secret = new byte[SecretLength];
        for (var i = 0; i < SecretLength; i++) secret[i] = (byte)(bytes[i] ^ bytes[SecretLength + i]);
        return true;
    }
}
