using App.KratosJson;

namespace App.Http;

/// <summary>
/// A Host header Kestrel lets through but IDNA refuses (<c>-_-_</c>: a label may not start with a
/// hyphen) makes the framework throw when a page builds its base address; it is the request's fault,
/// so it is refused here with Kratos's 400 before anything renders.
/// </summary>
public static class HostCheck
{
    public static IApplicationBuilder UseHostCheck(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (!IsUsable(http.Request.Host))
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsJsonAsync(KratosErrors.BadRequest("The Host header is not a host name."), KratosJsonOptions.Default);
            return;
        }
        await next(http);
    });

    /// <summary>What the pages do with the host: its URI form, which runs it through IDNA.</summary>
    public static bool IsUsable(HostString host)
    {
        try
        {
            _ = host.ToUriComponent();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
