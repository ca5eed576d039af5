using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace App.Tests.Infrastructure;

/// <summary>
/// A browser-like HTTP client: keeps cookies, does not follow redirects, and speaks the Kratos
/// self-service API the way kratos-selfservice-ui-node or an SPA does.
/// </summary>
public sealed class PortalClient : IDisposable
{
    public PortalClient(PortalFactory factory)
    {
        Factory = factory;
        // Over the network the framework's client would follow redirects in its socket handler.
        Http = factory.OnKestrel
            ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = Cookies })
            {
                BaseAddress = new Uri(factory.BaseUrl),
            }
            : factory.CreateClient(new WebApplicationFactoryClientOptions
            {
                AllowAutoRedirect = false,
                HandleCookies = true,
                BaseAddress = new Uri(factory.BaseUrl),
            });
    }

    public PortalFactory Factory { get; }
    public HttpClient Http { get; }
    /// <summary>The cookie jar over the network; requests in memory keep theirs inside the framework's client.</summary>
    public CookieContainer Cookies { get; } = new();

    /// <summary>Creates a browser flow as an SPA does (Accept: application/json).</summary>
    public async Task<JsonObject> CreateBrowserFlowAsync(string kind, string? query = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/self-service/{kind}/browser{query}");
        request.Headers.Accept.ParseAdd("application/json");
        var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task<JsonObject> CreateApiFlowAsync(string kind)
    {
        var response = await Http.GetAsync($"/self-service/{kind}/api");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Posts a JSON body to a flow; returns the raw response.</summary>
    public Task<HttpResponseMessage> SubmitJsonAsync(string kind, string flowId, JsonObject body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/self-service/{kind}?flow={flowId}")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        return Http.SendAsync(request);
    }

    /// <summary>Posts a form as a browser does (no Accept: application/json).</summary>
    public Task<HttpResponseMessage> SubmitFormAsync(string kind, string flowId, IDictionary<string, string> fields) =>
        Http.PostAsync($"/self-service/{kind}?flow={flowId}", new FormUrlEncodedContent(fields));

    public static string NodeValue(JsonObject flow, string name) =>
        Node(flow, name)?["attributes"]?["value"]?.GetValue<string>() ?? "";

    public static JsonObject? Node(JsonObject flow, string name) =>
        flow["ui"]!["nodes"]!.AsArray().FirstOrDefault(n => n!["attributes"]?["name"]?.GetValue<string>() == name)?.AsObject();

    public static string Csrf(JsonObject flow) => NodeValue(flow, "csrf_token");
    public static string Id(JsonObject flow) => flow["id"]!.GetValue<string>();

    public async Task<HttpResponseMessage> WhoAmIAsync(string? sessionToken = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/sessions/whoami");
        if (sessionToken is not null) request.Headers.Add("X-Session-Token", sessionToken);
        return await Http.SendAsync(request);
    }

    public void Dispose() => Http.Dispose();
}
