using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// An expired flow is never used: reading or submitting it answers 410
/// <c>self_service_flow_expired</c> with a replacement flow (UI-NODES §6, §7), and a browser is sent
/// to the replacement, which says why (4010001 / 4040001).
/// </summary>
public sealed class FlowExpiryTests : IDisposable
{
    private static readonly TimeSpan PastLifespan = TimeSpan.FromMilliseconds(1200);

    private static Dictionary<string, string?> OneSecondFlows() => new()
    {
        ["selfservice.flows.login.lifespan"] = "1s",
        ["selfservice.flows.registration.lifespan"] = "1s",
    };

    // The clock is moved by hand so a replacement flow cannot expire too while a slow machine
    // gets round to reading it.
    private readonly FakeClock clock = new();
    private readonly PortalFactory portal;

    public FlowExpiryTests() => portal = new PortalFactory(OneSecondFlows()) { Clock = clock };

    public static TheoryData<string, int> Kinds => new() { { "login", 4010001 }, { "registration", 4040001 } };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Flows_live_as_long_as_the_configured_lifespan(string kind, int _)
    {
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync(kind);
        var lifespan = flow["expires_at"]!.GetValue<DateTime>() - flow["issued_at"]!.GetValue<DateTime>();
        Assert.Equal(TimeSpan.FromSeconds(1), lifespan);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Getting_an_expired_flow_is_410_with_a_replacement(string kind, int messageId)
    {
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync(kind);
        clock.Advance(PastLifespan);

        var body = await Wire.AssertErrorAsync(await client.GetFlowAsync(kind, PortalClient.Id(flow)), HttpStatusCode.Gone, "self_service_flow_expired");
        var replacement = UseFlowId(body, flow);
        var fresh = await client.GetFlowObjectAsync(kind, replacement);
        Assert.Contains(messageId, Wire.Ids(Wire.FlowMessages(fresh)));
        Assert.NotNull(body["expired_at"]);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Submitting_an_expired_flow_as_json_is_410_with_a_replacement_that_exists(string kind, int messageId)
    {
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync(kind);
        clock.Advance(PastLifespan);

        var response = await client.SubmitJsonAsync(kind, PortalClient.Id(flow), Body(kind, PortalClient.Csrf(flow)));
        var body = await Wire.AssertErrorAsync(response, HttpStatusCode.Gone, "self_service_flow_expired");
        var replacement = UseFlowId(body, flow);
        var fresh = await client.GetFlowObjectAsync(kind, replacement);
        Assert.Equal("browser", fresh["type"]!.GetValue<string>());
        Assert.Contains(messageId, Wire.Ids(Wire.FlowMessages(fresh)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Submitting_an_expired_api_flow_is_410_with_an_api_replacement(string kind, int _)
    {
        using var client = portal.NewClient();
        var flow = await client.CreateApiFlowAsync(kind);
        clock.Advance(PastLifespan);

        var response = await client.SubmitJsonAsync(kind, PortalClient.Id(flow), Body(kind, csrf: null));
        var body = await Wire.AssertErrorAsync(response, HttpStatusCode.Gone, "self_service_flow_expired");
        var fresh = await client.GetFlowObjectAsync(kind, UseFlowId(body, flow));
        Assert.Equal("api", fresh["type"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_browser_form_post_to_an_expired_flow_is_sent_to_a_new_flow_that_says_why(string kind, int messageId)
    {
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync(kind, "?return_to=" + Uri.EscapeDataString(portal.BaseUrl + "/after"));
        clock.Advance(PastLifespan);

        var fields = new Dictionary<string, string> { ["method"] = "passkey", ["csrf_token"] = PortalClient.Csrf(flow) };
        var response = await client.SubmitFormAsync(kind, PortalClient.Id(flow), fields);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var prefix = $"{portal.BaseUrl}/{kind}?flow=";
        Assert.StartsWith(prefix, location);
        var replacement = location[prefix.Length..];
        Assert.NotEqual(PortalClient.Id(flow), replacement);

        var fresh = await client.GetFlowObjectAsync(kind, replacement);
        var expired = Wire.FlowMessages(fresh).Single(m => m["id"]!.GetValue<int>() == messageId);
        Assert.Equal("error", expired["type"]!.GetValue<string>());
        Assert.NotNull(expired["context"]?["expired_at"]);
        // The replacement keeps where the user was going.
        Assert.Equal(portal.BaseUrl + "/after", fresh["return_to"]?.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Flows_expire_by_the_wall_clock_too(string kind, int _)
    {
        using var realTime = new PortalFactory(OneSecondFlows());
        using var client = realTime.NewClient();
        var flow = await client.CreateBrowserFlowAsync(kind);
        await Task.Delay(PastLifespan);
        var body = await Wire.AssertErrorAsync(await client.GetFlowAsync(kind, PortalClient.Id(flow)), HttpStatusCode.Gone, "self_service_flow_expired");
        UseFlowId(body, flow);
    }

    private static string UseFlowId(JsonObject body, JsonObject old)
    {
        var id = body["use_flow_id"]?.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(id), $"No use_flow_id: {body.ToJsonString()}");
        Assert.True(Guid.TryParse(id, out _));
        Assert.NotEqual(PortalClient.Id(old), id);
        return id!;
    }

    private static JsonObject Body(string kind, string? csrf)
    {
        var body = new JsonObject { ["method"] = "passkey" };
        if (kind == "registration") body["traits"] = new JsonObject { ["email"] = "late@example.com" };
        if (csrf is not null) body["csrf_token"] = csrf;
        return body;
    }

    public void Dispose() => portal.Dispose();
}
