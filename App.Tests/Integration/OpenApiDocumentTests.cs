using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using App.Admin;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// <c>/openapi/v1.json</c> on each listener: the public API on the public one, the admin API on the
/// admin one, every route the app maps in one of them, and the pages' headers on both.
/// </summary>
public sealed class OpenApiDocumentTests(AdminPortalFixture fixture) : IClassFixture<AdminPortalFixture>
{
    /// <summary>Routes that are not the API: the documents themselves and the reference page.</summary>
    private static readonly string[] Undocumented = ["/openapi/v1.json", "/admin/docs"];

    private static async Task<List<DocumentedOperation>> OperationsAsync(string url)
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(url + "/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("3.1.1", document["openapi"]!.GetValue<string>());
        return OpenApiDocument.Operations(document);
    }

    private static bool IsShared(string path) => path is "/health/alive" or "/health/ready" or "/version" or "/schemas" or "/schemas/{id}";

    [Fact]
    public async Task The_public_listener_describes_the_public_api_only()
    {
        var operations = await OperationsAsync(fixture.Portal.BaseUrl);
        Assert.Contains(operations, o => o.Id == "toSession" && o.Path == "/sessions/whoami");
        Assert.Contains(operations, o => o.Id == "createBrowserLoginFlow");
        Assert.DoesNotContain(operations, o => o.Path.StartsWith("/admin", StringComparison.Ordinal));
        Assert.True(operations.Count(o => IsShared(o.Path)) == 5);
    }

    [Fact]
    public async Task The_admin_listener_describes_the_admin_api_only()
    {
        var operations = await OperationsAsync(fixture.Portal.AdminUrl);
        Assert.Contains(operations, o => o.Id == "listIdentities" && o.Path == "/admin/identities");
        Assert.Contains(operations, o => o.Id == "listAuditEvents" && o.IsPortals);
        Assert.All(operations.Where(o => !IsShared(o.Path)), o => Assert.StartsWith("/admin/", o.Path));
        Assert.True(operations.Count(o => IsShared(o.Path)) == 5);
    }

    [Fact]
    public async Task Every_operation_has_a_unique_name_and_kratos_or_the_portal_owns_it()
    {
        var operations = (await OperationsAsync(fixture.Portal.BaseUrl)).Concat(await OperationsAsync(fixture.Portal.AdminUrl))
            .DistinctBy(o => (o.Method, o.Path)).ToList();
        Assert.All(operations, o => Assert.False(string.IsNullOrEmpty(o.Id), $"{o.Method} {o.Path} has no operationId: add it to App/Http/OpenApi"));
        Assert.Equal(operations.Count, operations.Select(o => o.Id).Distinct().Count());
        Assert.All(operations, o => Assert.NotEmpty(o.Responses));
    }

    [Fact]
    public async Task Every_route_the_app_maps_is_in_a_document()
    {
        var documented = (await OperationsAsync(fixture.Portal.BaseUrl)).Concat(await OperationsAsync(fixture.Portal.AdminUrl))
            .Select(o => $"{o.Method} {o.Path}").ToHashSet();
        var routes = fixture.Portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            // Handlers, not pages, the circuit or static files: those carry the method they run.
            .Where(e => e.Metadata.GetMetadata<MethodInfo>() is not null)
            .ToList();
        Assert.True(routes.Count > 50, $"only {routes.Count} handler routes were found");
        var missing = new List<string>();
        foreach (var route in routes)
        {
            var path = "/" + route.RoutePattern.RawText!.TrimStart('/');
            if (Undocumented.Any(u => path == u || path.StartsWith(u + "/", StringComparison.Ordinal)))
            {
                Assert.NotNull(route.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>());
                continue;
            }
            Assert.Null(route.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>());
            foreach (var method in route.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["(any method)"])
                if (!documented.Contains($"{method} {path}")) missing.Add($"{method} {path}");
        }
        Assert.True(missing.Count == 0, "Mapped but not in /openapi/v1.json: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task The_documents_carry_the_portals_security_headers_on_both_listeners()
    {
        using var http = new HttpClient();
        foreach (var root in new[] { fixture.Portal.BaseUrl, fixture.Portal.AdminUrl })
        {
            var response = await http.GetAsync(root + "/openapi/v1.json");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString());
            Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        }
    }

    [Fact]
    public async Task Only_the_one_document_path_is_shared_between_the_listeners()
    {
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(fixture.Portal.BaseUrl + "/openapi/admin.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(fixture.Portal.AdminUrl + "/openapi/public.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(fixture.Portal.AdminUrl + "/sessions/whoami")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(fixture.Portal.BaseUrl + "/admin/docs")).StatusCode);
    }

    [Fact]
    public async Task With_admin_keys_the_document_is_readable_without_one_and_the_operations_it_lists_are_not()
    {
        var key = AdminKeyHash.NewKey();
        using var portal = PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?>
        {
            ["serve.admin.api_keys.0.name"] = "docs-reader",
            ["serve.admin.api_keys.0.key_hash"] = AdminKeyHash.Of(key),
        });
        var operations = await OperationsAsync(portal.AdminUrl);
        Assert.Contains(operations, o => o.Id == "listIdentities" && o.Responses.Contains("401"));
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(portal.AdminUrl + "/admin/identities")).StatusCode);
    }
}
