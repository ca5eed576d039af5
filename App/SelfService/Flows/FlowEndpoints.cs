using App.SelfService.Flows.Login;
using App.SelfService.Flows.Recovery;
using App.SelfService.Flows.Registration;
using App.SelfService.Flows.Settings;
using App.SelfService.Flows.Verification;

namespace App.SelfService.Flows;

/// <summary>Kratos's self-service routes for each flow: create (browser, api), get and submit.</summary>
public static class FlowEndpoints
{
    public static IEndpointRouteBuilder MapSelfServiceFlows(this IEndpointRouteBuilder app)
    {
        Map<LoginFlow>(app, FlowKinds.Login);
        Map<RegistrationFlow>(app, FlowKinds.Registration);
        Map<SettingsFlow>(app, FlowKinds.Settings);
        Map<RecoveryFlow>(app, FlowKinds.Recovery);
        app.MapRecoveryLinks();
        app.MapVerification();
        FlowErrors.MapFlowErrors(app);
        return app;
    }

    private static void Map<TKind>(IEndpointRouteBuilder app, string name) where TKind : FlowKind
    {
        app.MapGet($"/self-service/{name}/browser", (HttpContext http, FlowEngine engine, TKind kind) => engine.CreateAsync(kind, http, FlowTypes.Browser));
        app.MapGet($"/self-service/{name}/api", (HttpContext http, FlowEngine engine, TKind kind) => engine.CreateAsync(kind, http, FlowTypes.Api));
        app.MapGet($"/self-service/{name}/flows", (HttpContext http, FlowEngine engine, TKind kind) => engine.GetAsync(kind, http));
        app.MapPost($"/self-service/{name}", (HttpContext http, FlowEngine engine, TKind kind) => engine.SubmitAsync(kind, http))
            .DisableAntiforgery();
    }
}
