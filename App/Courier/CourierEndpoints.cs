using App.Data;
using App.KratosJson;
using Microsoft.EntityFrameworkCore;

namespace App.Courier;

/// <summary>
/// The admin view of the outbox, as Kratos serves it (<c>listCourierMessages</c>,
/// <c>getCourierMessage</c>): newest first, paged by an opaque token in the <c>Link</c> header.
/// </summary>
public static class CourierEndpoints
{

    public static IEndpointRouteBuilder MapCourier(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/courier/messages", ListAsync);
        app.MapGet("/admin/courier/messages/{id}", GetAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, PortalDbContext db)
    {
        var query = http.Request.Query;
        var (pageSize, problem) = Paging.PageSize(http.Request);
        if (problem is not null) return problem;
        var messages = db.CourierMessages.AsNoTracking();
        if (query["status"] is { Count: > 0 } status)
        {
            if (status.ToString() is not (CourierStatuses.Queued or CourierStatuses.Processing or CourierStatuses.Sent or CourierStatuses.Abandoned))
                return Bad("status must be one of queued, processing, sent, abandoned.");
            var wanted = status.ToString();
            messages = messages.Where(m => m.Status == wanted);
        }
        if (query["recipient"] is { Count: > 0 } recipient)
        {
            var wanted = recipient.ToString().Trim().ToLowerInvariant();
            messages = messages.Where(m => m.Recipient == wanted);
        }
        var (after, badToken) = Paging.Token(http.Request);
        if (badToken is not null) return badToken;
        if (after is { } id)
        {
            // Newest first by creation time; the token's message says where the previous page stopped.
            if (await db.CourierMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id) is not { } last)
                return Bad("page_token is not a token this endpoint gave out.");
            messages = messages.Where(m => m.CreatedAt < last.CreatedAt || (m.CreatedAt == last.CreatedAt && m.Id.CompareTo(last.Id) < 0));
        }
        var rows = await messages.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(pageSize + 1).ToListAsync();
        var page = Paging.Page(http, rows, pageSize, m => m.Id.ToString());
        return Results.Json(page.Select(m => CourierMessageJson.From(m, withDispatches: false)), KratosJsonOptions.Default);
    }

    private static async Task<IResult> GetAsync(string id, PortalDbContext db)
    {
        if (!Guid.TryParse(id, out var messageId))
            return Bad("The message id is not a UUID.");
        var message = await db.CourierMessages.AsNoTracking().Include(m => m.Dispatches).FirstOrDefaultAsync(m => m.Id == messageId);
        return message is null
            ? Results.Json(KratosErrors.NotFound("The courier message could not be found."), KratosJsonOptions.Default, statusCode: 404)
            : Results.Json(CourierMessageJson.From(message, withDispatches: true), KratosJsonOptions.Default);
    }

    private static IResult Bad(string reason) => Paging.Bad(reason);
}
