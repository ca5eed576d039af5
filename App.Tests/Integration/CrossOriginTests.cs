using System.Net;
using App.Tests.Infrastructure;

namespace App.Tests.Integration;

/// <summary>
/// <c>serve.public.cors</c> on a running portal: a UI on an allowed origin reads flows and its
/// session with the browser's cookies; any other origin, and the admin listener, get no CORS answer.
/// </summary>
public sealed class CrossOriginTests
{
    private const string Ui = "https://app.example.com";

    private static PortalFactory Portal() => PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?>
    {
        ["serve.public.cors.enabled"] = "true",
        ["serve.public.cors.allowed_origins.0"] = Ui,
        ["serve.public.cors.max_age"] = "600",
    });

    private static HttpRequestMessage Preflight(string url, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, url);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-csrf-token");
        return request;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Fact]
    public async Task An_allowed_origin_is_answered_with_credentials()
    {
        using var portal = Portal();
        using var http = new HttpClient();
        var preflight = await http.SendAsync(Preflight(portal.BaseUrl + "/self-service/login?flow=x", Ui));
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(Ui, Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Header(preflight, "Access-Control-Allow-Credentials"));
        Assert.Contains("POST", Header(preflight, "Access-Control-Allow-Methods"));
        Assert.Contains("x-csrf-token", Header(preflight, "Access-Control-Allow-Headers")!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("600", Header(preflight, "Access-Control-Max-Age"));

        var read = new HttpRequestMessage(HttpMethod.Get, portal.BaseUrl + "/self-service/login/browser");
        read.Headers.Add("Origin", Ui);
        read.Headers.Add("Accept", "application/json");
        var flow = await http.SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, flow.StatusCode);
        Assert.Equal(Ui, Header(flow, "Access-Control-Allow-Origin"));
        Assert.Contains("Content-Type", Header(flow, "Access-Control-Expose-Headers"));
    }

    [Theory]
    [InlineData("https://evil.example.com")]
    [InlineData("https://app.example.com.evil.net")]
    [InlineData("null")]
    public async Task Another_origin_gets_no_CORS_answer(string origin)
    {
        using var portal = Portal();
        using var http = new HttpClient();
        var preflight = await http.SendAsync(Preflight(portal.BaseUrl + "/sessions/whoami", origin));
        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Null(Header(preflight, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task The_admin_listener_never_answers_CORS()
    {
        using var portal = Portal();
        using var http = new HttpClient();
        var preflight = await http.SendAsync(Preflight(portal.AdminUrl + "/admin/identities", Ui));
        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Off_by_default()
    {
        using var portal = PortalFactory.StartKestrel();
        using var http = new HttpClient();
        var preflight = await http.SendAsync(Preflight(portal.BaseUrl + "/sessions/whoami", Ui));
        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
    }
}
