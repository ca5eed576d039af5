using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using App.Tests.Infrastructure;

namespace App.Tests.Integration.Support;

/// <summary>Reading and checking Kratos wire shapes: error envelopes, flows, messages.</summary>
public static class Wire
{
    public static async Task<JsonNode?> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length == 0) return null;
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return JsonValue.Create(text); }
    }

    public static async Task<JsonObject> ObjectAsync(HttpResponseMessage response)
    {
        var body = await BodyAsync(response);
        Assert.True(body is JsonObject, $"Expected a JSON object, got: {body?.ToJsonString() ?? "(empty)"}");
        return body!.AsObject();
    }

    /// <summary>Kratos's <c>errorGeneric</c>: <c>{"error":{"code":int,"status":string,"message":string,…}}</c>.</summary>
    public static bool IsKratosError(JsonNode? body) =>
        body is JsonObject o && o["error"] is JsonObject e
        && e["code"] is JsonValue code && code.GetValueKind() == JsonValueKind.Number
        && e["message"] is JsonValue message && message.GetValueKind() == JsonValueKind.String
        && e["status"] is JsonValue status && status.GetValueKind() == JsonValueKind.String;

    /// <summary>A login or registration flow: id, type, ui with action and nodes.</summary>
    public static bool IsFlow(JsonNode? body) =>
        body is JsonObject o && o["id"] is JsonValue && o["type"] is JsonValue && o["state"] is JsonValue
        && o["ui"] is JsonObject ui && ui["action"] is JsonValue && ui["nodes"] is JsonArray;

    /// <summary>Asserts the status and that the body is Kratos's error with this id and a matching code.</summary>
    public static async Task<JsonObject> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? id)
    {
        var body = await BodyAsync(response);
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body?.ToJsonString()}");
        Assert.True(IsKratosError(body), $"Not a Kratos error: {body?.ToJsonString()}");
        var error = body!["error"]!;
        Assert.Equal((int)status, error["code"]!.GetValue<int>());
        if (id is not null) Assert.Equal(id, error["id"]?.GetValue<string>());
        return body.AsObject();
    }

    /// <summary>whoami's 401 as Kratos writes it: no id, and the reason that no credentials were found.</summary>
    public static async Task<JsonObject> AssertNoSessionAsync(HttpResponseMessage response)
    {
        var body = await AssertErrorAsync(response, HttpStatusCode.Unauthorized, id: null);
        Assert.Null(body["error"]!["id"]);
        Assert.Equal("No valid session credentials found in the request.", body["error"]!["reason"]?.GetValue<string>());
        return body;
    }

    /// <summary>Asserts a 400 that carries the flow back (a validation or ceremony problem).</summary>
    public static async Task<JsonObject> AssertFlowAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var body = await BodyAsync(response);
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body?.ToJsonString()}");
        Assert.True(IsFlow(body), $"Not a flow: {body?.ToJsonString()}");
        return body!.AsObject();
    }

    public static IEnumerable<JsonObject> Nodes(JsonObject flow) => flow["ui"]!["nodes"]!.AsArray().Select(n => n!.AsObject());

    public static IReadOnlyList<JsonObject> FlowMessages(JsonObject flow) =>
        flow["ui"]!["messages"] is JsonArray messages ? messages.Select(m => m!.AsObject()).ToList() : [];

    public static IReadOnlyList<JsonObject> NodeMessages(JsonObject flow, string name) =>
        PortalClient.Node(flow, name)?["messages"] is JsonArray messages ? messages.Select(m => m!.AsObject()).ToList() : [];

    public static IEnumerable<int> Ids(IEnumerable<JsonObject> messages) => messages.Select(m => m["id"]!.GetValue<int>());

    public static void AssertHasErrorMessage(JsonObject flow)
    {
        var errors = FlowMessages(flow).Where(m => m["type"]?.GetValue<string>() == "error").ToList();
        Assert.True(errors.Count > 0, $"Expected an error in ui.messages: {flow["ui"]!["messages"]?.ToJsonString() ?? "(none)"}");
        foreach (var error in errors)
        {
            Assert.True(error["id"]!.GetValue<int>() >= 4000000, $"Error message id out of range: {error.ToJsonString()}");
            Assert.False(string.IsNullOrWhiteSpace(error["text"]?.GetValue<string>()));
        }
    }

    public static HttpRequestMessage Json(HttpMethod method, string url, string body, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    public static JsonObject ParseObject(string json) => JsonNode.Parse(json)!.AsObject();
}

/// <summary>Requests the portal's infrastructure client does not cover.</summary>
public static class PortalClientExtensions
{
    public static Task<HttpResponseMessage> GetFlowAsync(this PortalClient client, string kind, string id)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/self-service/{kind}/flows?id={Uri.EscapeDataString(id)}");
        request.Headers.Accept.ParseAdd("application/json");
        return client.Http.SendAsync(request);
    }

    public static async Task<JsonObject> GetFlowObjectAsync(this PortalClient client, string kind, string id)
    {
        var response = await client.GetFlowAsync(kind, id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Wire.ObjectAsync(response);
    }

    /// <summary>GET a flow creation endpoint as an SPA (Accept: application/json), returning the raw response.</summary>
    public static Task<HttpResponseMessage> CreateFlowRawAsync(this PortalClient client, string kind, string type, string? query = null, bool json = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/self-service/{kind}/{type}{query}");
        if (json) request.Headers.Accept.ParseAdd("application/json");
        return client.Http.SendAsync(request);
    }
}
