namespace App.SelfService.Flows;

/// <summary>
/// The unit of state of every self-service journey (Kratos <c>selfservice/flow/*/flow.go</c>).
/// Pages render a flow; they never keep state of their own.
/// </summary>
public sealed class Flow
{
    public Guid Id { get; set; } = Guid.NewGuid();
    /// <summary><see cref="FlowKinds"/>: login, registration, …</summary>
    public string Kind { get; set; } = FlowKinds.Login;
    /// <summary><c>browser</c> (cookies, CSRF) or <c>api</c> (native apps, session tokens).</summary>
    public string Type { get; set; } = FlowTypes.Browser;
    public string State { get; set; } = FlowStates.ChooseMethod;
    public string RequestUrl { get; set; } = "";
    public string? ReturnTo { get; set; }
    public DateTime IssuedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>The method that last handled a submission.</summary>
    public string? Active { get; set; }
    public string RequestedAal { get; set; } = "aal1";
    public bool Refresh { get; set; }
    /// <summary>SHA-256 of the browser's CSRF secret: binds a browser flow to the browser that created it.</summary>
    public byte[]? CsrfHash { get; set; }
    /// <summary>The form as JSON (<see cref="Ui.UiContainer"/>).</summary>
    public string Ui { get; set; } = "{}";

    /// <summary>The pending WebAuthn ceremony's state, as the passkey handler produced it. Single use.</summary>
    public string? CeremonyState { get; set; }
    /// <summary>Changes with every new ceremony, so consuming one is a compare-and-swap.</summary>
    public Guid? CeremonyNonce { get; set; }
    public DateTime? CeremonyExpiresAt { get; set; }
    /// <summary>Code submissions so far; past <c>max_submissions</c> the flow takes no more codes (Kratos <c>submit_count</c>).</summary>
    public int SubmitCount { get; set; }
    /// <summary>The identity that completed the flow, once it has.</summary>
    public Guid? IdentityId { get; set; }

    /// <summary>
    /// The init code of the flow's session token exchange, in the create answer only (Kratos's
    /// <c>SessionTokenExchangeCode</c>, <c>db:"-"</c>): only its hash is stored.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Schema.NotMapped] public string? SessionTokenExchangeCode { get; set; }
}

public static class FlowKinds
{
    public const string Login = "login";
    public const string Registration = "registration";
    public const string Settings = "settings";
    public const string Recovery = "recovery";
    public const string Verification = "verification";
}

public static class FlowTypes
{
    public const string Browser = "browser";
    public const string Api = "api";
}

public static class FlowStates
{
    public const string ChooseMethod = "choose_method";
    public const string SentEmail = "sent_email";
    public const string PassedChallenge = "passed_challenge";
    // Settings flows (Kratos settingsFlowState).
    public const string ShowForm = "show_form";
    public const string Success = "success";
}
