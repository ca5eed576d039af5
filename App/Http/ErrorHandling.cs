using App.KratosJson;
using Microsoft.AspNetCore.Diagnostics;

namespace App.Http;

/// <summary>
/// The last line of defence: an unexpected exception becomes Kratos's error JSON without a stack
/// trace, and a malformed request a 400. Expected failures never get here; they are results.
/// </summary>
public static class ErrorHandling
{
    public static IApplicationBuilder UseKratosErrors(this IApplicationBuilder app) => app.UseExceptionHandler(handler => handler.Run(async http =>
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, body) = error switch
        {
            BadHttpRequestException bad when bad.StatusCode == 413 => (413, KratosErrors.TooLarge()),
            BadHttpRequestException bad => (bad.StatusCode, KratosErrors.BadRequest("The request could not be read.")),
            OperationCanceledException => (400, KratosErrors.BadRequest("The request was cancelled.")),
            _ when UnstorableText(error) => (400, KratosErrors.BadRequest("The request holds a character that cannot be stored, such as U+0000.")),
            _ => (500, KratosErrors.Internal()),
        };
        http.Response.StatusCode = status;
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.WriteAsJsonAsync(body, KratosJsonOptions.Default);
    }));

    /// <summary>
    /// PostgreSQL refuses U+0000 in text, as a value or a query's parameter (SQLite takes it), so input
    /// no check anticipated, such as a filter in a query string, would otherwise answer 500 there.
    /// </summary>
    private static bool UnstorableText(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.CharacterNotInRepertoire or Npgsql.PostgresErrorCodes.UntranslatableCharacter })
                return true;
        return false;
    }

    /// <summary>Unknown routes and bare status codes answer in the same shape.</summary>
    public static IApplicationBuilder UseKratosStatusPages(this IApplicationBuilder app) => app.UseStatusCodePages(async context =>
    {
        var http = context.HttpContext;
        if (http.Response.HasStarted || http.Response.ContentLength > 0) return;
        var status = http.Response.StatusCode;
        var body = status == 404 ? KratosErrors.NotFound() : KratosErrors.Make(status, Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status));
        await http.Response.WriteAsJsonAsync(body, KratosJsonOptions.Default);
    });
}
