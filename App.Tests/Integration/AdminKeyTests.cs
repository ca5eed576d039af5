using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using App.Admin;
using App.Data;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// The admin listener bound to this machine's network address, as an operator exposes it to a
/// support tool: only a configured key gets in, and the key's name is who acted in the audit log.
/// </summary>
public sealed class AdminKeyTests : IDisposable
{
    private static readonly string SupportKey = AdminKeyHash.NewKey();
    private static readonly string OpsKey = AdminKeyHash.NewKey();
    private readonly PortalFactory portal = PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?>
    {
        ["serve.admin.api_keys.0.name"] = "support-tool",
        ["serve.admin.api_keys.0.key_hash"] = AdminKeyHash.Of(SupportKey),
        ["serve.admin.api_keys.1.name"] = "ops",
        ["serve.admin.api_keys.1.key_hash"] = AdminKeyHash.Of(OpsKey),
    }, adminAddress: LocalMachine.NonLoopbackAddress());
    private readonly HttpClient admin = new();

    public void Dispose()
    {
        admin.Dispose();
        portal.Dispose();
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? authorization, JsonNode? body = null)
    {
        var request = new HttpRequestMessage(method, portal.AdminUrl + path);
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return admin.SendAsync(request);
    }

    [Fact]
    public async Task The_listener_is_reached_over_a_network_address_not_loopback()
    {
        Assert.False(IPAddress.IsLoopback(portal.AdminAddress));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/admin/identities", "Bearer " + SupportKey)).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer adk_0000000000000000000000000000000000000000")]
    [InlineData("Basic c3VwcG9ydC10b29sOnNlY3JldA==")]
    [InlineData("Bearer sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("Bearer adk_ but with spaces in what should be the key")]
    public async Task Without_the_key_or_with_a_wrong_one_every_call_is_a_401_in_kratos_shape(string? authorization)
    {
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/admin/identities"), (HttpMethod.Get, "/admin/sessions"), (HttpMethod.Get, "/admin/audit"), (HttpMethod.Delete, $"/admin/identities/{Guid.NewGuid()}") })
        {
            var response = await SendAsync(method, path, authorization);
            await Wire.AssertErrorAsync(response, HttpStatusCode.Unauthorized, null);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
    }

    [Fact]
    public async Task A_wrong_key_does_not_create_and_its_refusal_is_audited_without_the_key()
    {
        var wrong = AdminKeyHash.NewKey();
        var refused = await SendAsync(HttpMethod.Post, "/admin/identities", "Bearer " + wrong, Invitation("nobody"));
        await Wire.AssertErrorAsync(refused, HttpStatusCode.Unauthorized, null);

        var identities = await SendAsync(HttpMethod.Get, "/admin/identities", "Bearer " + SupportKey);
        Assert.Empty((await Wire.BodyAsync(identities))!.AsArray());
        using var scope = portal.Services.CreateScope();
        var failure = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEvents.SingleAsync(e => e.Type == "admin.authentication_failed");
        Assert.Equal("anonymous", failure.Actor);
        Assert.Contains("unknown_key", failure.Details);
        Assert.DoesNotContain(wrong, failure.Details);
        Assert.DoesNotContain(wrong[4..], failure.Details);
    }

    [Fact]
    public async Task With_the_right_key_calls_pass_and_the_audit_names_the_key()
    {
        var created = await SendAsync(HttpMethod.Post, "/admin/identities", "Bearer " + SupportKey, Invitation("keyed"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Wire.ObjectAsync(created))["id"]!.GetValue<string>();
        // The scheme's case does not matter (RFC 9110), the key's does.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/admin/identities/{id}", "bearer " + SupportKey)).StatusCode);
        await Wire.AssertErrorAsync(await SendAsync(HttpMethod.Get, $"/admin/identities/{id}", "Bearer " + SupportKey.ToUpperInvariant()), HttpStatusCode.Unauthorized, null);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/admin/identities/{id}", "Bearer " + OpsKey)).StatusCode);

        var audit = (await Wire.BodyAsync(await SendAsync(HttpMethod.Get, $"/admin/audit?identity_id={id}", "Bearer " + SupportKey)))!.AsArray();
        Assert.Equal([("admin.identity_deleted", "admin:ops"), ("admin.identity_created", "admin:support-tool")],
            audit.Select(e => (e!["type"]!.GetValue<string>(), e["actor"]!.GetValue<string>())));
    }

    [Fact]
    public async Task The_public_listener_does_not_serve_the_admin_api_even_with_a_key()
    {
        using var client = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Get, portal.BaseUrl + "/admin/identities");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SupportKey);
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(request)).StatusCode);
    }

    private static JsonObject Invitation(string name) => new()
    {
        ["schema_id"] = "default",
        ["traits"] = new JsonObject { ["email"] = $"{name}-{Guid.NewGuid():N}@example.com" },
    };
}
