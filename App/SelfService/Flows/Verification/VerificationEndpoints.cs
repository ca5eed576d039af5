using App.Audit;
using App.Configuration;
using App.KratosJson;
using App.SelfService.Methods;
using App.SelfService.Methods.Code;

namespace App.SelfService.Flows.Verification;

/// <summary>
/// Kratos's verification routes: create, get and submit as for every flow, each answering 400 while
/// verification is off, and the emailed link, <c>GET /self-service/verification?flow=&amp;code=</c>,
/// which proves the address when opened, in whatever browser opens it.
/// </summary>
public static class VerificationEndpoints
{
    private const string Path = "/self-service/verification";

    public static IEndpointRouteBuilder MapVerification(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path + "/browser", (HttpContext http, FlowEngine engine, VerificationFlow kind, PortalSettings settings, FlowErrors errors) =>
            Guarded(http, kind, settings, errors, () => engine.CreateAsync(kind, http, FlowTypes.Browser)));
        app.MapGet(Path + "/api", (HttpContext http, FlowEngine engine, VerificationFlow kind, PortalSettings settings, FlowErrors errors) =>
            Guarded(http, kind, settings, errors, () => engine.CreateAsync(kind, http, FlowTypes.Api), json: true));
        app.MapGet(Path + "/flows", (HttpContext http, FlowEngine engine, VerificationFlow kind, PortalSettings settings, FlowErrors errors) =>
            Guarded(http, kind, settings, errors, () => engine.GetAsync(kind, http), json: true));
        app.MapPost(Path, (HttpContext http, FlowEngine engine, VerificationFlow kind, PortalSettings settings, FlowErrors errors) =>
            Guarded(http, kind, settings, errors, () => engine.SubmitAsync(kind, http))).DisableAntiforgery();
        app.MapGet(Path, (HttpContext http, VerificationFlow kind, PortalSettings settings, FlowErrors errors, FlowStore store, FlowEngine engine,
                IEnumerable<IVerificationMethod> methods, AuditLog audit) =>
            Guarded(http, kind, settings, errors, () => FollowLinkAsync(http, kind, settings, store, engine, methods.OfType<CodeVerification>().Single(), audit)));
        return app;
    }

    private static async Task<IResult> Guarded(HttpContext http, VerificationFlow kind, PortalSettings settings, FlowErrors errors,
        Func<Task<IResult>> next, bool json = false)
    {
        if (kind.Enabled(settings)) return await next();
        var error = KratosErrors.VerificationDisabled();
        return json || Submission.WantsJson(http.Request)
            ? Results.Json(error, KratosJsonOptions.Default, statusCode: 400)
            : new SeeOther(await errors.KeepAsync(error));
    }

    /// <summary>
    /// The link from the email. It needs no CSRF token: it is used from a mail app as often as from
    /// the browser that asked, and its long token is the proof. Whatever happens, the browser lands on
    /// the verification page, which says how it went.
    /// </summary>
    private static async Task<IResult> FollowLinkAsync(HttpContext http, VerificationFlow kind, PortalSettings settings, FlowStore store,
        FlowEngine engine, CodeVerification method, AuditLog audit)
    {
        var code = http.Request.Query["code"].ToString();
        if (!Guid.TryParse(http.Request.Query["flow"], out var id) || await store.FindAsync(id, kind.Name) is not { } flow)
            return new SeeOther(settings.BrowserFlowUrl(kind.Name));
        if (code.Length is 0 or > 128) return new SeeOther(engine.UiLocation(kind, flow));
        if (store.IsExpired(flow))
        {
            audit.Add(AuditEvents.VerificationRefused, http, flowId: flow.Id, details: new { method = method.Name, failure = "expired" });
            var replacement = await engine.ReplaceExpiredAsync(kind, http, flow, null);
            return new SeeOther(engine.UiLocation(kind, replacement));
        }
        var context = new FlowContext(flow, store.ReadUi(flow), http);
        context.Ui.Messages = null;
        foreach (var node in context.Ui.Nodes) node.Messages.Clear();
        if (flow.State == FlowStates.PassedChallenge)
        {
            audit.Add(AuditEvents.VerificationRefused, http, flow.IdentityId, flowId: flow.Id, details: new { method = method.Name, failure = "already_used" });
            context.Ui.AddMessage(kind.AlreadyDoneMessage());
        }
        else if (await method.VerifyAsync(context, code) is MethodOutcome.Refused refused)
        {
            context.Ui.AddMessage(refused.Message);
        }
        store.WriteUi(flow, context.Ui);
        await store.SaveAsync();
        return new SeeOther(engine.UiLocation(kind, flow));
    }
}
