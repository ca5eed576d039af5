using App.Configuration;
using App.Sessions;
using App.SelfService.Ui;

namespace App.SelfService.Flows;

/// <summary>A flow ready for a hosted page, or where the browser must go instead.</summary>
/// <param name="Foreign">The flow exists but belongs to another browser (an emailed link opened elsewhere).</param>
public sealed record FlowPage(Flow? Flow, UiContainer? Ui, string? Redirect, bool Foreign = false);

/// <summary>
/// Loads the flow a hosted page shows. Pages never invent state: without a usable flow for this
/// browser they send it to start one, as kratos-selfservice-ui-node does.
/// </summary>
public sealed class FlowPages(FlowStore store, FlowEngine engine, Csrf csrf, SessionService sessions, PortalSettings settings,
    Sessions.Exchanges.SessionTokenExchanges exchanges)
{
    public async Task<FlowPage> LoadAsync(FlowKind kind, string? flowId, HttpContext http)
    {
        var session = await sessions.GetCurrentAsync(http);
        if (kind.RequiresSession && session is null)
            return new(null, null, engine.SignInFirst(kind));
        var flow = Guid.TryParse(flowId, out var id) ? await store.FindAsync(id, kind.Name) : null;
        var start = settings.BrowserFlowUrl(kind.Name) + ReturnToQuery(http);
        // A native app's flow, opened here to be finished for the app: this browser's own session
        // does not count, as the one it wins goes to the app.
        if (flow is not null && await exchanges.AwaitsBrowserAsync(flow))
            return store.IsExpired(flow) ? new(null, null, start) : new(flow, store.UiForResponse(flow, http), null);
        // Signed in, a sign-in page shows only a refresh of this very session ("confirm it's you") or its second factor.
        if (!kind.RequiresSession && !kind.SessionOptional && session is not null
            && !(flow is { Refresh: true } or { RequestedAal: AuthenticatorAssurance.Aal2 } && flow.IdentityId == session.IdentityId))
            return new(null, null, settings.DefaultReturnUrl.ToString());
        if (flow is null)
            return new(null, null, start);
        if (flow.Type != FlowTypes.Browser || (!csrf.Owns(http, flow) && !kind.OpenToAnyBrowser(flow)))
            return new(null, null, start, Foreign: flow.Type == FlowTypes.Browser);
        if (kind.RequiresSession && flow.IdentityId != session!.IdentityId)
            return new(null, null, start);
        if (store.IsExpired(flow))
        {
            var replacement = await engine.ReplaceExpiredAsync(kind, http, flow, session);
            return new(null, null, engine.UiLocation(kind, replacement));
        }
        return new(flow, store.UiForResponse(flow, http), null);
    }

    private static string ReturnToQuery(HttpContext http) =>
        http.Request.Query["return_to"] is { Count: > 0 } r ? "?return_to=" + Uri.EscapeDataString(r.ToString()) : "";
}
