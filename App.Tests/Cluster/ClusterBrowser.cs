using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Cluster;

/// <summary>
/// A browser that may talk to any instance or to the balancer: one cookie jar for <c>localhost</c>
/// (cookies name a host, not a port, so the flow's CSRF cookie goes to every instance), no redirects
/// followed, the Kratos SPA API spoken with whole URLs. It can connect from another loopback address
/// (127.0.0.2), so a proxy's address and its client's can be told apart on one machine.
/// </summary>
public sealed class ClusterBrowser : IDisposable
{
    public ClusterBrowser(IPAddress? from = null)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = Cookies };
        if (from is not null)
            handler.ConnectCallback = async (context, cancel) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    // localhost by its IPv4 address: the source address is IPv4.
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        Http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public CookieContainer Cookies { get; } = new();
    public HttpClient Http { get; }

    public async Task<JsonObject> BrowserFlowAsync(string baseUrl, string kind)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{baseUrl}/self-service/{kind}/browser");
        request.Headers.Accept.ParseAdd("application/json");
        var response = await Http.SendAsync(request);
        var body = await Wire.BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{kind} flow on {baseUrl}: {(int)response.StatusCode} {body?.ToJsonString()}");
        return body!.AsObject();
    }

    public async Task<JsonObject> ApiFlowAsync(string baseUrl, string kind)
    {
        var response = await Http.GetAsync($"{baseUrl}/self-service/{kind}/api");
        var body = await Wire.BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{kind} API flow on {baseUrl}: {(int)response.StatusCode} {body?.ToJsonString()}");
        return body!.AsObject();
    }

    public Task<HttpResponseMessage> SubmitAsync(string baseUrl, string kind, JsonObject flow, JsonObject body, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}/self-service/{kind}?flow={PortalClient.Id(flow)}")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return Http.SendAsync(request);
    }

    /// <summary>
    /// A passkey registration whose flow is made on <paramref name="createOn"/> and submitted on
    /// <paramref name="submitOn"/>, from a page at <paramref name="origin"/>.
    /// </summary>
    public async Task<(HttpStatusCode Status, JsonObject Body)> RegisterAsync(string createOn, string submitOn, SoftwareAuthenticator key, string email, string origin)
    {
        var flow = await BrowserFlowAsync(createOn, "registration");
        var credential = key.Create(PortalClient.NodeValue(flow, "passkey_create_data"), origin);
        var response = await SubmitAsync(submitOn, "registration", flow, Steps.RegistrationBody(flow, email, credential));
        return (response.StatusCode, (await Wire.BodyAsync(response))?.AsObject() ?? []);
    }

    public async Task<(HttpStatusCode Status, JsonObject Body)> SignInAsync(string createOn, string submitOn, SoftwareAuthenticator key, string origin,
        string? forwardedFor = null)
    {
        var flow = await BrowserFlowAsync(createOn, "login");
        var assertion = key.Get(PortalClient.NodeValue(flow, "passkey_challenge"), origin);
        var response = await SubmitAsync(submitOn, "login", flow, Steps.LoginBody(flow, assertion), forwardedFor);
        return (response.StatusCode, (await Wire.BodyAsync(response))?.AsObject() ?? []);
    }

    /// <summary>whoami with this browser's session cookie, on one instance or the balancer.</summary>
    public Task<HttpResponseMessage> WhoAmIAsync(string baseUrl) => Http.GetAsync($"{baseUrl}/sessions/whoami");

    public void Dispose() => Http.Dispose();
}
