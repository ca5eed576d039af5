using System.Text.Json;
using System.Text.Json.Nodes;
using App.KratosJson;
using App.SelfService.Flows;

namespace App.Admin;

/// <summary>
/// A JSON request body of the admin API, of any JSON kind (a JSON Patch is an array), read with the
/// same limits as the self-service bodies: 64 KiB, valid UTF-8, bounded depth, no repeated names.
/// </summary>
public static class AdminJsonBody
{
    /// <param name="maxBytes">The cap; the self-service one unless an endpoint takes many records at once.</param>
    public static async Task<(JsonNode? Body, ErrorEnvelope? Problem)> ReadAsync(HttpRequest request, int maxBytes = Submission.MaxBodyBytes)
    {
        var type = request.ContentType ?? "";
        if (!type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.StartsWith("application/json-patch+json", StringComparison.OrdinalIgnoreCase))
            return (null, KratosErrors.BadRequest("The request body must be application/json."));
        if (request.ContentLength > maxBytes) return (null, KratosErrors.TooLarge());
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes) return (null, KratosErrors.TooLarge());
            buffer.Write(chunk, 0, read);
        }
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) return (null, KratosErrors.BadRequest("The request body is not valid UTF-8."));
        try
        {
            var body = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 32, AllowDuplicateProperties = false });
            return body is null ? (null, KratosErrors.BadRequest("The request body is empty or null.")) : (body, null);
        }
        catch (JsonException)
        {
            return (null, KratosErrors.BadRequest("The request body is not valid JSON."));
        }
    }
}
