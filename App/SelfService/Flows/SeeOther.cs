namespace App.SelfService.Flows;

/// <summary>303 See Other: after a form post the browser must follow with GET, as Kratos answers.</summary>
public sealed class SeeOther(string location) : IResult
{
    public string Location { get; } = location;

    public Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status303SeeOther;
        http.Response.Headers.Location = Location;
        http.Response.Headers.CacheControl = "no-store";
        return Task.CompletedTask;
    }
}
