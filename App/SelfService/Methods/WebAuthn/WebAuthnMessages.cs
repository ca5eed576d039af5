using App.Ceremonies;
using App.SelfService.Ui;

namespace App.SelfService.Methods.WebAuthn;

/// <summary>Kratos's texts for security keys, and what the user is told when a ceremony fails.</summary>
public static class WebAuthnMessages
{
    public static UiText AddSecurityKey() => UiText.Info(1050012, "Add security key");
    public static UiText KeyName() => UiText.Info(1050013, "Name of the security key");
    /// <summary>Kratos v26.2.0's tests expect this wording (ui-snapshots/webauthn, flow=mfa).</summary>
    public static UiText UseSecurityKey() => UiText.Info(1010008, "Sign in with a hardware key");
    public static UiText SecondStep() => UiText.Info(1010004, "Please complete the second authentication challenge.");
    public static UiText RemoveSecurityKey(string name, DateTime addedAt) => UiText.Info(1050018, $"Remove security key \"{name}\"", new()
    {
        ["display_name"] = name,
        ["added_at"] = addedAt.ToString("yyyy-MM-ddTHH:mm:ssZ"),
        ["added_at_unix"] = new DateTimeOffset(DateTime.SpecifyKind(addedAt, DateTimeKind.Utc)).ToUnixTimeSeconds(),
    });

    public static UiText NotEligible() =>
        Messages.Generic("Security keys are a second factor for accounts that sign in with a password.");

    public static UiText For(CeremonyFailure failure, bool signIn) => failure switch
    {
        CeremonyFailure.Expired => Messages.Generic("That took too long. Please try again."),
        CeremonyFailure.Malformed => Messages.Generic("The security key's response could not be read. Please try again."),
        CeremonyFailure.NoPendingChallenge => Messages.Generic("This attempt was already used. Please try again."),
        CeremonyFailure.AlreadyRegistered => Messages.Generic("This security key is already saved."),
        CeremonyFailure.NotApproved => Messages.Generic("This kind of security key is not approved here. Use one your organisation approved."),
        CeremonyFailure.Compromised => Messages.Generic("This security key has been reported as unsafe and cannot be used. Use another one."),
        _ when signIn => Messages.Generic("That security key could not be verified. Try again with a key saved on this account."),
        _ => Messages.Generic("The security key could not be saved. Please try again."),
    };
}
