using App.Configuration;

namespace App.SelfService.Flows.Recovery;

/// <summary>
/// Kratos's recovery link, <c>GET /self-service/recovery?flow=&amp;token=</c>, as an administrator's
/// link carries it. Opening it uses nothing up: mail scanners and chat previews open links too. It
/// leads to the recovery page, where one click completes the flow.
/// </summary>
public static class RecoveryLinks
{
    public static IEndpointRouteBuilder MapRecoveryLinks(this IEndpointRouteBuilder app)
    {
        app.MapGet("/self-service/recovery", (HttpContext http, PortalSettings settings, RecoveryFlow kind) =>
        {
            var token = http.Request.Query["token"].ToString();
            if (!Guid.TryParse(http.Request.Query["flow"], out var flowId) || token.Length is 0 or > 128)
                return new SeeOther(settings.BrowserFlowUrl(FlowKinds.Recovery));
            return new SeeOther(FlowEngine.UiLocation(settings, kind.UiUrl(settings), flowId) + "&link=" + Uri.EscapeDataString(token));
        });
        return app;
    }
}
