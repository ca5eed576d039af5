using App.Audit;
using App.Configuration;
using App.KratosJson;

namespace App.SelfService.Flows;

/// <summary>
/// A registration whose <c>after.passkey.hooks</c> leave out <c>session</c>, as Kratos's default
/// does: the identity and its passkey are saved, nobody is signed in, and the answer is
/// <c>{identity, continue_with}</c>; a browser goes on to return_to (or the verification page).
/// </summary>
public sealed partial class FlowEngine
{
    private async Task<IResult> CompleteWithoutSessionAsync(FlowKind kind, FlowContext context, MethodOutcome.Authenticated done, bool json)
    {
        var (flow, http) = (context.Flow, context.Http);
        flow.State = FlowStates.PassedChallenge;
        flow.IdentityId = done.Identity.Id;
        flow.Active = done.Method;
        store.WriteUi(flow, context.Ui);
        await RememberLanguageAsync(done.Identity);
        audit.Add(kind.SucceededEvent, http, done.Identity.Id, null, flow.Id, done.Details ?? new { method = done.Proof });
        if (await SaveCompletionAsync(kind, context, json) is { } duplicate) return duplicate;

        var followUp = await kind.FollowUpAsync(context, done.Identity);
        // A browser goes on to a page; one finishing an app's api flow goes back to the app without a code, since no session was made.
        if (!json)
            return new SeeOther(followUp?.Flow?.Url ?? ReturnUrls.Resolve(settings, flow.ReturnTo));
        return Results.Json(new SuccessJson
        {
            Identity = IdentityJson.From(done.Identity, settings),
            ContinueWith = followUp is null ? [] : [followUp],
        }, KratosJsonOptions.Default);
    }
}
