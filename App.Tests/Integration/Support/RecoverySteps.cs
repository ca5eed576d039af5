using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using App.Audit;
using App.Data;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration.Support;

/// <summary>The recovery flow's submissions as an SPA or a native app posts them, the admin API's, and the audit log they leave.</summary>
public static class RecoverySteps
{
    private static readonly HttpClient Admin = new();

    /// <summary>"Send recovery link": method=code with the address.</summary>
    public static Task<HttpResponseMessage> SendAsync(PortalClient client, JsonObject flow, string email) =>
        client.SubmitJsonAsync("recovery", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "code",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["email"] = email,
        });

    public static Task<HttpResponseMessage> SubmitCodeAsync(PortalClient client, JsonObject flow, string code) =>
        client.SubmitJsonAsync("recovery", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "code",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["code"] = code,
        });

    /// <summary>"Resend code": the address again, as the button's value carries it.</summary>
    public static Task<HttpResponseMessage> ResendAsync(PortalClient client, JsonObject flow) =>
        client.SubmitJsonAsync("recovery", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "code",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["email"] = PortalClient.NodeValue(flow, "email"),
        });

    /// <summary>Registers an account with a passkey on <paramref name="phone"/>; returns its address and identity id.</summary>
    public static async Task<(string Email, string Id)> RegisteredAsync(PortalFactory portal, string name, SoftwareAuthenticator? phone = null)
    {
        var email = $"{name}-{Guid.NewGuid():N}@example.com";
        using var client = portal.NewClient();
        var (response, body) = await Journeys.RegisterAsync(client, phone ?? new SoftwareAuthenticator(), email);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return (email, body["identity"]!["id"]!.GetValue<string>());
    }

    /// <summary>A browser flow (SPA) with the recovery email asked for; the flow as the answer gives it.</summary>
    public static async Task<JsonObject> SentAsync(PortalClient client, string email)
    {
        var flow = await client.CreateBrowserFlowAsync("recovery");
        return await Wire.AssertFlowAsync(await SendAsync(client, flow, email), HttpStatusCode.OK);
    }

    /// <summary>A POST to the admin API with a raw JSON body, as an SDK sends it.</summary>
    public static Task<HttpResponseMessage> AdminPostAsync(PortalFactory portal, string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, portal.AdminUrl + path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        return Admin.SendAsync(request);
    }

    public static Task<HttpResponseMessage> IssueLinkAsync(PortalFactory portal, string identityId, string? reason = "Lost phone, verified by video call", string? extra = null) =>
        AdminPostAsync(portal, "/admin/recovery/link",
            $$"""{"identity_id":"{{identityId}}"{{(reason is null ? "" : $",\"reason\":{JsonValue.Create(reason).ToJsonString()}")}}{{extra ?? ""}}}""");

    public static Task<HttpResponseMessage> IssueCodeAsync(PortalFactory portal, string identityId, string? reason = "Lost phone, verified by video call", string? extra = null) =>
        AdminPostAsync(portal, "/admin/recovery/code",
            $$"""{"identity_id":"{{identityId}}"{{(reason is null ? "" : $",\"reason\":{JsonValue.Create(reason).ToJsonString()}")}}{{extra ?? ""}}}""");

    /// <summary>The flow id and token of an administrator's link (<c>/self-service/recovery?flow=…&amp;token=…</c>).</summary>
    public static (string FlowId, string Token) LinkParts(string link)
    {
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(link).Query);
        return (query["flow"].ToString(), query["token"].ToString());
    }

    /// <summary>Opens an administrator's link in <paramref name="browser"/> and clicks "Continue", posting the form as the page does.</summary>
    public static async Task<HttpResponseMessage> FollowLinkAsync(PortalClient browser, string link)
    {
        var opened = await browser.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        var page = opened.Headers.Location!;
        var (flowId, token) = LinkParts(link);
        Assert.Equal($"{browser.Factory.BaseUrl}/recovery?flow={flowId}&link={Uri.EscapeDataString(token)}", page.ToString());
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync(page)).StatusCode);
        var flow = await browser.GetFlowObjectAsync("recovery", flowId);
        return await browser.SubmitFormAsync("recovery", flowId, new Dictionary<string, string>
        {
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["method"] = "code",
            ["code"] = token,
        });
    }

    /// <summary>The recovery and settings events of the audit log, oldest first.</summary>
    public static async Task<List<AuditEvent>> AuditAsync(PortalFactory portal)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.AuditEvents.AsNoTracking()
            .Where(e => e.Type.StartsWith("recovery.") || e.Type.StartsWith("settings.") || e.Type.StartsWith("session.restriction"))
            .OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync();
    }

    public static JsonObject Details(AuditEvent entry) => JsonNode.Parse(entry.Details ?? "{}")!.AsObject();
}
