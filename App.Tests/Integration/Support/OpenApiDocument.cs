using System.Text.Json.Nodes;

namespace App.Tests.Integration.Support;

/// <summary>One operation of an OpenAPI document, as the comparison reads it.</summary>
public sealed record DocumentedOperation(string Method, string Path, string? Id, bool IsPortals,
    IReadOnlyList<(string Name, string In, bool Required)> Parameters, IReadOnlySet<string> Responses)
{
    /// <summary>Header names are compared without case, as HTTP does.</summary>
    public static string Key(string name, string location) => location == "header" ? name.ToLowerInvariant() : name;
}

/// <summary>Reads the operations out of an OpenAPI 3.x document (Kratos's or the portal's).</summary>
public static class OpenApiDocument
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    public static List<DocumentedOperation> Operations(JsonNode document)
    {
        var list = new List<DocumentedOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
            foreach (var (method, node) in item!.AsObject())
            {
                if (!Methods.Contains(method)) continue;
                var operation = node!.AsObject();
                var parameters = (operation["parameters"]?.AsArray() ?? []).Select(p => (
                    p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), p["required"]?.GetValue<bool>() ?? false)).ToList();
                var responses = (operation["responses"]?.AsObject() ?? []).Select(r => r.Key).ToHashSet();
                list.Add(new DocumentedOperation(method.ToUpperInvariant(), path, operation["operationId"]?.GetValue<string>(),
                    operation["x-portal"]?.GetValue<bool>() ?? false, parameters, responses));
            }
        return list;
    }

    public static JsonNode Kratos() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Integration", "Fixtures", "kratos-v26.2.0-api.json")))!;
}
