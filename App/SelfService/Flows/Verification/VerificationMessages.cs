using App.SelfService.Ui;

namespace App.SelfService.Flows.Verification;

/// <summary>The verification flow's texts, with Kratos's message ids (<c>text/message_verification.go</c>, <c>message_node.go</c>).</summary>
public static class VerificationMessages
{
    public static UiText Expired(DateTime expiredAt, DateTime now) => UiText.Error(4070005,
        $"The verification flow expired {(now - expiredAt).TotalMinutes:0.00} minutes ago, please try again.",
        new() { ["expired_at"] = expiredAt, ["expired_at_unix"] = new DateTimeOffset(DateTime.SpecifyKind(expiredAt, DateTimeKind.Utc)).ToUnixTimeSeconds() });

    public static UiText NoStrategy() => UiText.Error(4010005,
        "Could not find a strategy to verify your account with. Did you fill out the form correctly?");

    public static UiText AlreadyDone() => UiText.Error(4070002, "The request was already completed successfully and can not be retried.");

    public static UiText Sent() => UiText.Info(1080003,
        "An email containing a verification code has been sent to the email address you provided. If you have not received an email, check the spelling of the address and make sure to use the address you registered with.");

    public static UiText Verified() => UiText.Success(1080002, "You successfully verified your email address.");

    public static UiText Invalid() => UiText.Error(4070006, "The verification code is invalid or has already been used. Please try again.");

    public static UiText EmailLabel() => UiText.Info(1070018, "Email or phone number");
    public static UiText CodeLabel() => UiText.Info(1070011, "Verification code");
}
