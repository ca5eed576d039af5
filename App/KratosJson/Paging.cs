namespace App.KratosJson;

/// <summary>
/// Kratos's token pagination for lists: <c>page_size</c> (1–1000, default 250) and an opaque
/// <c>page_token</c>, with the next page's address in the <c>Link</c> header.
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 250;
    public const int MaxPageSize = 1000;

    /// <summary>The requested page size, or the 400 to answer.</summary>
    public static (int Size, IResult? Problem) PageSize(HttpRequest request)
    {
        var size = DefaultPageSize;
        if (request.Query["page_size"] is { Count: > 0 } text && (!int.TryParse(text, out size) || size is < 1 or > MaxPageSize))
            return (0, Bad($"page_size must be a number from 1 to {MaxPageSize}."));
        return (size, null);
    }

    /// <summary>
    /// The page token: the id of the previous page's last row (ids are UUIDv7, so time-ordered).
    /// Null when this is the first page; a 400 when it is not a token a page gave out.
    /// </summary>
    public static (Guid? After, IResult? Problem) Token(HttpRequest request)
    {
        if (request.Query["page_token"] is not { Count: > 0 } token) return (null, null);
        return Guid.TryParse(token, out var after) ? (after, null) : (null, Bad("page_token is not a token this endpoint gave out."));
    }

    /// <summary>Trims the one extra row fetched to learn whether a next page exists, and links to it.</summary>
    public static List<T> Page<T>(HttpContext http, List<T> rows, int size, Func<T, string> token)
    {
        if (rows.Count <= size) return rows;
        rows.RemoveAt(rows.Count - 1);
        LinkNext(http, token(rows[^1]));
        return rows;
    }

    /// <summary>Points the <c>Link</c> header at the page after the one whose last row has <paramref name="token"/>.</summary>
    public static void LinkNext(HttpContext http, string token) =>
        http.Response.Headers.Link = $"<{QueryWith(http, "page_token", token)}>; rel=\"next\"";

    public static IResult Bad(string reason) => Results.Json(KratosErrors.BadRequest(reason), KratosJsonOptions.Default, statusCode: 400);

    private static string QueryWith(HttpContext http, string key, string value)
    {
        var pairs = http.Request.Query.Where(q => q.Key != key).SelectMany(q => q.Value.Select(v => (q.Key, Value: v ?? "")))
            .Append((key, value));
        return http.Request.PathBase + http.Request.Path + "?" + string.Join("&", pairs.Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2)));
    }
}
