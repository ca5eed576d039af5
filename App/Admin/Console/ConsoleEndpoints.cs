using App.Audit;
using App.Configuration;
using App.Data;
using App.KratosJson;
using App.SelfService.Flows;

namespace App.Admin.Console;

/// <summary>
/// The console's two form posts: the passkey sign-in and the sign-out. The pages themselves are
/// Razor components (<c>/admin</c>, <c>/admin/sign-in</c>); everything here answers with a 303.
/// </summary>
public static class ConsoleEndpoints
{
    public const string SignInPath = "/admin/sign-in";
    public const string SignOutPath = "/admin/sign-out";
    public const string HomePath = "/admin";

    /// <summary>The console's own paths, which sign in with a passkey rather than an API key.</summary>
    public static bool IsConsolePath(PathString path) =>
        path == HomePath || path == HomePath + "/" || path == SignInPath || path == SignOutPath;

    public static IEndpointRouteBuilder MapAdminConsole(this IEndpointRouteBuilder app)
    {
        app.MapPost(SignInPath, SignInAsync);
        app.MapPost(SignOutPath, SignOutAsync);
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext http, ConsoleSignIn signIn)
    {
        var (form, problem) = await Submission.ReadAsync(http.Request);
        if (form is null) return Problem(problem);
        return await signIn.CompleteAsync(http, form["flow"], form["passkey_login"]) switch
        {
            ConsoleSignInResult.Admitted => new SeeOther(HomePath),
            ConsoleSignInResult.NoAccess => new SeeOther(SignInPath + "?error=no_access"),
            ConsoleSignInResult.Refused => new SeeOther(SignInPath + "?error=refused"),
            _ => new SeeOther(SignInPath + "?error=expired"),
        };
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, ConsoleSessions sessions, PortalSettings settings, AuditLog audit, PortalDbContext db)
    {
        if (await sessions.FindAsync(ConsoleSessions.TokenOf(http, settings)) is { } session)
        {
            await sessions.EndAsync(session.Id);
            audit.Add(AuditEvents.ConsoleSignedOut, http, session.IdentityId, details: new { console_session = session.Id });
            await db.SaveChangesAsync();
        }
        sessions.ClearCookie(http);
        return new SeeOther(SignInPath);
    }

    private static IResult Problem(string? problem) => problem == "too_large"
        ? Results.Json(KratosErrors.TooLarge(), KratosJsonOptions.Default, statusCode: 413)
        : Results.Json(KratosErrors.BadRequest(problem ?? "The request could not be read."), KratosJsonOptions.Default, statusCode: 400);
}
