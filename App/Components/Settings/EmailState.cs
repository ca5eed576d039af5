using App.SelfService.Ui;

namespace App.Components.Settings;

/// <summary>
/// The account's email as the settings flow describes it: the profile group's <c>traits.*</c> field
/// (the address in force), whether it is verified, and a new address waiting for its code.
/// </summary>
/// <param name="Field">The trait path the field submits, such as <c>email</c>.</param>
/// <param name="VerifyUrl">Where the waiting address's code is entered: the verification flow the change started, or a new one.</param>
public sealed record EmailState(string Field, string Address, bool Verified, string? Pending, string VerifyUrl, IReadOnlyList<UiText> Messages)
{
    public static readonly EmailState Off = new("", "", false, null, "", []);
    public bool Available => Field.Length > 0;
}
