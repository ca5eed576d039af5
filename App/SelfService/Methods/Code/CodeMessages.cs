using App.SelfService.Ui;

namespace App.SelfService.Methods.Code;

/// <summary>The code method's texts, with Kratos's message ids (<c>text/message_*.go</c>).</summary>
public static class CodeMessages
{
    public static UiText SendLabel() => UiText.Info(1010015, "Send sign in code");
    public static UiText CodeLabel() => UiText.Info(1070013, "Login code");
    public static UiText ContinueLabel() => UiText.Info(1070009, "Continue");
    public static UiText ResendLabel() => UiText.Info(1070008, "Resend code");

    public static UiText Sent() => UiText.Info(1010014,
        "A code was sent to the address you provided. If you didn't receive it, please check the spelling of the address and try again.");

    public static UiText Invalid() => UiText.Error(4010008, "The login code is invalid or has already been used. Please try again.");

    public static UiText RecoveryCodeLabel() => UiText.Info(1070010, "Recovery code");

    public static UiText RecoverySent() => UiText.Info(1060003,
        "An email containing a recovery code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.");

    public static UiText RecoveryInvalid() => UiText.Error(4060006, "The recovery code is invalid or has already been used. Please try again.");

    /// <summary>
    /// After a recovery, once a new passkey is saved: the passkeys from before it may be the lost
    /// ones. Not a Kratos id (Kratos would speak of a password here); 1069xxx is unused by Kratos.
    /// </summary>
    public static UiText RemoveLostPasskeys(IReadOnlyList<string> names) => UiText.Info(1069001,
        $"Your new passkey is saved. If you lost any of the passkeys you had before, remove them now so they can no longer sign in: {string.Join(", ", names)}.",
        new() { ["passkeys"] = string.Join(", ", names), ["count"] = names.Count });

    public static UiText NotAnEmail(string value) => UiText.Error(4000001, $"\"{value}\" is not valid \"email\"",
        new() { ["reason"] = $"\"{value}\" is not valid \"email\"" });

    // Kratos answers too many tries with a plain 400 error and no flow message; the hosted page
    // needs one, so these use ids from the portal's own range (4019xxx, unused by Kratos).
    public static UiText TooManyAttempts() => UiText.Error(4019001,
        "The request was submitted too often. Please request another code.");

    public static UiText RateLimited(TimeSpan wait) => UiText.Error(4019002,
        $"Too many attempts. Please wait {Describe(wait)} and try again.",
        new() { ["retry_after_seconds"] = (int)Math.Ceiling(wait.TotalSeconds) });

    private static string Describe(TimeSpan wait) =>
        wait.TotalSeconds < 90 ? $"{(int)Math.Ceiling(wait.TotalSeconds)} seconds" : $"{(int)Math.Ceiling(wait.TotalMinutes)} minutes";
}
