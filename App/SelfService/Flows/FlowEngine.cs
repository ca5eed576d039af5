using App.Audit;
using App.Configuration;
using App.Data;
using App.KratosJson;
using App.Sessions;
using App.SelfService.Ui;
using Microsoft.EntityFrameworkCore;

namespace App.SelfService.Flows;

/// <summary>
/// The HTTP behaviour every self-service flow shares, as Kratos defines it: create (browser or api),
/// get, submit; CSRF, expiry and return_to checks; and the answer in the shape the client asked for:
/// a 303 for a browser, the flow JSON for an SPA or a native app.
/// </summary>
public sealed partial class FlowEngine(
    FlowStore store,
    SessionService sessions,
    Csrf csrf,
    PortalSettings settings,
    PortalDbContext db,
    AuditLog audit,
    FlowErrors errors,
    AuthenticatorAssurance assurance,
    Sessions.Exchanges.SessionTokenExchanges exchanges)
{
    public async Task<IResult> CreateAsync(FlowKind kind, HttpContext http, string type)
    {
        var json = type == FlowTypes.Api || Submission.WantsJson(http.Request);
        if (!kind.Enabled(settings)) return await FailAsync(json, kind.Disabled());
        var returnTo = http.Request.Query["return_to"].ToString();
        if (returnTo.Length > 0 && !ReturnUrls.IsAllowed(settings, returnTo))
            return await FailAsync(json, KratosErrors.ReturnToForbidden(returnTo));
        if (ExchangeRequested(http, type) && returnTo.Length == 0) return await FailAsync(json, ExchangeNeedsReturnTo());
        var current = await sessions.GetCurrentAsync(http);
        if (kind.RequiresSession && current is null)
            return json ? Json(401, KratosErrors.NoSession()) : new SeeOther(SignInFirst(kind));
        // refresh=true: a signed-in user proves again who they are, before a privileged change.
        var refresh = kind.Name == FlowKinds.Login && current is not null && http.Request.Query["refresh"] == "true";
        var (aal, aalProblem) = await RequestedAalAsync(kind, http, current, json, returnTo);
        if (aalProblem is not null) return aalProblem;
        if (await SettingsAalProblemAsync(kind, current, json) is { } settingsAal) return settingsAal;
        if (!kind.RequiresSession && !kind.SessionOptional && current is not null && !refresh && aal != AuthenticatorAssurance.Aal2)
            return json ? Json(400, KratosErrors.SessionAlreadyAvailable()) : new SeeOther(ReturnUrls.Resolve(settings, returnTo));
        var flow = await StartAsync(kind, http, type, returnTo.Length > 0 ? ReturnUrls.ForHeader(returnTo) : null, identityId: current?.IdentityId, session: current, refresh: refresh, aal: aal,
            exchange: ExchangeRequested(http, type) && current is null);
        return json ? Results.Json(Respond(flow, http, current), KratosJsonOptions.Default)
                    : new SeeOther(UiLocation(kind, flow));
    }

    /// <summary>The sign-in that makes an old session fresh again, then returns to <paramref name="returnTo"/>.</summary>
    public string RefreshLocation(string returnTo) =>
        settings.BrowserFlowUrl(FlowKinds.Login) + "?refresh=true&return_to=" + Uri.EscapeDataString(returnTo);

    /// <summary>Where a browser without a session goes to sign in, and then come back.</summary>
    public string SignInFirst(FlowKind kind) =>
        settings.BrowserFlowUrl(FlowKinds.Login) + "?return_to=" + Uri.EscapeDataString(settings.BrowserFlowUrl(kind.Name));

    private FlowJson Respond(Flow flow, HttpContext http, Sessions.Session? session, IReadOnlyList<ContinueWith>? continueWith = null) =>
        FlowJson.From(flow, store.UiForResponse(flow, http),
            flow.Kind == FlowKinds.Settings && session?.Identity is { } identity ? IdentityJson.From(identity, settings) : null,
            continueWith?.ToList());

    /// <summary>Creates and saves a new flow with every method's nodes.</summary>
    public async Task<Flow> StartAsync(FlowKind kind, HttpContext http, string type, string? returnTo, UiText? message = null,
        Guid? identityId = null, Sessions.Session? session = null, bool refresh = false, string aal = AuthenticatorAssurance.Aal1, bool exchange = false)
    {
        var flow = store.New(kind.Name, type, http, returnTo, kind.Lifespan(settings));
        flow.State = kind.InitialState;
        flow.Refresh = refresh;
        flow.RequestedAal = aal;
        if (kind.RequiresSession || refresh || aal == AuthenticatorAssurance.Aal2) flow.IdentityId = identityId;
        var ui = new UiContainer { Action = store.ActionUrl(flow) };
        ui.Nodes.Add(NodeFactory.Csrf());
        await kind.PopulateAsync(new FlowContext(flow, ui, http) { Session = session });
        if (refresh) ui.AddMessage(Messages.ConfirmItsYou());
        if (aal == AuthenticatorAssurance.Aal2) ui.AddMessage(Methods.WebAuthn.WebAuthnMessages.SecondStep());
        if (message is not null) ui.AddMessage(message);
        store.WriteUi(flow, ui);
        if (exchange) flow.SessionTokenExchangeCode = exchanges.Begin(flow);
        await store.SaveNewAsync(flow);
        return flow;
    }

    public async Task<IResult> GetAsync(FlowKind kind, HttpContext http)
    {
        if (!Guid.TryParse(http.Request.Query["id"], out var id) || await store.FindAsync(id, kind.Name) is not { } flow)
            return Json(404, KratosErrors.NoRows());
        if (flow.Type == FlowTypes.Browser && !csrf.Owns(http, flow) && !kind.OpenToAnyBrowser(flow))
            return Json(403, Csrf.Refusal(http, Csrf.OtherBrowser));
        var current = await sessions.GetCurrentAsync(http);
        if (kind.RequiresSession && OwnerProblem(flow, current) is { } problem) return problem;
        if (await SettingsAalProblemAsync(kind, current, json: true) is { } aalProblem) return aalProblem;
        if (store.IsExpired(flow))
        {
            var replacement = await ReplaceExpiredAsync(kind, http, flow, current);
            return Json(410, KratosErrors.FlowExpired(replacement.Id, flow.ExpiresAt, store.Now));
        }
        return Results.Json(Respond(flow, http, current), KratosJsonOptions.Default);
    }

    /// <summary>A new flow for an expired one: same type and return_to, same owner, still a refresh while its session lives.</summary>
    public Task<Flow> ReplaceExpiredAsync(FlowKind kind, HttpContext http, Flow expired, Sessions.Session? current) =>
        StartAsync(kind, http, expired.Type, expired.ReturnTo, kind.ExpiredMessage(expired.ExpiresAt, store.Now),
            expired.IdentityId, current, expired.Refresh && current is not null,
            current is not null ? expired.RequestedAal : AuthenticatorAssurance.Aal1);

    /// <summary>A flow that belongs to an identity is only for that identity's sessions.</summary>
    private static IResult? OwnerProblem(Flow flow, Sessions.Session? current) =>
        current is null ? Json(401, KratosErrors.NoSession())
        : current.IdentityId != flow.IdentityId ? Json(403, KratosErrors.IdentityMismatch())
        : null;

    public async Task<IResult> SubmitAsync(FlowKind kind, HttpContext http)
    {
        try
        {
            return await SubmitOnceAsync(kind, http);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another request used this flow's ceremony between our read and our write: that
            // request won, and nothing of this one was written. Show the flow as it is now.
            db.ChangeTracker.Clear();
            if (await store.FindAsync(Guid.Parse(http.Request.Query["flow"]!), kind.Name) is not { } now)
                return Json(404, KratosErrors.NoRows());
            var again = new FlowContext(now, store.ReadUi(now), http) { Session = await sessions.GetCurrentAsync(http) };
            ClearMessages(again.Ui);
            again.Ui.AddMessage(now.State == FlowStates.PassedChallenge ? kind.AlreadyDoneMessage()
                : Messages.Generic("This form was sent twice at the same moment and the other one counted. Please try again."));
            return await ShowFormAsync(kind, again, Submission.WantsJson(http.Request) || now.Type == FlowTypes.Api);
        }
    }

    private async Task<IResult> SubmitOnceAsync(FlowKind kind, HttpContext http)
    {
        var json = Submission.WantsJson(http.Request);
        if (!Guid.TryParse(http.Request.Query["flow"], out var id))
            return json ? Json(400, KratosErrors.MalformedFlowId()) : new SeeOther(settings.BrowserFlowUrl(kind.Name));
        if (await store.FindAsync(id, kind.Name) is not { } flow)
            return json ? Json(404, KratosErrors.NoRows()) : new SeeOther(settings.BrowserFlowUrl(kind.Name));
        var (submission, problem) = await Submission.ReadAsync(http.Request);
        if (submission is null)
            return problem == "too_large" ? Json(413, KratosErrors.TooLarge()) : await FailAsync(json, KratosErrors.BadRequest(problem!));
        var hop = await IsBrowserHopAsync(flow, json);
        // An api flow answers in JSON, unless a browser is finishing it for an app: that browser is shown pages.
        var answersJson = json || (flow.Type == FlowTypes.Api && !hop);
        if (flow.Type == FlowTypes.Browser)
        {
            var token = submission["csrf_token"] ?? http.Request.Headers["X-CSRF-Token"].ToString();
            if (csrf.Check(http, flow, token, anyBrowser: kind.OpenToAnyBrowser(flow)) is { } reason)
            {
                audit.Add(AuditEvents.CsrfRejected, http, flowId: flow.Id, details: new { reason });
                await db.SaveChangesAsync();
                return await FailAsync(json, Csrf.Refusal(http, reason));
            }
        }
        var current = hop ? null : await sessions.GetCurrentAsync(http);
        if (kind.RequiresSession && OwnerProblem(flow, current) is { } refusal)
            return answersJson || current is not null ? refusal : new SeeOther(SignInFirst(kind));
        if (flow.RequestedAal == AuthenticatorAssurance.Aal2 && current?.IdentityId != flow.IdentityId)
            return answersJson ? Json(401, AalErrors.SessionRequired()) : new SeeOther(settings.BrowserFlowUrl(FlowKinds.Login));
        if (store.IsExpired(flow))
        {
            if (kind.RefusedEvent is { } expired) audit.Add(expired, http, flow.IdentityId, flowId: flow.Id, details: new { failure = "expired" });
            var replacement = await ReplaceExpiredAsync(kind, http, flow, current);
            return answersJson ? Json(410, KratosErrors.FlowExpired(replacement.Id, flow.ExpiresAt, store.Now))
                        : new SeeOther(UiLocation(kind, replacement));
        }
        if (!kind.RequiresSession && !kind.SessionOptional && current is not null && !flow.Refresh && flow.RequestedAal != AuthenticatorAssurance.Aal2)
            return json ? Json(400, KratosErrors.SessionAlreadyAvailable()) : new SeeOther(ReturnUrls.Resolve(settings, flow.ReturnTo));
        if (kind.NeedsPrivilege && !sessions.IsPrivileged(current!))
        {
            var again = RefreshLocation(UiLocation(kind, flow));
            return answersJson ? Json(403, KratosErrors.RefreshRequired(again)) : new SeeOther(again);
        }
        if (await SettingsAalProblemAsync(kind, current, answersJson) is { } settingsAal) return settingsAal;

        var context = new FlowContext(flow, store.ReadUi(flow), http) { Session = current };
        ClearMessages(context.Ui);
        var outcome = flow.State == FlowStates.PassedChallenge
            ? AlreadyDone(kind, context)
            : await kind.SubmitAsync(context, submission);
        if (outcome is MethodOutcome.Updated updated)
        {
            flow.State = FlowStates.Success;
            context.Ui.AddMessage(Messages.SettingsSaved());
            await kind.PopulateAsync(context);
            store.WriteUi(flow, context.Ui);
            await store.SaveAsync();
            return answersJson ? Results.Json(Respond(flow, http, current, updated.ContinueWith), KratosJsonOptions.Default)
                        : new SeeOther(UiLocation(kind, flow));
        }
        if (outcome is MethodOutcome.ReturnToUi)
        {
            store.WriteUi(flow, context.Ui);
            await store.SaveAsync();
            return answersJson ? Results.Json(Respond(flow, http, current), KratosJsonOptions.Default)
                        : new SeeOther(UiLocation(kind, flow));
        }
        if (outcome is MethodOutcome.NotResponsible) context.Ui.AddMessage(kind.NoMethodMessage());
        if (outcome is MethodOutcome.Authenticated done)
            return await CompleteAsync(kind, context, done, answersJson);
        if (outcome is MethodOutcome.Refused refused)
        {
            if (refused.RetryAfter is { } wait) http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString();
            if (answersJson)
            {
                store.WriteUi(flow, context.Ui);
                await store.SaveAsync();
                return Json(refused.Error.Error.Code, refused.Error);
            }
            context.Ui.AddMessage(refused.Message);
        }
        if (outcome is MethodOutcome.ShowForm { Repopulate: true }) await kind.PopulateAsync(context);
        return await ShowFormAsync(kind, context, answersJson, (outcome as MethodOutcome.ShowForm)?.Status ?? 400);
    }

    private async Task<IResult> ShowFormAsync(FlowKind kind, FlowContext context, bool json, int status = 400)
    {
        store.WriteUi(context.Flow, context.Ui);
        await store.SaveAsync();
        return json ? Results.Json(Respond(context.Flow, context.Http, context.Session), KratosJsonOptions.Default, statusCode: status)
                    : new SeeOther(UiLocation(kind, context.Flow));
    }

    private async Task<IResult> CompleteAsync(FlowKind kind, FlowContext context, MethodOutcome.Authenticated done, bool json)
    {
        var (flow, http) = (context.Flow, context.Http);
        if (flow.RequestedAal == AuthenticatorAssurance.Aal2 && context.Session is { } signedIn)
            return await SecondFactorDoneAsync(kind, context, signedIn, done, json);
        if (flow.Refresh && context.Session is { } current)
            return await RefreshAsync(kind, context, current, done, json);
        if (!kind.IssuesSession(settings)) return await CompleteWithoutSessionAsync(kind, context, done, json);
        flow.State = FlowStates.PassedChallenge;
        flow.IdentityId = done.Identity.Id;
        flow.Active = done.Method;
        store.WriteUi(flow, context.Ui);
        var (session, token) = sessions.Issue(done.Identity, done.Proof, http, done.Restriction);
        await RememberLanguageAsync(done.Identity);
        audit.Add(kind.SucceededEvent, http, done.Identity.Id, session.Id, flow.Id, done.Details ?? new { method = done.Proof });
        // Made before the save, so the next flow is written in the same transaction as the session.
        var next = await kind.ContinueAsync(context, session);
        var handOver = json ? null : await exchanges.HandOverAsync(flow, session, http);
        if (await SaveCompletionAsync(kind, context, json) is { } duplicate) return duplicate;
        if (handOver is not null) return await HandOverAsync(kind, context, done, handOver);

        if (next is not null) return ContinueIn(next, context, session, token, json);
        var followUp = await kind.FollowUpAsync(context, done.Identity);

        // A restricted session is sent where it can lift the restriction, not on to the app; one
        // whose identity has a second factor is sent on to it, as whoami would ask for it; a method
        // may name the page that comes next (the passkey nudge after a password).
        var owesSecondFactor = session.Restriction is null
            && await assurance.LacksSecondFactorAsync(session, settings.Options.Session.WhoAmI.RequiredAal);
        var returnTo = session.Restriction is not null
            ? settings.BrowserFlowUrl(FlowKinds.Settings) + (flow.ReturnTo is { } then ? "?return_to=" + Uri.EscapeDataString(then) : "")
            : owesSecondFactor ? assurance.SecondFactorUrl(flow.ReturnTo)
            : done.BrowserNext ?? ReturnUrls.Resolve(settings, flow.ReturnTo);
        var goesStraightOn = session.Restriction is null && !owesSecondFactor && done.BrowserNext is null;
        var sessionJson = SessionJson.From(session, done.Identity, settings);
        if (flow.Type == FlowTypes.Api)
            return Results.Json(new SuccessJson
            {
                Session = sessionJson,
                SessionToken = token,
                Identity = kind.Name == FlowKinds.Registration ? sessionJson.Identity : null,
                ContinueWith = kind.Name == FlowKinds.Registration ? [ContinueWith.SessionToken(token), .. Optional(followUp)] : null,
            }, KratosJsonOptions.Default);
        sessions.SetCookie(http, token, session);
        // On its way, a browser may be shown what the app would show next (verification), or a page
        // of the portal's own (the backup passkey question).
        if (!json) return new SeeOther(followUp?.Flow?.Url
            ?? (goesStraightOn ? await kind.BrowserDetourAsync(flow, session) : null) ?? returnTo);
        return Results.Json(new SuccessJson
        {
            Session = sessionJson,
            Identity = kind.Name == FlowKinds.Registration ? sessionJson.Identity : null,
            ContinueWith = [.. Optional(followUp), ContinueWith.Redirect(returnTo)],
        }, KratosJsonOptions.Default);
    }

    /// <summary>Saves a completed flow in one transaction; null once saved, else the form shown again.</summary>
    private async Task<IResult?> SaveCompletionAsync(FlowKind kind, FlowContext context, bool json)
    {
        try
        {
            await store.SaveAsync();
            return null;
        }
        catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException)
        {
            // Another request took the same address between our check and our write. Nothing of
            // this attempt was written (one SaveChanges is one transaction); show the form again.
            db.ChangeTracker.Clear();
            var fresh = (await store.FindAsync(context.Flow.Id, kind.Name))!;
            // The rollback put back the ceremony this attempt used: it stays used.
            fresh.CeremonyState = null;
            fresh.CeremonyNonce = null;
            var again = new FlowContext(fresh, store.ReadUi(fresh), context.Http);
            await kind.PopulateAsync(again);
            again.Ui.AddMessage(Messages.DuplicateCredentials());
            return await ShowFormAsync(kind, again, json);
        }
    }

    private static IEnumerable<ContinueWith> Optional(ContinueWith? step) => step is null ? [] : [step];

    /// <summary>
    /// The answer of a flow that continues in another one, as Kratos's recovery gives it with
    /// <c>continue_with</c> transitions: a browser is sent to the next flow's page; a JSON client
    /// gets this flow with <c>show_settings_ui</c>, and a native app the session token before it.
    /// </summary>
    private IResult ContinueIn(FlowContinuation next, FlowContext context, Sessions.Session session, string token, bool json)
    {
        var (flow, http) = (context.Flow, context.Http);
        if (flow.Type == FlowTypes.Browser) sessions.SetCookie(http, token, session);
        if (flow.Type == FlowTypes.Browser && !json) return new SeeOther(next.Url);
        List<ContinueWith> steps = flow.Type == FlowTypes.Api ? [ContinueWith.SessionToken(token)] : [];
        steps.Add(ContinueWith.ShowFlow(next.Next.Kind, next.Next.Id, next.Url));
        return Results.Json(FlowJson.From(flow, store.UiForResponse(flow, http), continueWith: steps), KratosJsonOptions.Default);
    }

    /// <summary>
    /// A refresh sign-in keeps the session and makes it fresh, for the same identity only: proving
    /// to be someone else must not turn this browser's session into theirs.
    /// </summary>
    private async Task<IResult> RefreshAsync(FlowKind kind, FlowContext context, Sessions.Session session, MethodOutcome.Authenticated done, bool json)
    {
        var (flow, http) = (context.Flow, context.Http);
        if (done.Identity.Id != session.IdentityId)
        {
            audit.Add(AuditEvents.LoginFailed, http, session.IdentityId, session.Id, flow.Id, new { method = done.Method, reason = "refresh by another identity" });
            context.Ui.AddMessage(Messages.Generic("That sign-in belongs to another account. Confirm with the account that is signed in here."));
            return await ShowFormAsync(kind, context, json || flow.Type == FlowTypes.Api);
        }
        flow.State = FlowStates.PassedChallenge;
        flow.Active = done.Method;
        store.WriteUi(flow, context.Ui);
        sessions.Reauthenticate(session, done.Method);
        audit.Add(AuditEvents.SessionRefreshed, http, session.IdentityId, session.Id, flow.Id, new { method = done.Method });
        await store.SaveAsync();
        var returnTo = ReturnUrls.Resolve(settings, flow.ReturnTo);
        var sessionJson = SessionJson.From(session, done.Identity, settings);
        if (flow.Type == FlowTypes.Api)
            return Results.Json(new SuccessJson { Session = sessionJson, SessionToken = sessions.PresentedToken(http) }, KratosJsonOptions.Default);
        if (!json) return new SeeOther(returnTo);
        return Results.Json(new SuccessJson { Session = sessionJson, ContinueWith = [ContinueWith.Redirect(returnTo)] }, KratosJsonOptions.Default);
    }

    /// <summary>Emails go out in the language the person last used here; written only when it changed.</summary>
    private async Task RememberLanguageAsync(Identities.Identity identity)
    {
        var language = Localization.Languages.Current;
        if (identity.Locale == language) return;
        if (db.Entry(identity).State is EntityState.Added or EntityState.Unchanged or EntityState.Modified) identity.Locale = language;
        else await db.Identities.Where(i => i.Id == identity.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Locale, language));
    }

    private MethodOutcome AlreadyDone(FlowKind kind, FlowContext context)
    {
        if (kind.RefusedEvent is { } replayed)
            audit.Add(replayed, context.Http, context.Flow.IdentityId, flowId: context.Flow.Id, details: new { failure = "already_used" });
        context.Ui.AddMessage(kind.AlreadyDoneMessage());
        return MethodOutcome.Show;
    }

    private static void ClearMessages(UiContainer ui)
    {
        ui.Messages = null;
        foreach (var node in ui.Nodes) node.Messages.Clear();
    }

    public string UiLocation(FlowKind kind, Flow flow) => UiLocation(settings, kind.UiUrl(settings), flow.Id);

    /// <summary>The page that shows a flow: its <c>ui_url</c>, made absolute against the base URL, with <c>?flow=</c>.</summary>
    public static string UiLocation(PortalSettings settings, string uiUrl, Guid flowId, string parameter = "flow") =>
        // On Unix "/login" parses as an absolute file: URI, so only http(s) counts as absolute here.
        (Uri.TryCreate(uiUrl, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? uiUrl : settings.PublicUrl(uiUrl))
        + (uiUrl.Contains('?') ? "&" : "?") + parameter + "=" + flowId;

    /// <summary>JSON clients get the error; a browser is sent to the error page with the id of the kept error.</summary>
    private async Task<IResult> FailAsync(bool json, ErrorEnvelope error) =>
        json ? Json(error.Error.Code, error) : new SeeOther(await errors.KeepAsync(error));

    private static IResult Json(int status, ErrorEnvelope error) => Results.Json(error, KratosJsonOptions.Default, statusCode: status);
}
