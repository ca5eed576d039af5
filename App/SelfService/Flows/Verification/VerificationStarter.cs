using App.Configuration;
using App.Identities;
using App.KratosJson;
using App.SelfService.Methods;
using App.SelfService.Methods.Code;

namespace App.SelfService.Flows.Verification;

/// <summary>
/// Kratos's <c>show_verification_ui</c> registration hook: a verification flow for the new address,
/// its code already sent, which the app shows next (<c>continue_with</c>) while the new session goes on.
/// </summary>
public sealed class VerificationAfterRegistration(
    VerificationFlow kind, IEnumerable<IVerificationMethod> methods, FlowEngine engine, FlowStore store, PortalSettings settings)
{
    public async Task<ContinueWith?> StartAsync(FlowContext registration, Identity identity)
    {
        if (!settings.ShowVerificationAfterRegistration) return null;
        if (identity.Identifiers.FirstOrDefault(x => !x.Verified)?.Value is not { } address) return null;
        var http = registration.Http;
        var flow = await engine.StartAsync(kind, http, registration.Flow.Type, registration.Flow.ReturnTo);
        var context = new FlowContext(flow, store.ReadUi(flow), http);
        // Too many emails to this address already: the flow still opens, and says so.
        if (await methods.OfType<CodeVerification>().Single().SendAsync(context, address) is MethodOutcome.Refused refused)
            context.Ui.AddMessage(refused.Message);
        store.WriteUi(flow, context.Ui);
        await store.SaveAsync();
        return new ContinueWith
        {
            Action = "show_verification_ui",
            Flow = new ContinueWithFlow(flow.Id, flow.Type == FlowTypes.Browser ? engine.UiLocation(kind, flow) : null, address),
        };
    }
}
