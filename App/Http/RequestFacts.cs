using System.Net;
using System.Security.Claims;
using App.Configuration;
using App.Localization;

namespace App.Http;

/// <summary>
/// What a browser's request says about it that the portal's endpoints read: the session and CSRF
/// cookies (and on the admin listener the console's session cookie), the language and colour-scheme choices, the client's address and its User-Agent and
/// Accept-Language. An interactive page acts for its browser with exactly these, so the engine sees
/// the same browser over a circuit as over HTTP, and the circuit holds nothing the cookies do not.
/// </summary>
public sealed record RequestFacts(
    IReadOnlyDictionary<string, string> Cookies,
    string? ClientIp,
    string? UserAgent,
    string? AcceptLanguage)
{
    private const string AuthenticationType = "portal-request";
    private const string CookieClaim = "cookie:";
    private const string IpClaim = "client-ip";
    private const string UserAgentClaim = "user-agent";
    private const string LanguageClaim = "accept-language";

    public static RequestFacts None { get; } = new(new Dictionary<string, string>(), null, null, null);

    /// <summary>The cookies the endpoints read, and nothing else the browser happens to send.</summary>
    public static RequestFacts From(HttpContext http, PortalSettings settings)
    {
        var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { settings.SessionCookieName, settings.CsrfCookieName, Languages.CookieName, SchemeCookie })
            if (http.Request.Cookies[name] is { Length: > 0 } value) cookies[name] = value;
        // The admin console's session counts on the admin listener only (ConsoleSessions).
        if (Admin.Console.ConsoleSessions.TokenOf(http, settings) is { Length: > 0 } console) cookies[Admin.Console.ConsoleSessions.CookieName] = console;
        return new RequestFacts(cookies, http.Connection.RemoteIpAddress?.ToString(),
            Blank(http.Request.Headers.UserAgent.ToString()), Blank(http.Request.Headers.AcceptLanguage.ToString()));
    }

    /// <summary>The light/dark switch's cookie (js/scheme.js).</summary>
    public const string SchemeCookie = "portal_scheme";

    /// <summary>The visitor chose dark (true), light (false) or nothing (null) with the switch.</summary>
    public bool? PrefersDark => Cookies.TryGetValue(SchemeCookie, out var scheme) ? scheme switch { "dark" => true, "light" => false, _ => null } : null;

    public string? Cookie(string name) => Cookies.TryGetValue(name, out var value) ? value : null;

    public IPAddress? Address => IPAddress.TryParse(ClientIp, out var address) ? address : null;

    /// <summary>
    /// The facts as the circuit's user: the framework hands the user of the circuit's connection to the
    /// circuit, and again on every reconnection, and never sends it to the browser.
    /// </summary>
    public ClaimsPrincipal ToPrincipal()
    {
        var claims = Cookies.Select(c => new Claim(CookieClaim + c.Key, c.Value)).ToList();
        if (ClientIp is not null) claims.Add(new Claim(IpClaim, ClientIp));
        if (UserAgent is not null) claims.Add(new Claim(UserAgentClaim, UserAgent));
        if (AcceptLanguage is not null) claims.Add(new Claim(LanguageClaim, AcceptLanguage));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType));
    }

    public static RequestFacts FromPrincipal(ClaimsPrincipal user)
    {
        if (user.Identities.FirstOrDefault(i => i.AuthenticationType == AuthenticationType) is not { } identity) return None;
        var cookies = identity.Claims.Where(c => c.Type.StartsWith(CookieClaim, StringComparison.Ordinal))
            .ToDictionary(c => c.Type[CookieClaim.Length..], c => c.Value, StringComparer.Ordinal);
        return new RequestFacts(cookies, identity.FindFirst(IpClaim)?.Value, identity.FindFirst(UserAgentClaim)?.Value, identity.FindFirst(LanguageClaim)?.Value);
    }

    private static string? Blank(string value) => value.Length == 0 ? null : value;
}
