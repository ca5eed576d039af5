using System.Text.Json.Nodes;
using App.SelfService.Ui;

namespace App.SelfService.Methods.Passkey;

/// <summary>
/// Renaming a passkey: this portal's addition to Kratos's passkey settings method, which has no
/// rename. <c>passkey_rename</c> carries the hex credential id, as <c>passkey_remove</c> does, and
/// <c>passkey_rename_name</c> the new name.
/// </summary>
public static class PasskeyRename
{
    public const string IdField = "passkey_rename";
    public const string NameField = "passkey_rename_name";
    public const int MaxLength = 64;

    /// <summary>The name as it will be kept, or null when it is empty or too long after trimming.</summary>
    public static string? Clean(string? name)
    {
        var trimmed = name?.Trim();
        return trimmed is { Length: > 0 and <= MaxLength } && !trimmed.Any(char.IsControl) ? trimmed : null;
    }

    public static UiText Invalid() => UiText.Error(4069101, $"A passkey's name must be 1 to {MaxLength} characters long.");

    /// <summary>One rename submit per passkey, valued with the hex credential id, beside its remove node.</summary>
    public static UiNode Node(Credentials.Passkeys.Passkey passkey) =>
        NodeFactory.Input(UiGroups.Passkey, IdField, "submit", JsonValue.Create(Convert.ToHexStringLower(passkey.CredentialId)),
            label: UiText.Info(1069106, $"Rename passkey \"{passkey.DisplayName}\"", new() { ["display_name"] = passkey.DisplayName }));

    /// <summary>The name field the rename submits with.</summary>
    public static UiNode NameInput() =>
        NodeFactory.Input(UiGroups.Passkey, NameField, "text", JsonValue.Create(""), label: UiText.Info(1069107, "Passkey name"));
}
