using System.Net;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// An allowed return_to still comes from the user: whatever characters it carries, the redirect
/// that uses it must be a valid Location header. Served by Kestrel, which (unlike the in-memory
/// test server) refuses to write control or non-ASCII characters into a header, through a real
/// socket client that does not follow redirects.
/// </summary>
public sealed class RedirectHeaderTests : IDisposable
{
    private readonly PortalFactory portal = PortalFactory.StartKestrel();
    private readonly List<HttpClient> clients = [];

    public static TheoryData<string> Paths => new() { "/a%0D%0ASet-Cookie:%20evil=1", "/caf%C3%A9", "/a%00b", "/a%09b" };

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_signed_in_browser_is_redirected_to_an_escaped_return_to(string encodedPath)
    {
        var client = await SignedInAsync();
        var returnTo = Uri.UnescapeDataString(portal.BaseUrl + encodedPath);
        var response = await client.GetAsync("/self-service/login/browser?return_to=" + Uri.EscapeDataString(returnTo));
        AssertSafeRedirect(response, encodedPath);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_browser_form_sign_in_redirects_to_an_escaped_return_to(string encodedPath)
    {
        var authenticator = new SoftwareAuthenticator();
        (await SignedInAsync(authenticator)).Dispose();
        var client = NewClient();
        var returnTo = Uri.UnescapeDataString(portal.BaseUrl + encodedPath);
        var flow = await CreateFlowAsync(client, "login", "?return_to=" + Uri.EscapeDataString(returnTo));
        var assertion = authenticator.Get(PortalClient.NodeValue(flow, "passkey_challenge"), portal.Origin);
        var response = await client.PostAsync($"/self-service/login?flow={PortalClient.Id(flow)}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["method"] = "passkey", ["csrf_token"] = PortalClient.Csrf(flow), ["passkey_login"] = assertion,
        }));
        AssertSafeRedirect(response, encodedPath);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/sessions/whoami")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Logout_redirects_to_an_escaped_return_to(string encodedPath)
    {
        var client = await SignedInAsync();
        var returnTo = Uri.UnescapeDataString(portal.BaseUrl + encodedPath);
        var created = await Wire.ObjectAsync(await client.GetAsync("/self-service/logout/browser?return_to=" + Uri.EscapeDataString(returnTo)));
        var response = await client.GetAsync(created["logout_url"]!.GetValue<string>());
        AssertSafeRedirect(response, encodedPath);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/sessions/whoami")).StatusCode);
    }

    private void AssertSafeRedirect(HttpResponseMessage response, string encodedPath)
    {
        Assert.True(response.StatusCode == HttpStatusCode.SeeOther, $"Expected 303, got {(int)response.StatusCode}");
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("evil", StringComparison.Ordinal)));
        var location = response.Headers.Location!.OriginalString;
        Assert.All(location, c => Assert.InRange(c, '!', '~'));
        Assert.Equal(portal.BaseUrl + encodedPath, location, ignoreCase: true);
    }

    /// <summary>Registers over the SPA API with a socket client that keeps cookies and does not follow redirects.</summary>
    private async Task<HttpClient> SignedInAsync(SoftwareAuthenticator? authenticator = null)
    {
        var client = NewClient();
        var flow = await CreateFlowAsync(client, "registration", "");
        var credential = (authenticator ?? new SoftwareAuthenticator()).Create(PortalClient.NodeValue(flow, "passkey_create_data"), portal.Origin);
        var body = Steps.RegistrationBody(flow, $"kestrel-{Guid.NewGuid():N}@example.com", credential);
        var request = Wire.Json(HttpMethod.Post, $"/self-service/registration?flow={PortalClient.Id(flow)}", body.ToJsonString());
        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return client;
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> CreateFlowAsync(HttpClient client, string kind, string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/self-service/{kind}/browser{query}");
        request.Headers.Accept.ParseAdd("application/json");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Wire.ObjectAsync(response);
    }

    private HttpClient NewClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(portal.BaseUrl),
        };
        clients.Add(client);
        return client;
    }

    public void Dispose()
    {
        foreach (var client in clients) client.Dispose();
        portal.Dispose();
    }
}
