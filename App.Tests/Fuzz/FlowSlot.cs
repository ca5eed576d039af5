namespace App.Tests.Fuzz;

/// <summary>
/// A flow the fuzzer aims at, made before the run in one state: <c>fresh</c>, <c>sent_email</c>,
/// <c>passed_challenge</c> (completed, so any further submission is a reuse), or <c>expired</c>.
/// Browser flows carry the cookies of the browser that made them; settings flows a signed-in session.
/// </summary>
public sealed record FlowSlot(string Kind, string Type, string State, string FlowId, string? Csrf, string Cookies, string? SessionToken)
{
    public override string ToString() => $"{Kind}/{Type}/{State} {FlowId}";
}

/// <summary>A ceremony the case runs on a new flow of its own, with a genuine credential it then damages.</summary>
public enum Ceremony { PasskeyLogin, PasskeyRegistration, PasskeySettings, WebAuthnSettings, WebAuthnSecondFactor }
