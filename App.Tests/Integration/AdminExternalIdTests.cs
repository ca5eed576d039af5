using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Kratos's <c>external_id</c>: an operator's own id for a person, stored with the identity, unique,
/// kept across a replacement that leaves it out, and the key of <c>GET /admin/identities/by/external/{id}</c>.
/// </summary>
public sealed class AdminExternalIdTests : IDisposable
{
    private readonly PortalFactory portal = PortalFactory.StartKestrelWithAdmin();
    private readonly HttpClient admin = new();

    public void Dispose()
    {
        admin.Dispose();
        portal.Dispose();
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json") =>
        admin.SendAsync(new HttpRequestMessage(method, portal.AdminUrl + path)
        {
            Content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, contentType),
        });

    private static JsonObject Body(string email, string? externalId) => new()
    {
        ["schema_id"] = "default",
        ["traits"] = new JsonObject { ["email"] = email },
        ["external_id"] = externalId,
    };

    [Fact]
    public async Task An_identity_is_found_by_its_external_id_which_survives_updates_and_can_be_changed()
    {
        var external = "crm-" + Guid.NewGuid().ToString("N");
        var created = await SendAsync(HttpMethod.Post, "/admin/identities", Body($"{external}@example.com", external));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var identity = await Wire.ObjectAsync(created);
        Assert.Equal(external, identity["external_id"]!.GetValue<string>());
        var id = identity["id"]!.GetValue<string>();

        var found = await Wire.ObjectAsync(await SendAsync(HttpMethod.Get, "/admin/identities/by/external/" + Uri.EscapeDataString(external)));
        Assert.Equal(id, found["id"]!.GetValue<string>());
        Assert.Equal(external, found["external_id"]!.GetValue<string>());
        Assert.Equal(external, (await Wire.ObjectAsync(await SendAsync(HttpMethod.Get, "/admin/identities/" + id)))["external_id"]!.GetValue<string>());

        // A replacement that does not mention it keeps it; one that names another id moves it.
        var kept = await Wire.ObjectAsync(await SendAsync(HttpMethod.Put, "/admin/identities/" + id, new JsonObject
        {
            ["schema_id"] = "default", ["traits"] = new JsonObject { ["email"] = $"{external}@example.com" }, ["state"] = "active",
        }));
        Assert.Equal(external, kept["external_id"]!.GetValue<string>());
        var moved = await Wire.ObjectAsync(await SendAsync(HttpMethod.Patch, "/admin/identities/" + id,
            JsonNode.Parse("""[{"op":"replace","path":"/external_id","value":"crm-renamed"}]""")));
        Assert.Equal("crm-renamed", moved["external_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/admin/identities/by/external/" + external)).StatusCode);
        Assert.Equal(id, (await Wire.ObjectAsync(await SendAsync(HttpMethod.Get, "/admin/identities/by/external/crm-renamed")))["id"]!.GetValue<string>());

        // Removing it clears it.
        var cleared = await Wire.ObjectAsync(await SendAsync(HttpMethod.Patch, "/admin/identities/" + id,
            JsonNode.Parse("""[{"op":"remove","path":"/external_id"}]""")));
        Assert.False(cleared.ContainsKey("external_id"), cleared.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/admin/identities/by/external/crm-renamed")).StatusCode);
    }

    [Fact]
    public async Task A_taken_external_id_is_a_conflict_and_a_bad_one_a_400_and_nothing_is_written()
    {
        var external = "taken-" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/admin/identities", Body($"a-{external}@example.com", external))).StatusCode);

        await Wire.AssertErrorAsync(await SendAsync(HttpMethod.Post, "/admin/identities", Body($"b-{external}@example.com", external)), HttpStatusCode.Conflict, null);
        Assert.Empty((await Wire.BodyAsync(await SendAsync(HttpMethod.Get, $"/admin/identities?credentials_identifier=b-{external}@example.com")))!.AsArray());

        await Wire.AssertErrorAsync(await SendAsync(HttpMethod.Post, "/admin/identities", Body($"c-{external}@example.com", new string('x', 256))), HttpStatusCode.BadRequest, null);
        await Wire.AssertErrorAsync(await SendAsync(HttpMethod.Post, "/admin/identities", new JsonObject
        {
            ["schema_id"] = "default", ["traits"] = new JsonObject { ["email"] = $"d-{external}@example.com" }, ["external_id"] = 42,
        }), HttpStatusCode.BadRequest, null);
        Assert.Empty((await Wire.BodyAsync(await SendAsync(HttpMethod.Get, $"/admin/identities?credentials_identifier=c-{external}@example.com")))!.AsArray());
    }

    [Theory]
    [InlineData("nobody-has-this")]
    [InlineData("a%2Fb")]
    [InlineData("%E2%9C%93")]
    public async Task An_unknown_external_id_is_Kratos_s_404(string externalId)
    {
        var response = await SendAsync(HttpMethod.Get, "/admin/identities/by/external/" + externalId);
        await Wire.AssertErrorAsync(response, HttpStatusCode.NotFound, null);
    }
}
