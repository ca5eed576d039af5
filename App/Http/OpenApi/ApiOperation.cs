namespace App.Http.OpenApi;

/// <summary>Where a parameter travels, as OpenAPI names it.</summary>
public enum ParameterIn { Query, Header }

/// <summary>A query or header parameter an endpoint really reads. Path parameters come from the route itself.</summary>
public sealed record ApiParameter(string Name, ParameterIn In, string Description, bool Required = false)
{
    public static ApiParameter Query(string name, string description, bool required = false) => new(name, ParameterIn.Query, description, required);
    public static ApiParameter Header(string name, string description) => new(name, ParameterIn.Header, description);
}

/// <summary>
/// One operation of the portal's API as the code answers it: its route, its name (Kratos's
/// operationId when Kratos has the operation, otherwise the portal's own), the parameters the
/// handler reads and the status codes it can answer.
/// </summary>
public sealed record ApiOperation(string Method, string Path, string Id, string Tag, string Summary, int[] Responses, ApiParameter[] Parameters)
{
    /// <summary>The portal's own addition: Kratos has no such operation.</summary>
    public bool IsPortals { get; init; }

    /// <summary>Under <c>/admin</c>, served on the admin listener only.</summary>
    public bool IsAdmin => Path == "/admin" || Path.StartsWith("/admin/", StringComparison.Ordinal);

    /// <summary>Kratos serves its health, version and identity schemas on both listeners.</summary>
    public bool IsShared => Path.StartsWith("/health/", StringComparison.Ordinal) || Path == "/version"
        || Path == "/schemas" || Path.StartsWith("/schemas/", StringComparison.Ordinal);

    public static ApiOperation Kratos(string method, string path, string operationId, string tag, string summary, int[] responses, params ApiParameter[] parameters) =>
        new(method, path, operationId, tag, summary, responses, parameters);

    public static ApiOperation Portal(string method, string path, string operationId, string summary, int[] responses, params ApiParameter[] parameters) =>
        new(method, path, operationId, ApiOperations.PortalTag, summary, responses, parameters) { IsPortals = true };
}
