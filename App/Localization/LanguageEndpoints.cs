using App.Configuration;
using App.SelfService.Flows;
using Microsoft.AspNetCore.Localization;

namespace App.Localization;

/// <summary>The language switcher's target: remembers the choice in a cookie and goes back to the page.</summary>
public static class LanguageEndpoints
{
    public static IEndpointRouteBuilder MapLanguage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/language", (HttpContext http, PortalSettings settings) =>
        {
            if (Languages.Match(http.Request.Query["lang"]) is not { } language)
                return Results.Json(KratosJson.KratosErrors.BadRequest("lang must be one of " + string.Join(", ", Languages.All.Select(l => l.Code)) + "."),
                    KratosJson.KratosJsonOptions.Default, statusCode: 400);
            http.Response.Cookies.Append(Languages.CookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
                new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = settings.SecureCookies, MaxAge = TimeSpan.FromDays(365) });
            // Back to the page the switcher was on: a local path only, never another site.
            var back = http.Request.Query["return_to"].ToString();
            return new SeeOther(IsLocalPath(back) ? back : "/login");
        });
        return app;
    }

    private static bool IsLocalPath(string path) =>
        path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("/\\", StringComparison.Ordinal)
        && !path.Any(char.IsControl);
}
