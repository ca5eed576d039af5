using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using App.Courier;
using App.Data;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration.Support;

/// <summary>The verification flow's submissions as an SPA or a native app posts them, the emailed link, and what they leave behind.</summary>
public static partial class VerificationSteps
{
    public static Task<HttpResponseMessage> SendAsync(PortalClient client, JsonObject flow, string email) =>
        client.SubmitJsonAsync("verification", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "code",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["email"] = email,
        });

    public static Task<HttpResponseMessage> SubmitCodeAsync(PortalClient client, JsonObject flow, string code) =>
        client.SubmitJsonAsync("verification", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "code",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["code"] = code,
        });

    /// <summary>A browser flow (SPA) with the verification email asked for; the flow as the answer gives it.</summary>
    public static async Task<JsonObject> SentAsync(PortalClient client, string email)
    {
        var flow = await client.CreateBrowserFlowAsync("verification");
        return await Wire.AssertFlowAsync(await SendAsync(client, flow, email), HttpStatusCode.OK);
    }

    /// <summary>The link in a verification email: <c>/self-service/verification?flow=…&amp;code=…</c>.</summary>
    public static string LinkIn(CourierMessage message) => Link().Match(message.Body).Value;

    /// <summary>The identity's verifiable address as whoami and the admin API print it.</summary>
    public static async Task<JsonObject> AddressAsync(PortalFactory portal, string identityId, string email)
    {
        using var http = new HttpClient();
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var identity = await db.Identities.AsNoTracking().Include(i => i.Identifiers).SingleAsync(i => i.Id == Guid.Parse(identityId));
        var settings = scope.ServiceProvider.GetRequiredService<App.Configuration.PortalSettings>();
        var json = System.Text.Json.JsonSerializer.SerializeToNode(App.KratosJson.IdentityJson.From(identity, settings), App.KratosJson.KratosJsonOptions.Default)!;
        return json["verifiable_addresses"]!.AsArray().Single(a => a!["value"]!.GetValue<string>() == email)!.AsObject();
    }

    public static async Task<List<string>> AuditTypesAsync(PortalFactory portal, string flowId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.AuditEvents.AsNoTracking().Where(e => e.FlowId == Guid.Parse(flowId) && e.Type.StartsWith("verification."))
            .OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => e.Type).ToListAsync();
    }

    [GeneratedRegex(@"http://[^\s""<>]+/self-service/verification\?flow=[0-9a-f\-]+&code=[A-Za-z0-9_\-]+")] private static partial Regex Link();
}
