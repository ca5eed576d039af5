using System.Text;
using System.Text.Json.Nodes;
using App.Configuration;
using Microsoft.AspNetCore.Routing.Template;

namespace App.Http;

/// <summary>The status, the JSON body (when there is one) and the Location header of an in-process request.</summary>
public sealed record InProcessResponse(int Status, JsonNode? Json, string? Location)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>
/// Runs a request against the portal's own endpoints without a network hop, for a page whose
/// browser talks over a circuit rather than over HTTP. Each request gets a fresh DI scope (its own
/// database context) and an HttpContext rebuilt from the browser's <see cref="RequestFacts"/>, and
/// runs the endpoint exactly as an HTTP client would reach it, filters included: every rule the
/// Kratos API applies (CSRF, privilege, restriction, audit) applies here unchanged.
/// </summary>
public sealed class InProcessRequests(IServiceScopeFactory scopes, EndpointDataSource endpoints, PortalSettings settings, ILogger<InProcessRequests> logger)
{
    private List<(RouteEndpoint Endpoint, TemplateMatcher Matcher, IReadOnlyList<string> Methods)>? routes;

    public async Task<InProcessResponse> SendAsync(RequestFacts facts, HttpMethod method, string pathAndQuery, JsonNode? body = null, CancellationToken cancel = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var http = NewContext(facts, scope.ServiceProvider, method.Method, pathAndQuery, body, cancel);
        // The public API only: the admin API answers on its own listener, never from a page.
        if (http.Request.Path.StartsWithSegments("/admin") || Match(http) is not { } endpoint) return new InProcessResponse(404, null, null);
        try
        {
            await endpoint.RequestDelegate!(http);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            // What UseKratosErrors would answer over HTTP: an error, never the exception itself.
            logger.LogError(e, "{Method} {Path} failed in process", method, http.Request.Path);
            return new InProcessResponse(500, null, null);
        }
        return await ReadAsync(http);
    }

    /// <summary>Runs <paramref name="work"/> in a fresh scope, on a request context rebuilt from <paramref name="facts"/>.</summary>
    public async Task<T> RunAsync<T>(RequestFacts facts, Func<HttpContext, Task<T>> work, CancellationToken cancel = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(NewContext(facts, scope.ServiceProvider, "GET", "/", null, cancel));
    }

    private HttpContext NewContext(RequestFacts facts, IServiceProvider services, string method, string pathAndQuery, JsonNode? body, CancellationToken cancel)
    {
        var http = new DefaultHttpContext { RequestServices = services, RequestAborted = cancel };
        var request = http.Request;
        var query = pathAndQuery.IndexOf('?');
        request.Method = method;
        request.Scheme = settings.PublicBaseUrl.Scheme;
        request.Host = new HostString(settings.PublicBaseUrl.Authority);
        request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        request.QueryString = query < 0 ? QueryString.Empty : new QueryString(pathAndQuery[query..]);
        if (facts.Cookies.Count > 0)
            request.Headers.Cookie = string.Join("; ", facts.Cookies.Select(c => c.Key + "=" + Uri.EscapeDataString(c.Value)));
        if (facts.UserAgent is { } agent) request.Headers.UserAgent = agent;
        if (facts.AcceptLanguage is { } language) request.Headers.AcceptLanguage = language;
        request.Headers.Accept = "application/json";
        http.Connection.RemoteIpAddress = facts.Address;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
            request.ContentType = "application/json";
            request.ContentLength = bytes.Length;
            request.Body = new MemoryStream(bytes);
        }
        http.Response.Body = new MemoryStream();
        return http;
    }

    private RouteEndpoint? Match(HttpContext http)
    {
        routes ??= endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null && e.RequestDelegate is not null)
            // Literal routes first: /sessions/whoami before /sessions/{id}.
            .OrderBy(e => e.RoutePattern.Parameters.Count)
            .Select(e => (e, new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary()), e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods))
            .ToList();
        foreach (var (endpoint, matcher, methods) in routes)
        {
            if (!methods.Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase)) continue;
            var values = new RouteValueDictionary();
            if (!matcher.TryMatch(http.Request.Path, values)) continue;
            http.Request.RouteValues = values;
            http.SetEndpoint(endpoint);
            return endpoint;
        }
        return null;
    }

    private static async Task<InProcessResponse> ReadAsync(HttpContext http)
    {
        var response = http.Response;
        JsonNode? json = null;
        if (response.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && response.Body is MemoryStream buffer && buffer.Length > 0)
        {
            buffer.Position = 0;
            json = await JsonNode.ParseAsync(buffer);
        }
        var location = response.Headers.Location.ToString();
        return new InProcessResponse(response.StatusCode, json, location.Length > 0 ? location : null);
    }
}
