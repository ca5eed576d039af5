using System.Text.Json.Nodes;
using App.Credentials.LookupSecrets;
using App.SelfService.Ui;

namespace App.SelfService.Methods.LookupSecret;

/// <summary>The lookup_secret group's nodes (Kratos <c>selfservice/strategy/lookup/nodes.go</c>, <c>login.go</c>).</summary>
public static class LookupSecretNodes
{
    public const string CodesId = "lookup_secret_codes";
    /// <summary>Not in Kratos: the count of codes left, as a text node beside Kratos's buttons.</summary>
    public const string RemainingId = "lookup_secret_remaining";

    public static UiNode LoginCode() =>
        NodeFactory.Input(UiGroups.LookupSecret, "lookup_secret", "text", JsonValue.Create(""), required: true, label: LookupSecretMessages.LoginLabel());

    public static UiNode LoginSubmit() =>
        NodeFactory.Input(UiGroups.LookupSecret, "method", "submit", JsonValue.Create("lookup_secret"), label: LookupSecretMessages.LoginSubmit());

    public static UiNode Reveal() => Toggle("lookup_secret_reveal", LookupSecretMessages.Reveal());
    public static UiNode Regenerate() => Toggle("lookup_secret_regenerate", LookupSecretMessages.Regenerate());
    public static UiNode Confirm() => Toggle("lookup_secret_confirm", LookupSecretMessages.Confirm());
    public static UiNode Disable() => Toggle("lookup_secret_disable", LookupSecretMessages.Disable());

    /// <summary>The list of codes: each new code in clear, or, for a saved set, whether it was used.</summary>
    public static UiNode Codes(IReadOnlyList<UiText> entries) =>
        Text(CodesId, LookupSecretMessages.List(entries), LookupSecretMessages.CodesLabel());

    public static UiNode Remaining(BackupCodeStatus status) => Text(RemainingId,
        status.Low ? LookupSecretMessages.RunningLow(status.Remaining, status.Total) : LookupSecretMessages.Remaining(status.Remaining, status.Total), null);

    private static UiNode Toggle(string name, UiText label) =>
        NodeFactory.Input(UiGroups.LookupSecret, name, "submit", JsonValue.Create("true"), label: label);

    private static UiNode Text(string id, UiText text, UiText? label) => new()
    {
        Type = "text",
        Group = UiGroups.LookupSecret,
        Attributes = new UiNodeAttributes { Text = text, Id = id, NodeType = "text" },
        Meta = new UiMeta { Label = label },
    };
}
