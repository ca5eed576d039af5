using System.Text.Json;
using System.Text.Json.Nodes;
using App.Tests.Integration.Support;

namespace App.Tests.Fuzz;

/// <summary>What any answer of the portal must be, whatever was sent: each check returns what is wrong, or null.</summary>
public static class ResponseProperties
{
    /// <summary>Words only a leaked exception or stack trace carries.</summary>
    private static readonly string[] Leaks = ["Exception", "   at ", ".cs:line ", "StackTrace", "System.", "Microsoft.", "SqliteError", "SQLite Error"];

    public static string? Check(int status, string? mediaType, string body, bool isPage, bool isHead)
    {
        if (status >= 500) return $"answered {status}";
        foreach (var leak in Leaks)
            if (body.Contains(leak, StringComparison.Ordinal) && !(mediaType == "text/html" && leak is "System." or "Microsoft."))
                return $"the body shows \"{leak}\"";
        var json = mediaType is "application/json" or "application/problem+json" || (mediaType?.EndsWith("+json", StringComparison.Ordinal) ?? false);
        JsonNode? parsed = null;
        if (json && body.Length > 0)
        {
            try { parsed = JsonNode.Parse(body); }
            catch (JsonException) { return "the body is not the JSON its content type says"; }
        }
        if (status < 400 || isHead) return null;
        if (isPage && mediaType == "text/html" && body.Length > 0) return null;
        if (!json) return $"a {status} that is not JSON ({mediaType ?? "no content type"}, {body.Length} chars)";
        if (Wire.IsFlow(parsed)) return null;
        if (!Wire.IsKratosError(parsed)) return $"a {status} that is neither Kratos's error nor a flow";
        var code = parsed!["error"]!["code"]!.GetValue<int>();
        return code == status ? null : $"a {status} whose error says code {code}";
    }
}
