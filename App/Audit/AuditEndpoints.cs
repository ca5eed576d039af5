using App.Admin;
using App.KratosJson;

namespace App.Audit;

/// <summary>
/// <c>GET /admin/audit</c> and <c>GET /admin/audit/{id}</c>, beyond Kratos: the audit log, newest first, filtered by identity, type,
/// actor and time, paged like Kratos's admin lists. Read-only: no endpoint changes or deletes an entry.
/// </summary>
public static class AuditEndpoints
{
    private static readonly string[] Writes = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/audit", ListAsync);
        // Said outright rather than left to routing, so that a client trying to tidy the log learns why it cannot.
        app.MapMethods("/admin/audit", Writes, AppendOnly);
        app.MapGet("/admin/audit/{id}", GetAsync);
        app.MapMethods("/admin/audit/{id}", Writes, AppendOnly);
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

    private static async Task<IResult> GetAsync(string id, HttpContext http, AuditSearch search)
    {
        if (!Guid.TryParse(id, out var entryId)) return Paging.Bad("The audit entry id is not a UUID.");
        return await search.FindAsync(entryId, http.RequestAborted) is { } entry
            ? Results.Json(AuditEventJson.From(entry), KratosJsonOptions.Default)
            : Results.Json(KratosErrors.NotFound("The audit entry could not be found."), KratosJsonOptions.Default, statusCode: 404);
    }

    private static IResult AppendOnly(HttpContext http)
    {
        http.Response.Headers.Allow = HttpMethods.Get;
        return Results.Json(KratosErrors.Make(405, "The requested method is not allowed for this resource",
            reason: "The audit log is append-only: its entries are read with GET /admin/audit and never changed or deleted."),
            KratosJsonOptions.Default, statusCode: 405);
    }
}
