using System.Text.Json;
using App.Configuration;
using App.Data;
using App.Identities;
using Microsoft.EntityFrameworkCore;

namespace App.Sessions;

/// <summary>Issues, finds and revokes server-side sessions.</summary>
public sealed class SessionService(PortalDbContext db, PortalSettings settings, TimeProvider clock, Circuits.SessionCircuits circuits,
    WhoAmICache answers, AuthenticatorAssurance assurance)
{
    private static readonly object CurrentKey = new();

    /// <summary>Adds a new session to the unit of work; the caller saves it with the rest of its transaction.</summary>
    public (Session Session, string Token) Issue(Identity identity, string method, HttpContext http, string? restriction = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = SessionTokens.NewSessionToken();
        var session = new Session
        {
            TokenHash = SessionTokens.Hash(token),
            IdentityId = identity.Id,
            IssuedAt = now,
            AuthenticatedAt = now,
            ExpiresAt = now + settings.SessionLifespan,
            Aal = "aal1",
            AuthenticationMethods = JsonSerializer.Serialize(new[] { new AuthenticationMethod(method, "aal1", now) }),
            IpAddress = http.Connection.RemoteIpAddress?.ToString(),
            UserAgent = Truncate(http.Request.Headers.UserAgent.ToString(), 512),
            Restriction = restriction,
        };
        db.Sessions.Add(session);
        return (session, token);
    }

    /// <summary>
    /// Records a further proof on a signed-in session, as Kratos does when a passkey is added in
    /// settings. A new passkey is what lifts an email sign-in's restriction.
    /// </summary>
    public void AddMethod(Session session, string method)
    {
        AppendMethod(session, method);
        session.Restriction = null;
    }

    /// <summary>
    /// The user proved again who they are (a refresh sign-in): the session counts as fresh for
    /// privileged changes. Only a passkey lifts an email sign-in's restriction; another email does not.
    /// </summary>
    public void Reauthenticate(Session session, string method)
    {
        AppendMethod(session, method);
        session.AuthenticatedAt = clock.GetUtcNow().UtcDateTime;
        if (method == "passkey") session.Restriction = null;
    }

    /// <summary>
    /// The session proved a second factor (a security key at sign-in, or one just added in
    /// settings, as Kratos counts it): it is aal2 from now on.
    /// </summary>
    public void CompleteSecondFactor(Session session, string method)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var methods = JsonSerializer.Deserialize<List<AuthenticationMethod>>(session.AuthenticationMethods) ?? [];
        methods.Add(new AuthenticationMethod(method, AuthenticatorAssurance.Aal2, now));
        session.AuthenticationMethods = JsonSerializer.Serialize(methods);
        session.Aal = AuthenticatorAssurance.Aal2;
        session.AuthenticatedAt = now;
    }

    /// <summary>The identity's other sessions that still work: what "signed in elsewhere" lists and ends.</summary>
    public IQueryable<Session> OthersOf(Session current)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Sessions.Where(s => s.IdentityId == current.IdentityId && s.Id != current.Id && s.Active && s.ExpiresAt > now);
    }

    /// <summary>Signed in recently enough to change settings.</summary>
    public bool IsPrivileged(Session session) =>
        clock.GetUtcNow().UtcDateTime - session.AuthenticatedAt <= settings.PrivilegedSessionMaxAge;

    private void AppendMethod(Session session, string method)
    {
        var methods = JsonSerializer.Deserialize<List<AuthenticationMethod>>(session.AuthenticationMethods) ?? [];
        methods.Add(new AuthenticationMethod(method, "aal1", clock.GetUtcNow().UtcDateTime));
        session.AuthenticationMethods = JsonSerializer.Serialize(methods);
    }

    public void SetCookie(HttpContext http, string token, Session session) =>
        http.Response.Cookies.Append(settings.SessionCookieName, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = settings.SecureCookies,
            SameSite = SameSite(),
            Path = "/",
            // Both, as Kratos writes a persistent cookie: Expires for old clients, Max-Age for the rest.
            Expires = settings.Options.Session.Cookie.Persistent ? new DateTimeOffset(session.ExpiresAt, TimeSpan.Zero) : null,
            MaxAge = settings.Options.Session.Cookie.Persistent ? MaxAgeOf(session) : null,
        });

    private TimeSpan MaxAgeOf(Session session)
    {
        var left = session.ExpiresAt - clock.GetUtcNow().UtcDateTime;
        return left > TimeSpan.Zero ? TimeSpan.FromSeconds(Math.Ceiling(left.TotalSeconds)) : TimeSpan.Zero;
    }

    public void ClearCookie(HttpContext http) =>
        http.Response.Cookies.Delete(settings.SessionCookieName, new CookieOptions
        {
            HttpOnly = true, Secure = settings.SecureCookies, SameSite = SameSite(), Path = "/",
        });

    /// <summary>
    /// The active session of this request, from the session cookie, <c>X-Session-Token</c> or
    /// <c>Authorization: Bearer</c>, as Kratos reads them. Looked up once per request.
    /// </summary>
    public async Task<Session?> GetCurrentAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(CurrentKey, out var cached)) return (Session?)cached;
        var token = ReadToken(http);
        Session? session = null;
        if (SessionTokens.IsWellFormed(token))
        {
            var hash = SessionTokens.Hash(token!);
            var now = clock.GetUtcNow().UtcDateTime;
            session = await ByToken.For(db)(db, hash, now);
            if (session?.Identity?.State != IdentityStates.Active) session = null;
        }
        http.Items[CurrentKey] = session;
        return session;
    }

    /// <summary>
    /// whoami's answer for this request's session, from <see cref="WhoAmICache"/> when it has it.
    /// Read-only: a caller that changes the session uses <see cref="GetCurrentAsync"/>.
    /// </summary>
    public async Task<WhoAmIAnswer?> WhoAmIAsync(HttpContext http)
    {
        var token = ReadToken(http);
        if (!SessionTokens.IsWellFormed(token)) return null;
        if (!settings.Options.Session.WhoAmI.Cache) return await AnswerAsync(http, 0);
        var key = Convert.ToBase64String(SessionTokens.Hash(token!));
        // Read before the rows, so an answer made from them is never newer than its generation says.
        if (await WhoAmIGeneration.ReadAsync(db) is not { } generation) return await AnswerAsync(http, 0);
        if (answers.Find(key, generation) is { } known) return known;
        var answer = await AnswerAsync(http, generation);
        if (answer is not null) answers.Keep(key, answer);
        return answer;
    }

    private async Task<WhoAmIAnswer?> AnswerAsync(HttpContext http, long generation)
    {
        if (await GetCurrentAsync(http) is not { Identity: { } identity } session) return null;
        return new WhoAmIAnswer(identity.Id,
            JsonSerializer.SerializeToUtf8Bytes(KratosJson.SessionJson.From(session, identity, settings), KratosJson.KratosJsonOptions.Default),
            await assurance.LacksSecondFactorAsync(session, settings.Options.Session.WhoAmI.RequiredAal), session.ExpiresAt, generation);
    }

    // Compiled once: every request with a session looks it up.
    private static readonly CompiledPerModel<Func<PortalDbContext, byte[], DateTime, Task<Session?>>> ByToken = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, byte[] hash, DateTime now) => db.Sessions.Include(s => s.Identity).ThenInclude(i => i!.Identifiers)
            .FirstOrDefault(s => s.TokenHash == hash && s.Active && s.ExpiresAt > now)));

    public async Task<string> CreateLogoutTokenAsync(Session session)
    {
        var token = SessionTokens.NewLogoutToken();
        session.LogoutTokenHash = SessionTokens.Hash(token);
        await db.SaveChangesAsync();
        return token;
    }

    public async Task<Session?> FindByLogoutTokenAsync(string? token)
    {
        if (!SessionTokens.IsWellFormed(token)) return null;
        var hash = SessionTokens.Hash(token!);
        return await db.Sessions.FirstOrDefaultAsync(s => s.LogoutTokenHash == hash && s.Active);
    }

    /// <summary>Ends the session, and with it the interactive pages still open for it.</summary>
    public async Task RevokeAsync(Session session)
    {
        session.Active = false;
        session.LogoutTokenHash = null;
        await db.SaveChangesAsync();
        circuits.EndSession(session.Id);
    }

    /// <summary>
    /// The token this request's session was found by. A native flow that keeps the session (a refresh,
    /// a second factor) answers with it, as Kratos does, since only its hash is stored.
    /// </summary>
    public string? PresentedToken(HttpContext http) => ReadToken(http);

    private string? ReadToken(HttpContext http)
    {
        if (http.Request.Headers.TryGetValue("X-Session-Token", out var header) && !string.IsNullOrEmpty(header))
            return header.ToString();
        var authorization = http.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return authorization["Bearer ".Length..].Trim();
        return http.Request.Cookies[settings.SessionCookieName];
    }

    private SameSiteMode SameSite() => settings.Options.Session.Cookie.SameSite switch
    {
        "Strict" => SameSiteMode.Strict,
        "None" => SameSiteMode.None,
        _ => SameSiteMode.Lax,
    };

    private static string? Truncate(string value, int max) => value.Length == 0 ? null : value.Length <= max ? value : value[..max];
}
