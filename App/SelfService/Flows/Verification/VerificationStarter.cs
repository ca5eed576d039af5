using App.Configuration;
using App.Identities;
using App.KratosJson;
using App.SelfService.Methods;
using App.SelfService.Methods.Code;

namespace App.SelfService.Flows.Verification;

/// <summary>
/// Starts a verification flow from another flow, with the code already sent, and says so as Kratos's
/// <c>continue_with</c> <c>show_verification_ui</c>: after a passkey registration (the
/// <c>show_verification_ui</c> hook) and after an email change in settings.
/// </summary>
public sealed class VerificationStarter(
    VerificationFlow kind, IEnumerable<IVerificationMethod> methods, FlowEngine engine, FlowStore store, PortalSettings settings)
{
    public Task<ContinueWith?> AfterRegistrationAsync(FlowContext registration, Identity identity) =>
        settings.ShowVerificationAfterRegistration && identity.Identifiers.FirstOrDefault(x => !x.Verified)?.Value is { } address
            ? StartAsync(registration, address)
            : Task.FromResult<ContinueWith?>(null);

    /// <summary>A verification flow of the same type and return_to as <paramref name="origin"/>, for <paramref name="address"/>.</summary>
    public async Task<ContinueWith?> StartAsync(FlowContext origin, string address)
    {
        var http = origin.Http;
        var flow = await engine.StartAsync(kind, http, origin.Flow.Type, origin.Flow.ReturnTo);
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
