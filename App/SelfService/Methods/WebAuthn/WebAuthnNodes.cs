using System.Text.Json.Nodes;
using App.Credentials.SecurityKeys;
using App.SelfService.Flows;
using App.SelfService.Ui;

namespace App.SelfService.Methods.WebAuthn;

/// <summary>The webauthn group's nodes (Kratos <c>selfservice/strategy/webauthn/nodes.go</c>).</summary>
public static class WebAuthnNodes
{
    public static UiNode RegisterDisplayName() =>
        NodeFactory.Input(UiGroups.WebAuthn, "webauthn_register_displayname", "text", JsonValue.Create(""), label: WebAuthnMessages.KeyName());

    public static UiNode RegisterInput() => NodeFactory.Hidden(UiGroups.WebAuthn, "webauthn_register", "");

    public static UiNode LoginInput() => NodeFactory.Hidden(UiGroups.WebAuthn, "webauthn_login", "");

    /// <summary>Kratos carries the ceremony's options as the trigger's value and, for browsers, in its onclick call.</summary>
    public static UiNode RegisterTrigger(JsonObject creationOptions, Flow flow) =>
        Trigger("webauthn_register_trigger", "oryWebAuthnRegistration", creationOptions, WebAuthnMessages.AddSecurityKey(), flow);

    public static UiNode LoginTrigger(JsonObject requestOptions, Flow flow) =>
        Trigger("webauthn_login_trigger", "oryWebAuthnLogin", requestOptions, WebAuthnMessages.UseSecurityKey(), flow);

    public static UiNode Remove(SecurityKey key)
    {
        return NodeFactory.Input(UiGroups.WebAuthn, "webauthn_remove", "submit", JsonValue.Create(Convert.ToHexStringLower(key.CredentialId)),
            label: WebAuthnMessages.RemoveSecurityKey(key.DisplayName.Length > 0 ? key.DisplayName : "unnamed", key.CreatedAt));
    }

    private static UiNode Trigger(string name, string trigger, JsonObject options, UiText label, Flow flow)
    {
        var json = new JsonObject { ["publicKey"] = options }.ToJsonString();
        var node = NodeFactory.Input(UiGroups.WebAuthn, name, "button", JsonValue.Create(json), label: label);
        node.Attributes.OnClickTrigger = trigger;
        // API flows carry only the trigger's name; raw JavaScript is for browsers.
        if (flow.Type == FlowTypes.Browser) node.Attributes.OnClick = $"window.{trigger}({json})";
        return node;
    }
}
