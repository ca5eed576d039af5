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
    private const int DefaultPageSize = 250;
    private const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapCourier(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/courier/messages", ListAsync);
        app.MapGet("/admin/courier/messages/{id}", GetAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, PortalDbContext db)
    {
        var query = http.Request.Query;
        var pageSize = DefaultPageSize;
        if (query["page_size"] is { Count: > 0 } size && (!int.TryParse(size, out pageSize) || pageSize is < 1 or > MaxPageSize))
            return Bad($"page_size must be a number from 1 to {MaxPageSize}.");
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
        if (query["page_token"] is { Count: > 0 } token)
        {
            // The token is the id of the last message of the previous page; ids are time-ordered (UUIDv7).
            if (!Guid.TryParse(token, out var after) || await db.CourierMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == after) is not { } last)
                return Bad("page_token is not a token this endpoint gave out.");
            messages = messages.Where(m => m.CreatedAt < last.CreatedAt || (m.CreatedAt == last.CreatedAt && m.Id.CompareTo(last.Id) < 0));
        }
        var page = await messages.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(pageSize + 1).ToListAsync();
        if (page.Count > pageSize)
        {
            page.RemoveAt(page.Count - 1);
            var next = QueryWith(http, "page_token", page[^1].Id.ToString());
            http.Response.Headers.Link = $"<{next}>; rel=\"next\"";
        }
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

    private static string QueryWith(HttpContext http, string key, string value)
    {
        var pairs = http.Request.Query.Where(q => q.Key != key).SelectMany(q => q.Value.Select(v => (q.Key, Value: v ?? "")))
            .Append((key, value));
        return http.Request.PathBase + http.Request.Path + "?" + string.Join("&", pairs.Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2)));
    }

    private static IResult Bad(string reason) => Results.Json(KratosErrors.BadRequest(reason), KratosJsonOptions.Default, statusCode: 400);
}
