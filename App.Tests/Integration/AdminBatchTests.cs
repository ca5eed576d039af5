using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using App.Data;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// Kratos's <c>batchPatchIdentities</c> (<c>PATCH /admin/identities</c>): many identities created
/// in one request, each entry on its own, each answered with its action and its <c>patch_id</c>.
/// </summary>
public sealed class AdminBatchTests : IDisposable
{
    private readonly PortalFactory portal = PortalFactory.StartKestrelWithAdmin();
    private readonly HttpClient admin = new();

    public void Dispose()
    {
        admin.Dispose();
        portal.Dispose();
    }

    private Task<HttpResponseMessage> BatchAsync(string json) =>
        admin.SendAsync(new HttpRequestMessage(HttpMethod.Patch, portal.AdminUrl + "/admin/identities")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        });

    private static JsonObject Create(string email) => new() { ["schema_id"] = "default", ["traits"] = new JsonObject { ["email"] = email } };

    [Fact]
    public async Task Creates_each_entry_on_its_own_and_says_how_each_went()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (first, second, third) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var body = new JsonObject
        {
            ["identities"] = new JsonArray
            {
                new JsonObject { ["patch_id"] = first.ToString(), ["create"] = Create($"one-{tag}@example.com") },
                // The same address again: refused, the others still go in.
                new JsonObject { ["patch_id"] = second.ToString(), ["create"] = Create($"one-{tag}@example.com") },
                new JsonObject { ["patch_id"] = third.ToString(), ["create"] = new JsonObject { ["schema_id"] = "default", ["traits"] = new JsonObject { ["email"] = "not an email" } } },
                new JsonObject { ["create"] = Create($"two-{tag}@example.com") },
                new JsonObject { ["patch_id"] = Guid.NewGuid().ToString() },
            },
        };
        var response = await BatchAsync(body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await Wire.ObjectAsync(response))["identities"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(["create", "error", "error", "create", "error"], results.Select(r => r["action"]!.GetValue<string>()));
        Assert.Equal(first.ToString(), results[0]["patch_id"]!.GetValue<string>());
        Assert.Equal(second.ToString(), results[1]["patch_id"]!.GetValue<string>());
        Assert.Equal(409, results[1]["error"]!["code"]!.GetValue<int>());
        Assert.Equal(400, results[2]["error"]!["code"]!.GetValue<int>());
        Assert.False(results[3].ContainsKey("patch_id"));
        Assert.Equal(400, results[4]["error"]!["code"]!.GetValue<int>());

        foreach (var created in new[] { results[0], results[3] })
        {
            var id = created["identity"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"{portal.AdminUrl}/admin/identities/{id}")).StatusCode);
        }
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal(1, await db.IdentityIdentifiers.CountAsync(x => x.Value == $"one-{tag}@example.com"));
        var ids = new[] { results[0], results[3] }.Select(r => (Guid?)Guid.Parse(r["identity"]!.GetValue<string>())).ToList();
        Assert.Equal(2, await db.AuditEvents.CountAsync(e => e.Type == App.Audit.AuditEvents.AdminIdentityCreated && ids.Contains(e.IdentityId)));
    }

    [Theory]
    [InlineData("""{"identities": {}}""")]
    [InlineData("""{"identities": [1]}""")]
    [InlineData("""{"identities": [{"patch_id": "not-a-uuid", "create": {}}]}""")]
    [InlineData("""[]""")]
    [InlineData("""{}""")]
    public async Task A_malformed_batch_is_refused_whole_and_writes_nothing(string json)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var before = await db.Identities.CountAsync();
        await Wire.AssertErrorAsync(await BatchAsync(json), HttpStatusCode.BadRequest, null);
        Assert.Equal(before, await db.Identities.CountAsync());
    }

    [Fact]
    public async Task More_than_two_thousand_entries_are_refused()
    {
        var entries = new JsonArray();
        for (var i = 0; i < 2001; i++) entries.Add(new JsonObject { ["create"] = Create($"many-{i}@example.com") });
        await Wire.AssertErrorAsync(await BatchAsync(new JsonObject { ["identities"] = entries }.ToJsonString()), HttpStatusCode.BadRequest, null);
    }
}
