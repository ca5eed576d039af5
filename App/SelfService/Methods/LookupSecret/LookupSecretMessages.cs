using App.SelfService.Ui;

namespace App.SelfService.Methods.LookupSecret;

/// <summary>The lookup_secret method's texts, with Kratos's message ids (<c>text/message_login.go</c>, <c>message_settings.go</c>).</summary>
public static class LookupSecretMessages
{
    public static UiText LoginLabel() => UiText.Info(1010007, "Backup recovery code");
    public static UiText LoginSubmit() => UiText.Info(1010010, "Use backup recovery code");
    public static UiText Reveal() => UiText.Info(1050007, "Reveal backup recovery codes");
    public static UiText Regenerate() => UiText.Info(1050008, "Generate new backup recovery codes");
    public static UiText CodesLabel() => UiText.Info(1050010, "These are your back up recovery codes. Please keep them in a safe place!");
    public static UiText Confirm() => UiText.Info(1050011, "Confirm backup recovery codes");
    public static UiText Disable() => UiText.Info(1050016, "Disable this method");

    public static UiText Secret(string code) => UiText.Info(1050009, code, new() { ["secret"] = code });

    /// <summary>Kratos's "used" entry, its time written as Go prints a <c>time.Time</c>.</summary>
    public static UiText Used(DateTime usedAt)
    {
        var at = DateTime.SpecifyKind(usedAt, DateTimeKind.Utc);
        return UiText.Info(1050014, $"Secret was used at {at:yyyy-MM-dd HH:mm:ss} +0000 UTC", new()
        {
            ["used_at"] = at.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["used_at_unix"] = new DateTimeOffset(at).ToUnixTimeSeconds(),
        });
    }

    /// <summary>The list of codes: Kratos joins the entries' texts, "used" for a used one.</summary>
    public static UiText List(IReadOnlyList<UiText> entries) => UiText.Info(1050015,
        string.Join(", ", entries.Select(e => e.Id == 1050014 ? "used" : e.Text)), new() { ["secrets"] = entries.ToList() });

    public static UiText Invalid() => UiText.Error(4000016, "The backup recovery code is not valid.");

    public static string NothingToConfirm => "You must (re-)generate recovery backup codes before you can save them.";
    public static string NothingToReveal => "Can not reveal lookup codes because you have none.";

    // The portal keeps only hashes, so it cannot reveal a code again, and says how many are left.
    // Kratos has neither message; these ids are from the portal's own range (1059xxx, unused by Kratos).
    public static UiText Remaining(int remaining, int total) => UiText.Info(1059001,
        $"{remaining} of {total} backup codes left.", new() { ["remaining"] = remaining, ["total"] = total });

    public static UiText RunningLow(int remaining, int total) => UiText.Info(1059002,
        $"Only {remaining} of {total} backup codes left. Generate new ones before they run out.", new() { ["remaining"] = remaining, ["total"] = total });

    public static UiText Hidden() => UiText.Info(1059003, "hidden");
}
