using System.Text.Json.Nodes;
using App.Ceremonies;
using App.Identities;
using App.Sessions;
using App.SelfService.Ui;

namespace App.SelfService.Methods.Passkey;

/// <summary>
/// "Passkey saved to this device. Save another passkey for a backup?" (this portal's, not Kratos's).
/// An account with one passkey loses everything with that device, so the settings flow asks for a
/// second one on a phone or a security key. "Later" is remembered on the identity: the question
/// comes back once, after a later sign-in, and then never.
/// </summary>
public static class BackupPasskeyPrompt
{
    public const string PromptId = "passkey_backup_prompt";
    public const string TargetField = "passkey_backup";
    public const string LaterField = "passkey_backup_later";
    /// <summary>Not in Kratos: the warning of an account with one passkey and no backup codes.</summary>
    public const string WarningId = "passkey_single_warning";

    /// <summary>"Later" twice is "no".</summary>
    public const int MaxDeclines = 2;

    public static bool IsDue(Identity identity, int passkeys, Session session) =>
        passkeys == 1 && identity.BackupPasskeyDeclines switch
        {
            0 => true,
            < MaxDeclines => identity.BackupPasskeyDeclinedAt is not { } declined || session.AuthenticatedAt > declined,
            _ => false,
        };

    public static void Decline(Identity identity, DateTime now)
    {
        identity.BackupPasskeyDeclines = Math.Min(identity.BackupPasskeyDeclines + 1, MaxDeclines);
        identity.BackupPasskeyDeclinedAt = now;
    }

    public static readonly UiText Question = UiText.Info(1069101, "✓ Passkey saved to this device. Save another passkey for a backup?");
    public static readonly UiText OnPhone = UiText.Info(1069102, "On phone");
    public static readonly UiText OnHardwareKey = UiText.Info(1069103, "On hardware key");
    public static readonly UiText Later = UiText.Info(1069104, "Later");

    public static IEnumerable<UiNode> Nodes()
    {
        yield return Text(PromptId, Question);
        yield return Submit(TargetField, AuthenticatorTargets.Name(AuthenticatorTarget.Phone), OnPhone);
        yield return Submit(TargetField, AuthenticatorTargets.Name(AuthenticatorTarget.SecurityKey), OnHardwareKey);
        yield return Submit(LaterField, "true", Later);
    }

    public static UiNode Warning() =>
        Text(WarningId, UiText.Info(1069105, "You have only one passkey and no backup codes. If you lose this device, you lose this account."));

    private static UiNode Submit(string name, string value, UiText label) =>
        NodeFactory.Input(UiGroups.Passkey, name, "submit", JsonValue.Create(value), label: label);

    private static UiNode Text(string id, UiText text) => new()
    {
        Type = "text",
        Group = UiGroups.Passkey,
        Attributes = new UiNodeAttributes { Text = text, Id = id, NodeType = "text" },
    };
}
