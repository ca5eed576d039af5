using System.Net;
using System.Text.Json.Nodes;
using App.Data;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// A trait that signs a person in is kept as an identifier of at most 320 characters, the longest an
/// address can be. A schema may leave such a trait (a username) without a maxLength; a longer value is
/// then refused as a trait error, a 400, on every database, and not by a column that is too short.
/// </summary>
public sealed class LongIdentifierTests : IDisposable
{
    private const string Schema = """
        {
          "$id": "https://example.com/username.schema.json",
          "type": "object",
          "properties": {
            "traits": {
              "type": "object",
              "properties": {
                "email": { "type": "string", "format": "email",
                  "ory.sh/kratos": { "credentials": { "passkey": { "display_name": true } } } },
                "username": { "type": "string",
                  "ory.sh/kratos": { "credentials": { "password": { "identifier": true } } } }
              },
              "required": ["email"]
            }
          }
        }
        """;

    private readonly string folder = Directory.CreateTempSubdirectory("long-identifier-").FullName;
    private readonly PortalFactory portal;
    private readonly AdminSteps admin;

    public LongIdentifierTests()
    {
        var file = Path.Combine(folder, "username.schema.json");
        File.WriteAllText(file, Schema);
        portal = PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?>
        {
            ["identity.schemas.0.id"] = "username",
            ["identity.schemas.0.url"] = "file://" + file,
            ["identity.default_schema_id"] = "username",
            ["selfservice.methods.password.enabled"] = "true",
        });
        admin = new AdminSteps(portal);
    }

    public void Dispose()
    {
        admin.Dispose();
        portal.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private static string Identity(string username) => new JsonObject
    {
        ["traits"] = new JsonObject { ["email"] = $"long-{Guid.NewGuid():N}@example.com", ["username"] = username },
    }.ToJsonString();

    [Fact]
    public async Task An_identifier_of_320_characters_is_kept_and_one_longer_is_a_400()
    {
        var longest = new string('u', 320);
        Assert.Equal(HttpStatusCode.Created, (await admin.SendAsync(HttpMethod.Post, "/admin/identities", Identity(longest))).StatusCode);

        var refused = await admin.SendAsync(HttpMethod.Post, "/admin/identities", Identity(new string('v', 321)));
        var error = await Wire.AssertErrorAsync(refused, HttpStatusCode.BadRequest, null);
        Assert.Equal("traits.username: length must be <= 320, but got 321", error["error"]!["reason"]!.GetValue<string>());

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal(1, await db.Identities.CountAsync());
    }

    [Fact]
    public async Task A_change_to_a_longer_identifier_is_a_400_and_changes_nothing()
    {
        var created = await Wire.ObjectAsync(await admin.SendAsync(HttpMethod.Post, "/admin/identities", Identity("short")));
        var id = created["id"]!.GetValue<string>();
        var traits = created["traits"]!.AsObject();
        traits["username"] = new string('w', 400);

        var refused = await admin.SendAsync(HttpMethod.Put, $"/admin/identities/{id}", new JsonObject { ["traits"] = traits.DeepClone() }.ToJsonString());
        await Wire.AssertErrorAsync(refused, HttpStatusCode.BadRequest, null);

        var kept = await Wire.ObjectAsync(await admin.SendAsync(HttpMethod.Get, $"/admin/identities/{id}"));
        Assert.Equal("short", kept["traits"]!["username"]!.GetValue<string>());
    }
}
