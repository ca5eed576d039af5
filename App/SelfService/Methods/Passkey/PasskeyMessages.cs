using App.Ceremonies;
using App.SelfService.Ui;

namespace App.SelfService.Methods.Passkey;

/// <summary>
/// What the user is told when a ceremony fails. The precise reason goes to the audit log, never to
/// the page: it would help an attacker more than the user.
/// </summary>
public static class PasskeyMessages
{
    /// <summary>
    /// A failed sign-in, with Kratos's message ids: 4000008 for a passkey that did not verify, 4000015
    /// for one no account has, 4000001 for a response that could not be read. The pages word them
    /// their own way by id; the JSON keeps Kratos's words.
    /// </summary>
    public static UiText ForSignIn(CeremonyFailure failure, string? reason) => failure switch
    {
        CeremonyFailure.Rejected when reason == CeremonyService.UnknownCredential => Messages.NoWebAuthnUser(),
        CeremonyFailure.Rejected => Messages.InvalidAuthenticationCode(),
        CeremonyFailure.Malformed => Messages.Generic("Unable to parse WebAuthn response."),
        _ => For(failure, signIn: true),
    };

    public static UiText For(CeremonyFailure failure, bool signIn) => failure switch
    {
        CeremonyFailure.Expired => Messages.Generic("That took too long. Please try again."),
        CeremonyFailure.Malformed => Messages.Generic("The passkey response could not be read. Please try again."),
        CeremonyFailure.NoPendingChallenge => Messages.Generic("This attempt was already used. Please try again."),
        CeremonyFailure.AlreadyRegistered => Messages.Generic("This passkey is already saved."),
        // Policy refusals name the rule: the user can do something about them, and they tell an attacker nothing new.
        CeremonyFailure.NotApproved => Messages.Generic("This kind of passkey or security key is not approved here. Use one your organisation approved."),
        CeremonyFailure.Compromised => Messages.Generic("This security key has been reported as unsafe and cannot be used. Use another one."),
        _ when signIn => Messages.Generic("That passkey could not be verified. Try again, or use email instead."),
        _ => Messages.Generic("The passkey could not be saved. Please try again."),
    };
}
