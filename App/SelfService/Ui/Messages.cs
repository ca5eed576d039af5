namespace App.SelfService.Ui;

/// <summary>Kratos message ids and English texts (Kratos <c>text/message_*.go</c>), in one place.</summary>
public static class Messages
{
    public static UiText LabelId() => UiText.Info(1070004, "ID");
    public static UiText LabelEmail() => UiText.Info(1070007, "Email");
    public static UiText SignInWithPasskey() => UiText.Info(1010021, "Sign in with passkey");
    public static UiText SignUpWithPasskey() => UiText.Info(1040007, "Sign up with passkey");
    public static UiText SignUp() => UiText.Info(1040001, "Sign up");
    public static UiText RegistrationBack() => UiText.Info(1040008, "Back");
    public static UiText ChooseCredentials() => UiText.Info(1040009, "Please choose a credential to authenticate yourself with.");

    public static UiText ConfirmItsYou() => UiText.Info(1010003, "Please confirm this action by verifying that it is you.");
    public static UiText SettingsSaved() => UiText.Success(1050001, "Your changes have been saved!");
    public static UiText AddPasskey() => UiText.Info(1050019, "Add passkey");
    public static UiText RemovePasskey(string name, DateTime addedAt) => UiText.Info(1050020, $"Remove passkey \"{name}\"", new()
    {
        ["display_name"] = name,
        ["added_at"] = addedAt.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        ["added_at_unix"] = new DateTimeOffset(DateTime.SpecifyKind(addedAt, DateTimeKind.Utc)).ToUnixTimeSeconds(),
    });
    public static UiText SettingsNoStrategy() => UiText.Error(4010004, "Could not find a strategy to update your settings. Did you fill out the form correctly?");
    public static UiText SettingsExpired(DateTime expiredAt, DateTime now) => Expired(4050001, "settings", expiredAt, now);

    public static UiText Generic(string reason) => UiText.Error(4000001, reason, new() { ["reason"] = reason });
    public static UiText DuplicateCredentials() =>
        UiText.Error(4000007, "An account with the same identifier (email, phone, username, ...) exists already.");
    /// <summary>Kratos's words for a WebAuthn assertion that did not verify (bad signature, origin or challenge).</summary>
    public static UiText InvalidAuthenticationCode() => UiText.Error(4000008, "The provided authentication code is invalid, please try again.");
    public static UiText NoWebAuthnUser() => UiText.Error(4000015, "This account does not exist or has no security key set up.");
    public static UiText InvalidCredentials() => UiText.Error(4000006,
        "The provided credentials are invalid, check for spelling mistakes in your password or username, email address, or phone number.");
    public static UiText LoginNoStrategy() => UiText.Error(4010002, "Could not find a strategy to log you in with. Did you fill out the form correctly?");
    public static UiText RegistrationNoStrategy() => UiText.Error(4010003, "Could not find a strategy to sign you up with. Did you fill out the form correctly?");
    public static UiText LoginExpired(DateTime expiredAt, DateTime now) => Expired(4010001, "login", expiredAt, now);
    public static UiText RegistrationExpired(DateTime expiredAt, DateTime now) => Expired(4040001, "registration", expiredAt, now);
    public static UiText Required(string property) =>
        UiText.Error(4000002, $"Property {property} is missing.", new() { ["property"] = property });

    private static UiText Expired(int id, string flow, DateTime expiredAt, DateTime now) => UiText.Error(id,
        $"The {flow} flow expired {(now - expiredAt).TotalMinutes:0.00} minutes ago, please try again.",
        new() { ["expired_at"] = expiredAt, ["expired_at_unix"] = new DateTimeOffset(expiredAt).ToUnixTimeSeconds() });
}
