namespace App.Http.OpenApi;

/// <summary>
/// The one table of the portal's API: every route a handler answers, named as Kratos names it
/// where Kratos has it. The documents at <c>/openapi/v1.json</c> are built from it, and a test
/// compares it with the routes the app really maps and with Kratos's own document.
/// </summary>
public static class ApiOperations
{
    /// <summary>The tag, and the <c>x-portal</c> extension, of what Kratos does not have.</summary>
    public const string PortalTag = "portal";
    public const string PortalExtension = "x-portal";

    private static readonly ApiOperation[] Health =
    [
        ApiOperation.Kratos("GET", "/health/alive", "isAlive", "metadata", "The process answers", [200]),
        ApiOperation.Kratos("GET", "/health/ready", "isReady", "metadata", "The database answers and is migrated", [200, 503]),
        ApiOperation.Kratos("GET", "/version", "getVersion", "metadata", "The portal's version", [200]),
    ];

    public static IReadOnlyList<ApiOperation> All { get; } = [.. Health, .. PublicOperations.All(), .. AdminOperations.All()];

    private static readonly Dictionary<(string, string), ApiOperation> ByRoute = All.ToDictionary(o => (o.Method, o.Path));

    public static ApiOperation? Find(string method, string path) => ByRoute.GetValueOrDefault((method.ToUpperInvariant(), path));

    /// <summary>Whether a route belongs in the admin listener's document or the public one's.</summary>
    public static bool BelongsTo(string path, bool admin)
    {
        var probe = new ApiOperation("GET", path, "", "", "", [], []);
        return probe.IsShared || probe.IsAdmin == admin;
    }
}
