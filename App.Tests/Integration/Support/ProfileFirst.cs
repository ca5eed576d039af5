using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration.Support;

/// <summary>A portal whose registration is two-step (<c>selfservice.flows.registration.style: profile_first</c>), as Kratos defaults to.</summary>
public sealed class ProfileFirstFixture : IDisposable
{
    public PortalFactory Portal { get; } = new(new Dictionary<string, string?> { ["selfservice.flows.registration.style"] = "profile_first" });

    public void Dispose() => Portal.Dispose();
}

/// <summary>The steps of a two-step registration over the Kratos API.</summary>
public static class ProfileFirst
{
    public static Task<JsonObject> StartAsync(PortalClient client, string type) =>
        type == "api" ? client.CreateApiFlowAsync("registration") : client.CreateBrowserFlowAsync("registration");

    /// <summary>Sends the traits with <c>method=profile</c>; Kratos answers the next screen with 400 and the flow.</summary>
    public static async Task<JsonObject> SubmitProfileAsync(PortalClient client, JsonObject flow, JsonObject traits) =>
        await Wire.AssertFlowAsync(await client.SubmitJsonAsync("registration", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "profile",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["traits"] = traits,
        }));

    public static JsonObject Email(string email) => new() { ["email"] = email };

    public static string NewEmail(string who) => $"{who}-{Guid.NewGuid():N}@example.com";

    public static IEnumerable<JsonObject> Traits(JsonObject flow) =>
        Wire.Nodes(flow).Where(n => Snapshots.Name(n)?.StartsWith("traits.", StringComparison.Ordinal) == true);

    public static IEnumerable<JsonObject> Groups(JsonObject flow, params string[] groups) =>
        Wire.Nodes(flow).Where(n => groups.Contains(n["group"]!.GetValue<string>()));

    public static string InputType(JsonObject node) => node["attributes"]!["type"]!.GetValue<string>();

    /// <summary>How many identities have <paramref name="email"/> as an identifier: the proof that a step wrote nothing.</summary>
    public static async Task<int> IdentitiesWithAsync(PortalFactory portal, string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<App.Data.PortalDbContext>();
        return await db.IdentityIdentifiers.CountAsync(x => x.Value == email);
    }

    public static async Task<int> IdentityCountAsync(PortalFactory portal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<App.Data.PortalDbContext>().Identities.CountAsync();
    }

    public static void AssertOk(HttpResponseMessage response, JsonObject body) =>
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body.ToJsonString()}");
}
