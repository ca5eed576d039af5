using App.Configuration;
using App.Identities;
using App.SelfService.Ui;

namespace App.SelfService.Flows;

/// <summary>
/// What differs between self-service flows (Kratos <c>selfservice/flow/&lt;kind&gt;/</c>): lifespan,
/// page, nodes and how a submission is handled. The shared HTTP behaviour lives in <see cref="FlowEngine"/>.
/// </summary>
public abstract class FlowKind(IEnumerable<Methods.IFlowMethod> methods)
{
    private readonly Methods.IFlowMethod[] methods = methods.ToArray();

    public abstract string Name { get; }
    public abstract TimeSpan Lifespan(PortalSettings settings);
    public abstract string UiUrl(PortalSettings settings);
    public abstract bool Enabled(PortalSettings settings);
    /// <summary>Whether completing the flow signs the identity in (registration: its <c>session</c> hook).</summary>
    public virtual bool IssuesSession(PortalSettings settings) => true;
    /// <summary>The answer while <see cref="Enabled"/> is off.</summary>
    public virtual KratosJson.ErrorEnvelope Disabled() => KratosJson.KratosErrors.FlowDisabled(Name);
    public abstract UiText ExpiredMessage(DateTime expiredAt, DateTime now);
    public abstract UiText NoMethodMessage();

    /// <summary>Settings-like flows belong to the signed-in identity; login and registration need nobody signed in.</summary>
    public virtual bool RequiresSession => false;
    /// <summary>Anyone may use it, signed in or not (verification); otherwise a session-less flow refuses a signed-in browser.</summary>
    public virtual bool SessionOptional => false;
    public virtual string InitialState => FlowStates.ChooseMethod;
    /// <summary>Changes need a recent sign-in (<c>privileged_session_max_age</c>); older sessions sign in again first.</summary>
    public virtual bool NeedsPrivilege => false;
    /// <summary>The audit event of a completed flow.</summary>
    public virtual string SucceededEvent => Name + ".succeeded";
    /// <summary>The audit event of a submission to a flow that is used up or expired, for flows whose replays matter.</summary>
    public virtual string? RefusedEvent => null;
    /// <summary>Already completed, the flow says so on a further submission (Kratos's id differs per flow).</summary>
    public virtual UiText AlreadyDoneMessage() =>
        UiText.Error(4040002, "The request was already completed successfully and can not be retried.");

    /// <summary>
    /// A browser flow that any browser may use, not only the one that created it (a recovery link
    /// an administrator issued). It still needs that browser's own CSRF token on every submission.
    /// </summary>
    public virtual bool OpenToAnyBrowser(Flow flow) => false;

    /// <summary>
    /// Where a completed flow continues with the session it won, when that is another flow rather
    /// than the app (recovery continues in settings). Null: the engine answers as a sign-in does.
    /// </summary>
    public virtual Task<FlowContinuation?> ContinueAsync(FlowContext context, Sessions.Session session) =>
        Task.FromResult<FlowContinuation?>(null);

    /// <summary>
    /// What the app may show next while the session a completed flow won goes on (registration's
    /// <c>show_verification_ui</c>); made after the flow's own work is saved.
    /// </summary>
    public virtual Task<KratosJson.ContinueWith?> FollowUpAsync(FlowContext context, Identity identity) =>
        Task.FromResult<KratosJson.ContinueWith?>(null);

    /// <summary>
    /// A page a browser is shown on its way from a completed sign-in to its return_to (the backup
    /// passkey question). Null: it goes straight there.
    /// </summary>
    public virtual Task<string?> BrowserDetourAsync(Flow flow, Sessions.Session session) => Task.FromResult<string?>(null);

    /// <summary>Adds every enabled method's nodes, in order. Methods upsert, so this may run again on a flow.</summary>
    public async Task PopulateAsync(FlowContext context)
    {
        foreach (var method in methods.Where(m => m.Enabled && Serves(m, context))) await method.PopulateAsync(context);
        Arrange(context.Ui);
    }

    /// <summary>Puts the nodes the methods added in the order the flow shows them; by default, the order they came in.</summary>
    protected virtual void Arrange(UiContainer ui) { }

    /// <summary>
    /// Whether <paramref name="method"/> takes part in the flow as it stands: login keeps first and
    /// second factors apart, a two-step registration offers credentials only on its second screen.
    /// </summary>
    protected virtual bool Serves(Methods.IFlowMethod method, FlowContext context) => true;

    /// <summary>Lets each method claim the submission; the first that does decides the outcome.</summary>
    public async Task<MethodOutcome> SubmitAsync(FlowContext context, Submission submission)
    {
        foreach (var method in methods.Where(m => m.Enabled && Serves(m, context)))
        {
            var outcome = await method.SubmitAsync(context, submission);
            if (outcome is not MethodOutcome.NotResponsible) return outcome;
        }
        return MethodOutcome.Skip;
    }
}

/// <summary>A flow being worked on in one request: methods change <see cref="Ui"/>, the engine saves it.</summary>
public sealed record FlowContext(Flow Flow, UiContainer Ui, HttpContext Http)
{
    /// <summary>The signed-in session, for flows that require one.</summary>
    public Sessions.Session? Session { get; init; }

    /// <summary>On a refresh sign-in ("confirm it's you"), the signed-in identity: the only one that may answer.</summary>
    public Identity? RefreshingIdentity =>
        Flow.Refresh && Session is { } session && session.IdentityId == Flow.IdentityId ? session.Identity : null;

    /// <summary>On an aal2 login flow, the signed-in identity whose second factor is asked for.</summary>
    public Identity? SecondFactorIdentity =>
        Flow.RequestedAal == Sessions.AuthenticatorAssurance.Aal2 && Session is { } session && session.IdentityId == Flow.IdentityId ? session.Identity : null;
}

/// <summary>The flow a completed flow continues in, and the page that shows it.</summary>
public sealed record FlowContinuation(Flow Next, string Url);

public abstract record MethodOutcome
{
    /// <summary>The method does not handle this submission.</summary>
    public sealed record NotResponsible : MethodOutcome;

    /// <summary>The form changed (errors, or a new step): show it again. JSON clients get it with <paramref name="Status"/>.</summary>
    /// <param name="Repopulate">The form moved to another step: every method that serves it adds its nodes again.</param>
    public sealed record ShowForm(int Status = 400, bool Repopulate = false) : MethodOutcome;

    /// <summary>The user proved who they are (or created an account): issue a session.</summary>
    /// <param name="Restriction">A <see cref="Sessions.SessionRestrictions"/> value the new session starts with, if any.</param>
    /// <param name="Details">What the audit event of the completed flow records; by default the method.</param>
    /// <param name="SessionMethod">The proof the session records when it is not <paramref name="Method"/> (Kratos records a recovery by code as <c>code_recovery</c>).</param>
    /// <param name="BrowserNext">A page a browser is shown before it goes on to <c>return_to</c> (after a password sign-in, the nudge to passkeys).</param>
    public sealed record Authenticated(Identity Identity, string Method, string? Restriction = null, object? Details = null, string? SessionMethod = null,
        string? BrowserNext = null) : MethodOutcome
    {
        public string Proof => SessionMethod ?? Method;
    }

    /// <summary>
    /// The request is refused as a whole (too many requests, too many wrong codes): a JSON client
    /// gets <paramref name="Error"/> with its status, a browser the form again with <paramref name="Message"/>.
    /// </summary>
    public sealed record Refused(KratosJson.ErrorEnvelope Error, UiText Message, TimeSpan? RetryAfter = null) : MethodOutcome;

    /// <summary>The signed-in identity changed something (settings): the flow shows success.</summary>
    /// <param name="ContinueWith">What the app may show next (a verification of a changed address).</param>
    public sealed record Updated(IReadOnlyList<KratosJson.ContinueWith>? ContinueWith = null) : MethodOutcome;

    /// <summary>
    /// The form has a new step to show and nothing was saved yet (Kratos's
    /// <c>ErrStrategyAsksToReturnToUI</c>): a JSON client gets the flow with 200, a browser the page.
    /// </summary>
    public sealed record ReturnToUi : MethodOutcome;

    public static readonly MethodOutcome Skip = new NotResponsible();
    public static readonly MethodOutcome Show = new ShowForm();
    /// <summary>The form moved to another step (Kratos answers a two-step registration's screens with 400 and the flow).</summary>
    public static readonly MethodOutcome NewStep = new ShowForm(Repopulate: true);
    /// <summary>The form moved on (a code was sent, or a wrong one told): Kratos's recovery answers these with 200.</summary>
    public static readonly MethodOutcome ShowOk = new ShowForm(200);
}
