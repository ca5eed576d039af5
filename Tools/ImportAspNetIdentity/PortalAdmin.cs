using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ImportAspNetIdentity;

/// <summary>The two calls of the portal's admin API the import makes: look an address up, and create an identity.</summary>
public sealed class PortalAdmin(HttpClient http, Uri adminUrl, string? key)
{
    public async Task<bool> ExistsAsync(string email, CancellationToken cancel = default)
    {
        using var request = Request(HttpMethod.Get, "admin/identities?credentials_identifier=" + Uri.EscapeDataString(email));
        using var response = await http.SendAsync(request, cancel);
        var text = await response.Content.ReadAsStringAsync(cancel);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"GET /admin/identities answered {(int)response.StatusCode}: {Reason(text)}");
        return JsonNode.Parse(text) is JsonArray { Count: > 0 };
    }

    /// <summary>Null when created; otherwise the portal's reason.</summary>
    public async Task<string?> CreateAsync(JsonObject body, CancellationToken cancel = default)
    {
        using var request = Request(HttpMethod.Post, "admin/identities");
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request, cancel);
        return response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode}: {Reason(await response.Content.ReadAsStringAsync(cancel))}";
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, new Uri(adminUrl, path));
        if (!string.IsNullOrEmpty(key)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }

    private static string Reason(string text)
    {
        try { return JsonNode.Parse(text)?["error"]?["reason"]?.GetValue<string>() ?? JsonNode.Parse(text)?["error"]?["message"]?.GetValue<string>() ?? text; }
        catch (System.Text.Json.JsonException) { return text; }
    }
}
