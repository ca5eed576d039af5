using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace LoadDriver;

/// <summary>
/// One simulated browser: its own cookie jar over a connection pool shared by all of them (a
/// browser keeps its connections alive too; a fresh TCP connection per sign-in would measure the
/// kernel more than the portal). Speaks the Kratos SPA API: JSON in, JSON out, no redirects.
/// </summary>
public sealed class Browser(HttpClient http)
{
    private readonly CookieContainer _jar = new();

    public async Task<(HttpStatusCode Status, JsonDocument? Body)> GetJsonAsync(Uri url, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        return await SendAsync(request, cancel);
    }

    public async Task<(HttpStatusCode Status, JsonDocument? Body)> PostJsonAsync(Uri url, byte[] json, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Content = new ByteArrayContent(json);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return await SendAsync(request, cancel);
    }

    private async Task<(HttpStatusCode, JsonDocument?)> SendAsync(HttpRequestMessage request, CancellationToken cancel)
    {
        var url = request.RequestUri!;
        if (!Options.IsLoopback(url)) throw new InvalidOperationException($"Refusing to send to {url}: not a loopback address.");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var cookies = _jar.GetCookieHeader(url);
        if (cookies.Length > 0) request.Headers.Add("Cookie", cookies);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancel);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            foreach (var header in setCookies) _jar.SetCookies(url, header);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancel);
        JsonDocument? body = null;
        if (bytes.Length > 0)
        {
            try { body = JsonDocument.Parse(bytes); }
            catch (JsonException) { }
        }
        return (response.StatusCode, body);
    }

    /// <summary>The value attribute of the flow's UI node with this name, or null.</summary>
    public static string? NodeValue(JsonDocument flow, string name)
    {
        if (!flow.RootElement.TryGetProperty("ui", out var ui) || !ui.TryGetProperty("nodes", out var nodes)) return null;
        foreach (var node in nodes.EnumerateArray())
        {
            if (node.TryGetProperty("attributes", out var a) && a.TryGetProperty("name", out var n) &&
                n.ValueKind == JsonValueKind.String && n.GetString() == name &&
                a.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String)
                return v.GetString();
        }
        return null;
    }

    public static string? Action(JsonDocument flow) =>
        flow.RootElement.TryGetProperty("ui", out var ui) && ui.TryGetProperty("action", out var a) ? a.GetString() : null;

    /// <summary>A short description of an unexpected answer, for the error tally.</summary>
    public static string Describe(HttpStatusCode status, JsonDocument? body)
    {
        var text = $"HTTP {(int)status}";
        if (body is null) return text;
        var root = body.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) && e.TryGetProperty("reason", out var r))
            return text + ": " + Truncate(r.GetString());
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("ui", out var ui) && ui.TryGetProperty("messages", out var m) &&
            m.ValueKind == JsonValueKind.Array && m.GetArrayLength() > 0 && m[0].TryGetProperty("text", out var t))
            return text + ": " + Truncate(t.GetString());
        return text;
    }

    private static string Truncate(string? s) => s is null ? "" : s.Length <= 160 ? s : s[..160];

    public static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    public static string Utf8(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
