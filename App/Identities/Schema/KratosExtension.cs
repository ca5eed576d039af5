namespace App.Identities.Schema;

/// <summary>
/// The <c>ory.sh/kratos</c> block of one trait: which credentials use the trait as identifier and
/// which channels (email/sms) it is an address for.
/// </summary>
public sealed record KratosExtension(
    bool PasskeyDisplayName,
    bool WebAuthnIdentifier,
    bool PasswordIdentifier,
    bool CodeIdentifier,
    string? CodeVia,
    string? VerificationVia,
    string? RecoveryVia,
    bool TotpAccountName)
{
    public static KratosExtension None { get; } = new(false, false, false, false, null, null, null, false);

    /// <summary>
    /// True when any channel sends mail to this trait. Kratos then checks the value as an email
    /// address even if the schema forgot <c>format: email</c>, so we do the same.
    /// </summary>
    public bool IsEmailAddress => CodeVia == "email" || VerificationVia == "email" || RecoveryVia == "email";

    /// <summary>True when any channel sends SMS to this trait (Kratos then checks it as a phone number).</summary>
    public bool IsPhoneNumber => CodeVia == "sms" || VerificationVia == "sms" || RecoveryVia == "sms";
}
