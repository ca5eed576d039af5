using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;

namespace App.Tests.Integration.Support;

/// <summary>
/// A browser at the admin console, over HTTP: it keeps cookies as a browser does (by host, not by
/// port, so the public listener's cookies come along), follows no redirects, and signs in with a
/// software authenticator on the console's origin.
/// </summary>
public sealed class ConsoleVisit : IDisposable
{
    private readonly PortalFactory portal;

    public ConsoleVisit(PortalFactory portal, CookieContainer? cookies = null)
    {
        this.portal = portal;
        Cookies = cookies ?? new CookieContainer();
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(portal.ConsoleOrigin),
        };
    }

    public CookieContainer Cookies { get; }
    public HttpClient Http { get; }
    public string Origin => portal.ConsoleOrigin;

    /// <summary>The sign-in page's flow id and challenge (<c>{"publicKey": …}</c>).</summary>
    public async Task<(string Flow, string Challenge)> OpenSignInAsync()
    {
        var response = await Http.GetAsync("/admin/sign-in");
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /admin/sign-in answered {(int)response.StatusCode}: {html}");
        return (Hidden(html, "flow"), Hidden(html, "passkey_challenge"));
    }

    public Task<HttpResponseMessage> SubmitAsync(string flow, string credential) =>
        Http.PostAsync("/admin/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["flow"] = flow, ["passkey_login"] = credential }));

    /// <summary>Opens the sign-in page and answers its challenge with <paramref name="authenticator"/> on <paramref name="origin"/> (the console's by default).</summary>
    public async Task<HttpResponseMessage> SignInAsync(SoftwareAuthenticator authenticator, string? origin = null)
    {
        var (flow, challenge) = await OpenSignInAsync();
        return await SubmitAsync(flow, authenticator.Get(challenge, origin ?? Origin));
    }

    /// <summary>Where a redirect sends the browser: its path and query, on this listener.</summary>
    public static string? Location(HttpResponseMessage response) =>
        response.Headers.Location is not { } location ? null : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    /// <summary>A page's HTML with its character references decoded, as a person reads it.</summary>
    public async Task<string> PageAsync(string path) => WebUtility.HtmlDecode(await (await Http.GetAsync(path)).Content.ReadAsStringAsync());

    public string? ConsoleCookie => Cookies.GetCookies(new Uri(Origin)).FirstOrDefault(c => c.Name == "portal_admin_console")?.Value;

    /// <summary>An identity with a passkey, signed up on the public pages; the authenticator holds the passkey.</summary>
    public static async Task<(string Id, string Email, SoftwareAuthenticator Passkey)> SignUpAsync(PortalFactory portal, string name)
    {
        var passkey = new SoftwareAuthenticator();
        var email = $"{name}-{Guid.NewGuid():N}@example.com";
        using var client = portal.NewClient();
        var (response, body) = await Journeys.RegisterAsync(client, passkey, email);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return (body["identity"]!["id"]!.GetValue<string>(), email, passkey);
    }

    /// <summary>Gives the identity the admin role through the admin API, as an operator does.</summary>
    public static async Task MakeAdministratorAsync(PortalFactory portal, string identityId, bool admin = true)
    {
        using var http = new HttpClient();
        var patch = new JsonArray(new JsonObject
        {
            ["op"] = "add", ["path"] = "/metadata_admin",
            ["value"] = new JsonObject { ["roles"] = admin ? new JsonArray("admin") : new JsonArray("support") },
        });
        var response = await http.PatchAsync($"{portal.AdminUrl}/admin/identities/{identityId}", new StringContent(patch.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The audit log's entries of one identity, through the admin API.</summary>
    public static async Task<JsonArray> AuditAsync(PortalFactory portal, string identityId)
    {
        using var http = new HttpClient();
        return (await http.GetFromJsonAsync<JsonArray>($"{portal.AdminUrl}/admin/audit?identity_id={identityId}&page_size=250"))!;
    }

    private static string Hidden(string html, string name)
    {
        var match = Regex.Match(html, $"<input type=\"hidden\" name=\"{name}\" value=\"([^\"]*)\"");
        Assert.True(match.Success, $"No hidden {name} on the page: {html}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public void Dispose() => Http.Dispose();
}
