using App.SelfService.Ui;

namespace App.Components.Settings;

/// <summary>What the settings page can show for a flow.</summary>
public enum SettingsStatus
{
    /// <summary>The flow, ready to change passkeys.</summary>
    Ready,
    /// <summary>Signed in too long ago: the page offers "confirm it's you" before any change.</summary>
    NeedsConfirmation,
    /// <summary>The browser must go elsewhere first: to sign in, or to a fresh flow.</summary>
    Redirect,
    /// <summary>The portal could not answer; the page says so and offers to try again.</summary>
    Failed,
}

/// <summary>One saved passkey, as the flow's "remove" node describes it.</summary>
/// <param name="Id">The hex credential id, the value "remove" submits.</param>
/// <param name="Removable">False for the last passkey: the engine refuses to remove it, and its node says so.</param>
/// <param name="Label">Kratos's label for the remove button, which names the passkey.</param>
public sealed record SavedPasskey(string Id, string Name, DateTime? AddedAt, bool Removable, UiText Label)
{
    /// <summary>The authenticator model, for its provider's name and icon; null when it did not say.</summary>
    public Guid? Aaguid { get; init; }
    /// <summary>Synced by its provider (WebAuthn's backup state), so it survives the loss of one device.</summary>
    public bool Synced { get; init; }
    public DateTime? LastUsedAt { get; init; }
    /// <summary>The User-Agent of the sign-in that last used it, for "Chrome on macOS".</summary>
    public string? LastUsedUserAgent { get; init; }
}

/// <summary>Another session of the same account (Kratos <c>listMySessions</c>).</summary>
public sealed record OtherSession(Guid Id, string? UserAgent, DateTime AuthenticatedAt);

/// <summary>The settings flow as its JSON answer describes it, with what the session allows.</summary>
public sealed record SettingsView
{
    public SettingsStatus Status { get; init; }
    /// <summary>Where the browser must go, for <see cref="SettingsStatus.Redirect"/>.</summary>
    public string? Redirect { get; init; }
    public Guid FlowId { get; init; }
    public string CsrfToken { get; init; } = "";
    /// <summary>The flow's state: <c>show_form</c>, or <c>success</c> once a change was saved.</summary>
    public string State { get; init; } = "show_form";
    public IReadOnlyList<UiText> Messages { get; init; } = [];
    /// <summary>Why the last "Add passkey" was refused, when it was.</summary>
    public IReadOnlyList<UiText> AddMessages { get; init; } = [];
    public IReadOnlyList<SavedPasskey> Passkeys { get; init; } = [];
    /// <summary>The WebAuthn creation options (<c>{"publicKey": …}</c>) for "Add passkey".</summary>
    public string? CreateOptions { get; init; }
    public bool CanAdd { get; init; }
    /// <summary>The RP ID and user handle (base64url) of the ceremonies, for the Signal API; null without creation options.</summary>
    public (string RpId, string UserId)? Relying { get; init; }
    public BackupCodesState BackupCodes { get; init; } = BackupCodesState.Off;
    public SecurityKeysState SecurityKeys { get; init; } = SecurityKeysState.Off;
    /// <summary>An imported account still has a password: the page says so.</summary>
    public bool HasPassword { get; init; }
    /// <summary>It has a passkey too, so the flow offers <c>password_disable</c>.</summary>
    public bool CanDisablePassword { get; init; }
    public EmailState Email { get; init; } = EmailState.Off;
    /// <summary>"Save another passkey for a backup?" is asked (the flow's passkey_backup nodes).</summary>
    public bool AsksForBackup { get; init; }
    /// <summary>One passkey and no backup codes: the page warns, with a way to act on it.</summary>
    public bool WarnsSinglePasskey { get; init; }
    /// <summary>Signed in by email: saving a new passkey is the only change allowed.</summary>
    public bool Restricted { get; init; }
    /// <summary>The session was won by a recovery (an emailed or an administrator's link or code), not a sign-in.</summary>
    public bool Recovered { get; init; }
    /// <summary>The sign-in that makes the session fresh again and comes back to this flow.</summary>
    public string ConfirmUrl { get; init; } = "";
    /// <summary>Where "Continue" and "Back" lead: the flow's return_to, or the default.</summary>
    public string ContinueUrl { get; init; } = "/";

    public bool Saved => State == "success";

    /// <summary>The saved passkeys' credential ids in base64url, as the Signal API takes them.</summary>
    /// <summary>
    /// Every credential of the account the authenticators may keep, security keys included: they share
    /// the passkeys' user handle, so a provider told of passkeys alone would drop the keys.
    /// </summary>
    public IReadOnlyList<string> CredentialIds => Passkeys.Concat(SecurityKeys.Keys)
        .Select(p => Ceremonies.Base64Url.Encode(Convert.FromHexString(p.Id))).ToList();

    /// <summary>
    /// The flow's messages as the page shows them: a restricted recovered session's alert already
    /// says what the recovery's own message (1060001) says, so that one is not said twice.
    /// </summary>
    public IReadOnlyList<UiText> PageMessages => Restricted && Recovered ? Messages.Where(m => m.Id != RecoveredMessageId).ToList() : Messages;

    private const int RecoveredMessageId = 1060001;

    public static SettingsView RedirectTo(string url) => new() { Status = SettingsStatus.Redirect, Redirect = url };

    public static SettingsView Failure(Guid flowId) => new() { Status = SettingsStatus.Failed, FlowId = flowId };
}
