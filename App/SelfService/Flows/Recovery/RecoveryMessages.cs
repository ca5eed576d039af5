using App.SelfService.Ui;

namespace App.SelfService.Flows.Recovery;

/// <summary>The recovery flow's texts, with Kratos's message ids (<c>text/message_recovery.go</c>).</summary>
public static class RecoveryMessages
{
    public static UiText Expired(DateTime expiredAt, DateTime now) => UiText.Error(4060005,
        $"The recovery flow expired {(now - expiredAt).TotalMinutes:0.00} minutes ago, please try again.",
        new() { ["expired_at"] = expiredAt, ["expired_at_unix"] = new DateTimeOffset(DateTime.SpecifyKind(expiredAt, DateTimeKind.Utc)).ToUnixTimeSeconds() });

    public static UiText NoStrategy() => UiText.Error(4010005,
        "Could not find a strategy to recover your account with. Did you fill out the form correctly?");

    public static UiText AlreadyDone() => UiText.Error(4060001, "The request was already completed successfully and can not be retried.");

    /// <summary>
    /// Set on the settings flow a recovery continues in. Kratos's text asks to change the password
    /// (kratos#3386); here nobody has one, so it asks for a passkey. The id and context are Kratos's.
    /// </summary>
    public static UiText Recovered(DateTime privilegedUntil, DateTime now) => UiText.Success(1060001,
        $"You successfully recovered your account. Please add a passkey within the next {(privilegedUntil - now).TotalMinutes:0.00} minutes.",
        new()
        {
            ["privilegedSessionExpiresAt"] = privilegedUntil,
            ["privileged_session_expires_at"] = privilegedUntil,
            ["privileged_session_expires_at_unix"] = new DateTimeOffset(DateTime.SpecifyKind(privilegedUntil, DateTimeKind.Utc)).ToUnixTimeSeconds(),
        });
}
