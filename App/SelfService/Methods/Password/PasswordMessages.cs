using App.SelfService.Ui;

namespace App.SelfService.Methods.Password;

/// <summary>
/// The password's texts on the settings flow. Kratos's settings change a password; here a password
/// can only be disabled, so these ids are the portal's own (1058xxx and 4018xxx are unused by Kratos).
/// </summary>
public static class PasswordMessages
{
    public static UiText State() => UiText.Info(1058001, "This account still has a password for signing in.");
    public static UiText Disable() => UiText.Info(1058002, "Disable password");
    public static UiText Disabled() => UiText.Success(1058003, "Your password is disabled. Sign in with your passkey from now on.");
    public static UiText NeedsPasskey() => UiText.Error(4018001, "Save a passkey before you disable your password, or you could not sign in any more.");
    public static UiText CannotChange() => UiText.Error(4018002, "Passwords cannot be set or changed here. Save a passkey instead.");
}
