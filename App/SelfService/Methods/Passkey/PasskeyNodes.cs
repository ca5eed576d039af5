using System.Text.Json.Nodes;
using App.SelfService.Flows;
using App.SelfService.Ui;

namespace App.SelfService.Methods.Passkey;

/// <summary>The passkey group's nodes (Kratos <c>selfservice/strategy/passkey/nodes.go</c>).</summary>
public static class PasskeyNodes
{
    public static UiNode Challenge(JsonObject requestOptions) =>
        NodeFactory.Hidden(UiGroups.Passkey, "passkey_challenge", new JsonObject { ["publicKey"] = requestOptions }.ToJsonString());

    public static UiNode CreateData(JsonObject creationOptions, string displayNameField) =>
        NodeFactory.Hidden(UiGroups.Passkey, "passkey_create_data", new JsonObject
        {
            ["credentialOptions"] = new JsonObject { ["publicKey"] = creationOptions },
            ["displayNameFieldName"] = displayNameField,
        }.ToJsonString());

    /// <summary>Settings carry the bare <c>{"publicKey": …}</c> creation options, not registration's wrapper.</summary>
    public static UiNode SettingsCreateData(JsonObject creationOptions) =>
        NodeFactory.Hidden(UiGroups.Passkey, "passkey_create_data", new JsonObject { ["publicKey"] = creationOptions }.ToJsonString());

    /// <summary>One "Remove passkey" submit per passkey, valued with the hex credential id; the last one cannot be removed.</summary>
    public static UiNode Remove(Credentials.Passkeys.Passkey passkey, bool isLast)
    {
        var node = NodeFactory.Input(UiGroups.Passkey, "passkey_remove", "submit", JsonValue.Create(Convert.ToHexStringLower(passkey.CredentialId)),
            label: Messages.RemovePasskey(passkey.DisplayName.Length > 0 ? passkey.DisplayName : "unnamed", passkey.CreatedAt));
        node.Attributes.Disabled = isLast;
        // Not in Kratos: what the passkeys page shows of each one, beside Kratos's name and date.
        var context = node.Meta.Label!.Context!;
        context["aaguid"] = passkey.Aaguid is { } aaguid && aaguid != Guid.Empty ? aaguid.ToString() : null;
        context["backed_up"] = passkey.IsBackedUp;
        context["last_used_at"] = passkey.LastUsedAt?.ToString("yyyy-MM-ddTHH:mm:ssZ");
        context["last_used_user_agent"] = passkey.LastUsedUserAgent;
        return node;
    }

    /// <summary>A hidden input that receives the credential; browser flows name the trigger to run on load.</summary>
    public static UiNode Response(string name, Flow flow, string? onloadTrigger = null)
    {
        var node = NodeFactory.Hidden(UiGroups.Passkey, name);
        if (onloadTrigger is not null) SetTrigger(node.Attributes, flow, onloadTrigger, onload: true);
        return node;
    }

    public static UiNode Trigger(string name, string trigger, UiText label, Flow flow, bool emptyValue)
    {
        var node = NodeFactory.Input(UiGroups.Passkey, name, "button", emptyValue ? JsonValue.Create("") : null, label: label);
        SetTrigger(node.Attributes, flow, trigger, onload: false);
        return node;
    }

    /// <summary>API flows carry only the trigger's name; raw JavaScript is for browsers (Kratos passkey_login.go).</summary>
    private static void SetTrigger(UiNodeAttributes attributes, Flow flow, string trigger, bool onload)
    {
        var call = flow.Type == FlowTypes.Browser ? $"window.{trigger}()" : null;
        if (onload) { attributes.OnLoad = call; attributes.OnLoadTrigger = trigger; }
        else { attributes.OnClick = call; attributes.OnClickTrigger = trigger; }
    }
}
