using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace App.SelfService.Flows;

/// <summary>
/// A flow submission, read the same way from a form post and from a JSON body, so methods never
/// care which renderer sent it. Form names such as <c>traits.name.first</c> become nested traits.
/// </summary>
public sealed class Submission
{
    /// <summary>Self-service bodies are small; anything larger is refused before it is parsed.</summary>
    public const int MaxBodyBytes = 64 * 1024;
    /// <summary>How deep a body may nest, the same for JSON and for dotted form names: the flow echoes traits back inside its UI nodes, and must be able to.</summary>
    public const int MaxDepth = 16;

    private readonly Dictionary<string, string> fields = new(StringComparer.Ordinal);

    public JsonObject Traits { get; } = [];
    public bool HasTraits { get; private set; }

    public string? this[string name] => fields.TryGetValue(name, out var value) ? value : null;
    public string? Method => this["method"];
    /// <summary>The body as sent, when it was JSON: for endpoints that take whole documents (admin updates).</summary>
    public JsonObject? Json { get; private set; }

    /// <summary>Null and a reason when the body cannot be read.</summary>
    public static async Task<(Submission? Submission, string? Problem)> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes) return (null, "too_large");
        var submission = new Submission();
        try
        {
            if (IsJsonContent(request))
            {
                using var body = await ReadLimitedAsync(request);
                if (body is null) return (null, "too_large");
                // The parser checks UTF-8 only when a string is read, which would be too late to refuse cleanly.
                if (!System.Text.Unicode.Utf8.IsValid(body.GetBuffer().AsSpan(0, (int)body.Length)))
                    return (null, "The request body is not valid UTF-8.");
                // A repeated name is ambiguous (which value counts?); refuse it rather than guess.
                var node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth, AllowDuplicateProperties = false });
                if (node is not JsonObject json) return (null, "The request body must be a JSON object.");
                submission.Json = json;
                submission.LoadJson(json);
            }
            else if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions
                {
                    BufferBodyLengthLimit = MaxBodyBytes, ValueCountLimit = 64, KeyLengthLimit = 256, ValueLengthLimit = MaxBodyBytes,
                    MultipartBodyLengthLimit = MaxBodyBytes,
                });
                // A repeated name (a hidden method and the clicked button's method) counts once, by
                // its first value, as Go's url.Values.Get reads it in Kratos.
                foreach (var (key, value) in form)
                    if (!submission.Set(key, value.Count > 0 ? value[0] ?? "" : ""))
                        return (null, $"A form field name nests traits more than {MaxDepth} levels deep.");
            }
            else if (request.ContentLength is null or 0 && !request.Headers.ContainsKey(HeaderNames.ContentType))
            {
                return (submission, null);
            }
            else
            {
                return (null, "The request body must be application/json or application/x-www-form-urlencoded.");
            }
        }
        catch (JsonException) { return (null, "The request body is not valid JSON."); }
        catch (InvalidDataException) { return (null, "too_large"); }
        catch (BadHttpRequestException) { return (null, "too_large"); }
        // The framework's multipart reader throws IOException for a body that is not what its
        // Content-Type says (no boundary, cut short, not multipart at all).
        catch (IOException) { return (null, "The request body is not valid multipart/form-data."); }
        return (submission, null);
    }

    /// <summary>Kratos treats a request as JSON when it sends or asks for JSON (<c>x/isjsonrequest.go</c>).</summary>
    public static bool WantsJson(HttpRequest request) =>
        IsJsonContent(request) || request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));

    private static bool IsJsonContent(HttpRequest request) =>
        request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;

    private static async Task<MemoryStream?> ReadLimitedAsync(HttpRequest request)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        return buffer;
    }

    private void LoadJson(JsonObject json)
    {
        foreach (var (key, value) in json)
        {
            if (key == "traits" && value is JsonObject traits)
            {
                foreach (var (name, trait) in traits) Traits[name] = trait?.DeepClone();
                HasTraits = true;
            }
            else if (value is JsonValue scalar)
            {
                fields[key] = scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>() : scalar.ToJsonString();
            }
            else if (value is not null && key != "transient_payload")
            {
                fields[key] = value.ToJsonString();
            }
        }
    }

    /// <summary>False when a dotted trait name nests deeper than a JSON body may.</summary>
    private bool Set(string key, string value)
    {
        if (!key.StartsWith("traits.", StringComparison.Ordinal))
        {
            fields[key] = value;
            return true;
        }
        HasTraits = true;
        var path = key["traits.".Length..];
        // The body object and "traits" are the first two levels, as in {"traits":{"email":…}}.
        if (path.Count(c => c == '.') + 1 > MaxDepth - 2) return false;
        // An empty form field means "not given", as it would be absent from a JSON body.
        if (value.Length == 0) return true;
        Identities.Schema.TraitPaths.Put(Traits, path, value);
        return true;
    }
}
