using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace App.Tests.Integration.Support;

/// <summary>A session the test holds the token of, whichever way it was issued (browser cookie or app token).</summary>
public sealed record HeldSession(PortalClient Client, SoftwareAuthenticator Key, string Email, string IdentityId, string SessionId, string Token) : IDisposable
{
    public const string CookieName = "ory_kratos_session";

    public void Dispose() => Client.Dispose();

    /// <summary>Signs a new person up in a browser (SPA JSON flow); the token is the session cookie's value.</summary>
    public static async Task<HeldSession> SignUpAsync(PortalFactory portal, string name)
    {
        var client = portal.NewClient();
        var key = new SoftwareAuthenticator();
        var email = $"{name}-{Guid.NewGuid():N}@example.com";
        var (response, body) = await Journeys.RegisterAsync(client, key, email);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return new HeldSession(client, key, email, body["identity"]!["id"]!.GetValue<string>(), body["session"]!["id"]!.GetValue<string>(),
            Steps.CookieValue(Steps.SetCookie(response, CookieName)!));
    }

    /// <summary>The same person signed in again in another browser: a second session.</summary>
    public async Task<HeldSession> InAnotherBrowserAsync(PortalFactory portal)
    {
        var client = portal.NewClient();
        var (response, body) = await Journeys.LoginAsync(client, Key);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return this with { Client = client, SessionId = body["session"]!["id"]!.GetValue<string>(), Token = Steps.CookieValue(Steps.SetCookie(response, CookieName)!) };
    }

    /// <summary>The same person signed in from a native app: a session token, no cookie.</summary>
    public async Task<HeldSession> InAnAppAsync(PortalFactory portal)
    {
        var client = portal.NewClient();
        var body = await Steps.ApiLoginAsync(client, Key);
        return this with { Client = client, SessionId = body["session"]!["id"]!.GetValue<string>(), Token = body["session_token"]!.GetValue<string>() };
    }
}

/// <summary>
/// Asks whoami for a token every way Kratos reads one: the session cookie, <c>X-Session-Token</c>
/// and <c>Authorization: Bearer</c>, from a client with no cookie jar, so a cleared cookie cannot
/// hide a session the server still accepts.
/// </summary>
public sealed class WhoAmIProbe : IDisposable
{
    private readonly HttpClient http;

    public WhoAmIProbe(PortalFactory portal)
    {
        http = portal.OnKestrel
            ? new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(portal.BaseUrl) }
            : portal.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false, BaseAddress = new Uri(portal.BaseUrl) });
    }

    public void Dispose() => http.Dispose();

    private async Task<List<(string Way, HttpResponseMessage Response)>> AskAsync(string token)
    {
        var byCookie = new HttpRequestMessage(HttpMethod.Get, "/sessions/whoami");
        byCookie.Headers.Add("Cookie", $"{HeldSession.CookieName}={token}");
        var byHeader = new HttpRequestMessage(HttpMethod.Get, "/sessions/whoami");
        byHeader.Headers.Add("X-Session-Token", token);
        var byBearer = new HttpRequestMessage(HttpMethod.Get, "/sessions/whoami");
        byBearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return [("cookie", await http.SendAsync(byCookie)), ("X-Session-Token", await http.SendAsync(byHeader)), ("Bearer", await http.SendAsync(byBearer))];
    }

    /// <summary>Asks <paramref name="times"/> rounds, each of which must be accepted, so any cache of the session is warm; returns the last answer.</summary>
    public async Task<JsonObject> WarmAsync(string token, int times = 3)
    {
        JsonObject? last = null;
        for (var i = 0; i < times; i++) last = await ActiveAsync(token);
        return last!;
    }

    /// <summary>One round, each way accepted and naming the same session; returns the session.</summary>
    public async Task<JsonObject> ActiveAsync(string token)
    {
        JsonObject? session = null;
        foreach (var (way, response) in await AskAsync(token))
        {
            var body = await Wire.BodyAsync(response);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"whoami by {way}: {(int)response.StatusCode} {body?.ToJsonString()}");
            if (session is not null) Assert.Equal(session["id"]!.GetValue<string>(), body!["id"]!.GetValue<string>());
            session = body!.AsObject();
        }
        return session!;
    }

    /// <summary>The very next round is refused every way, in Kratos's shape, and so are three rounds after it.</summary>
    public async Task AssertRefusedAsync(string token)
    {
        for (var round = 0; round < 4; round++)
            foreach (var (way, response) in await AskAsync(token))
            {
                var body = await Wire.BodyAsync(response);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized,
                    $"whoami by {way}, round {round + 1} after the session ended: {(int)response.StatusCode} {body?.ToJsonString()}");
                await Wire.AssertNoSessionAsync(response);
                Assert.False(response.Headers.Contains("X-Kratos-Authenticated-Identity-Id"), $"whoami by {way} still names the identity");
            }
    }
}
