using App.Ceremonies;
using App.SelfService.Ui;

namespace App.SelfService.Methods.Passkey;

/// <summary>
/// What the user is told when a ceremony fails. The precise reason goes to the audit log, never to
/// the page: it would help an attacker more than the user.
/// </summary>
public static class PasskeyMessages
{
    public static UiText For(CeremonyFailure failure, bool signIn) => failure switch
    {
        CeremonyFailure.Expired => Messages.Generic("That took too long. Please try again."),
        CeremonyFailure.Malformed => Messages.Generic("The passkey response could not be read. Please try again."),
        CeremonyFailure.NoPendingChallenge => Messages.Generic("This attempt was already used. Please try again."),
        _ when signIn => Messages.Generic("That passkey could not be verified. Try again, or use email instead."),
        _ => Messages.Generic("The passkey could not be saved. Please try again."),
    };
}
