using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Data;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration.Support;

/// <summary>Backup codes over the Kratos API, as an SPA posts them: settings' four booleans, and sign-in by email and code.</summary>
public static class BackupCodeSteps
{
    /// <summary>A new account signed in with its passkey, in the client's cookie jar.</summary>
    public static async Task<(PortalClient Client, SoftwareAuthenticator Passkey, string Email)> SignedUpAsync(PortalFactory portal, string name = "backup")
    {
        var client = portal.NewClient();
        var passkey = new SoftwareAuthenticator();
        var email = $"{name}-{Guid.NewGuid():N}@example.com";
        var (response, body) = await Journeys.RegisterAsync(client, passkey, email);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return (client, passkey, email);
    }

    public static Task<HttpResponseMessage> SubmitAsync(PortalClient client, JsonObject flow, string toggle) =>
        client.SubmitJsonAsync("settings", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "lookup_secret",
            ["csrf_token"] = PortalClient.Csrf(flow),
            [toggle] = true,
        });

    public static Task<HttpResponseMessage> RegenerateAsync(PortalClient client, JsonObject flow) => SubmitAsync(client, flow, "lookup_secret_regenerate");
    public static Task<HttpResponseMessage> ConfirmAsync(PortalClient client, JsonObject flow) => SubmitAsync(client, flow, "lookup_secret_confirm");
    public static Task<HttpResponseMessage> RevealAsync(PortalClient client, JsonObject flow) => SubmitAsync(client, flow, "lookup_secret_reveal");
    public static Task<HttpResponseMessage> DisableAsync(PortalClient client, JsonObject flow) => SubmitAsync(client, flow, "lookup_secret_disable");

    /// <summary>The codes node's entries (Kratos 1050009 with <c>context.secret</c>, 1050014 for a used one, …).</summary>
    public static List<JsonObject> Entries(JsonObject flow) =>
        Wire.Nodes(flow).Single(n => n["attributes"]!["id"]?.GetValue<string>() == "lookup_secret_codes")
            ["attributes"]!["text"]!["context"]!["secrets"]!.AsArray().Select(e => e!.AsObject()).ToList();

    public static List<string> CodesIn(JsonObject flow) =>
        Entries(flow).Select(e => e["context"]!["secret"]!.GetValue<string>()).ToList();

    /// <summary>The portal's count node, or null when the flow has none.</summary>
    public static JsonObject? Remaining(JsonObject flow) =>
        Wire.Nodes(flow).FirstOrDefault(n => n["attributes"]!["id"]?.GetValue<string>() == "lookup_secret_remaining")?["attributes"]!["text"]!.AsObject();

    /// <summary>"Generate backup codes", then "I saved them", in a fresh settings flow; returns the codes now in force.</summary>
    public static async Task<List<string>> GenerateAndConfirmAsync(PortalClient client)
    {
        var flow = await client.CreateBrowserFlowAsync("settings");
        var shown = await Wire.ObjectAsync(await RegenerateAsync(client, flow));
        var codes = CodesIn(shown);
        var confirmed = await ConfirmAsync(client, shown);
        Assert.True(confirmed.StatusCode == HttpStatusCode.OK, (await Wire.ObjectAsync(confirmed)).ToJsonString());
        return codes;
    }

    /// <summary>Posts an address and a backup code to a new browser login flow of <paramref name="client"/>.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(PortalClient client, string email, string code)
    {
        var flow = await client.CreateBrowserFlowAsync("login");
        return await SignInAsync(client, flow, email, code);
    }

    public static Task<HttpResponseMessage> SignInAsync(PortalClient client, JsonObject flow, string email, string code) =>
        client.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "lookup_secret",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["identifier"] = email,
            ["lookup_secret"] = code,
        });

    /// <summary>Marks the identity's saved codes used, in the order shown, until <paramref name="left"/> remain: as if it had signed in that often.</summary>
    public static async Task UseAllButAsync(PortalFactory portal, string email, int left)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var identityId = await db.IdentityIdentifiers.Where(x => x.Value == email).Select(x => x.IdentityId).SingleAsync();
        var unused = await db.BackupCodes.Where(c => c.IdentityId == identityId && c.ConfirmedAt != null && c.UsedAt == null)
            .OrderBy(c => c.Position).Select(c => c.Id).ToListAsync();
        var spend = unused.Take(unused.Count - left).ToList();
        await db.BackupCodes.Where(c => spend.Contains(c.Id)).ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, DateTime.UtcNow));
    }
}
