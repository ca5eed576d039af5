using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using App.Data;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// <c>GET /admin/identities</c> carries each identity's <c>credentials</c> summary without config, as
/// Kratos's list does, and reads them a batch per credential type: the statements a page costs do not
/// grow with the page.
/// </summary>
public sealed class AdminListCredentialsTests : IDisposable
{
    private readonly StatementCounter counter = new();
    private readonly PortalFactory portal;
    private readonly AdminSteps admin;

    public AdminListCredentialsTests()
    {
        portal = PortalFactory.StartKestrelWithAdmin(services: s => s.ConfigureDbContext<PortalDbContext>(o => o.AddInterceptors(counter)));
        admin = new AdminSteps(portal);
    }

    public void Dispose()
    {
        admin.Dispose();
        portal.Dispose();
    }

    /// <summary>Creates an identity through the admin API with a passkey made here, a password, both or neither.</summary>
    private async Task<(string Id, string Email, string? Handle)> CreateAsync(string name, bool passkey, bool password)
    {
        var email = $"{name}-{Guid.NewGuid():N}@example.com";
        var credentials = new JsonObject();
        string? handle = null;
        if (passkey)
        {
            handle = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 64);
            var key = CredentialKey.Create(CredentialKey.Es256);
            credentials["passkey"] = new JsonObject
            {
                ["config"] = new JsonObject
                {
                    ["user_handle"] = handle,
                    ["credentials"] = new JsonArray(new JsonObject
                    {
                        ["id"] = Authenticator.Base64Url.Encode(RandomNumberGenerator.GetBytes(32)),
                        ["public_key"] = Convert.ToBase64String(key.CoseKey()),
                    }),
                },
            };
        }
        if (password) credentials["password"] = new JsonObject { ["config"] = new JsonObject { ["password"] = "correct horse battery staple" } };
        var body = new JsonObject { ["schema_id"] = "default", ["traits"] = new JsonObject { ["email"] = email }, ["credentials"] = credentials };
        var response = await admin.SendAsync(HttpMethod.Post, "/admin/identities", body.ToJsonString());
        var created = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToJsonString());
        return (created["id"]!.GetValue<string>(), email, handle);
    }

    [Fact]
    public async Task Each_identity_on_a_page_has_its_own_credential_summaries_without_config()
    {
        var both = await CreateAsync("both", passkey: true, password: true);
        var invited = await CreateAsync("invited", passkey: false, password: false);
        var withPassword = await CreateAsync("password", passkey: false, password: true);
        var withPasskey = await CreateAsync("passkey", passkey: true, password: false);

        var listed = (await admin.ListAsync("/admin/identities?page_size=10")).Select(i => i!.AsObject()).ToDictionary(i => i["id"]!.GetValue<string>());
        Assert.Equal(4, listed.Count);
        JsonObject Credentials(string id) => listed[id]["credentials"]!.AsObject();

        Assert.Equal(["code", "passkey", "password"], Credentials(both.Id).Select(c => c.Key).Order());
        Assert.Equal(["code"], Credentials(invited.Id).Select(c => c.Key));
        Assert.Equal(["code", "password"], Credentials(withPassword.Id).Select(c => c.Key).Order());
        Assert.Equal(["code", "passkey"], Credentials(withPasskey.Id).Select(c => c.Key).Order());

        foreach (var (id, email, handle) in new[] { both, invited, withPassword, withPasskey })
        {
            foreach (var (type, summary) in Credentials(id))
            {
                Assert.False(summary!.AsObject().ContainsKey("config"), $"{type} of {email} has config in a list");
                Assert.Equal(type, summary["type"]!.GetValue<string>());
                var expected = type == "passkey" ? handle : email;
                Assert.Equal(expected, Assert.Single(summary["identifiers"]!.AsArray())!.GetValue<string>());
            }
        }

        // The same summaries as the identity's own read, so the list and the read cannot drift apart.
        var one = await Wire.ObjectAsync(await admin.GetAsync($"/admin/identities/{both.Id}"));
        Assert.True(JsonNode.DeepEquals(one["credentials"], listed[both.Id]["credentials"]), $"{one["credentials"]} / {listed[both.Id]["credentials"]}");
    }

    [Fact]
    public async Task A_page_costs_the_same_statements_whatever_its_size()
    {
        for (var i = 0; i < 8; i++) await CreateAsync($"page{i}", passkey: true, password: i % 2 == 0);
        using (var scope = portal.Services.CreateScope())
            Assert.Equal(8, await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Passkeys.CountAsync());

        // The fewest of a few tries: a background worker may share the counter now and then.
        async Task<int> StatementsAsync(int size)
        {
            var fewest = int.MaxValue;
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var before = counter.Count;
                var page = await admin.ListAsync($"/admin/identities?page_size={size}");
                fewest = Math.Min(fewest, counter.Count - before);
                Assert.Equal(size, page.Count);
                Assert.All(page, i => Assert.True(i!["credentials"]!.AsObject().ContainsKey("passkey")));
            }
            return fewest;
        }

        await StatementsAsync(1);
        var one = await StatementsAsync(1);
        var two = await StatementsAsync(2);
        var eight = await StatementsAsync(8);
        Assert.True(one == two && two == eight, $"page of 1: {one}, of 2: {two}, of 8: {eight} statements");
        // The identities with their addresses, then one batch each for passkeys and passwords.
        Assert.True(eight <= 4, $"{eight} statements for a page");
    }
}
