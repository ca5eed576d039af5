using App.Admin;
using App.KratosJson;

namespace App.Audit;

/// <summary>
/// <c>GET /admin/audit</c>, beyond Kratos: the audit log, newest first, filtered by identity, type,
/// actor and time, paged like Kratos's admin lists. Read-only: no endpoint changes or deletes an entry.
/// </summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/audit", ListAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, AuditSearch search)
    {
        var (size, badSize) = Paging.PageSize(http.Request);
        if (badSize is not null) return badSize;
        var (after, badToken) = Paging.Token(http.Request);
        if (badToken is not null) return badToken;
        var (filter, badFilter) = AuditSearch.Parse(http.Request.Query);
        if (badFilter is not null) return Results.Json(badFilter, KratosJsonOptions.Default, statusCode: 400);
        var (page, more, problem) = await search.PageAsync(filter!, size, after, http.RequestAborted);
        if (problem is not null) return Results.Json(problem, KratosJsonOptions.Default, statusCode: 400);
        if (more) Paging.LinkNext(http, page[^1].Id.ToString());
        return Results.Json(page.Select(AuditEventJson.From), KratosJsonOptions.Default);
    }
}
