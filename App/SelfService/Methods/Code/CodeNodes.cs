using System.Text.Json.Nodes;
using App.SelfService.Ui;

namespace App.SelfService.Methods.Code;

/// <summary>The code method's nodes, as Kratos's <c>selfservice/strategy/code</c> builds them.</summary>
public static class CodeNodes
{
    /// <summary>choose_method: the button that sends the email (label 1010015).</summary>
    public static UiNode Send() =>
        NodeFactory.Input(UiGroups.Code, "method", "submit", JsonValue.Create("code"), label: CodeMessages.SendLabel());

    /// <summary>
    /// sent_email: the form is rebuilt around the address, as Kratos does: the identifier becomes
    /// hidden, then the code field, "Continue" and "Resend code".
    /// </summary>
    public static void ShowCodeEntry(UiContainer ui, string identifier)
    {
        ui.Nodes.RemoveAll(n => n.Name != "csrf_token");
        ui.Nodes.Add(NodeFactory.Hidden(UiGroups.Default, "identifier", identifier));
        ui.Nodes.Add(NodeFactory.Hidden(UiGroups.Code, "method", "code"));
        var code = NodeFactory.Input(UiGroups.Code, "code", "text", required: true, autocomplete: "one-time-code", label: CodeMessages.CodeLabel());
        code.Attributes.Pattern = "[0-9]*";
        code.Attributes.MaxLength = 6;
        ui.Nodes.Add(code);
        ui.Nodes.Add(NodeFactory.Input(UiGroups.Code, "method", "submit", JsonValue.Create("code"), label: CodeMessages.ContinueLabel()));
        ui.Nodes.Add(NodeFactory.Input(UiGroups.Code, "resend", "submit", JsonValue.Create("code"), label: CodeMessages.ResendLabel()));
    }

    /// <summary>Recovery, choose_method: the address to recover (label 1070007) and "Continue" (1070009).</summary>
    public static IEnumerable<UiNode> RecoveryStart() =>
    [
        NodeFactory.Input(UiGroups.Code, "email", "email", required: true, label: Messages.LabelEmail()),
        NodeFactory.Input(UiGroups.Code, "method", "submit", JsonValue.Create("code"), label: CodeMessages.ContinueLabel()),
    ];

    /// <summary>
    /// Recovery, sent_email (Kratos <c>recoveryHandleFormSubmission</c>): the recovery code field, a
    /// hidden method, "Continue", and "Resend code", which posts the address again. A flow an
    /// administrator issued has no address: only the field and "Continue" (<c>strategy_recovery_admin.go</c>).
    /// </summary>
    public static void ShowRecoveryCodeEntry(UiContainer ui, string? address)
    {
        ui.Nodes.RemoveAll(n => n.Name != "csrf_token");
        var code = NodeFactory.Input(UiGroups.Code, "code", "text", required: true, autocomplete: "one-time-code", label: CodeMessages.RecoveryCodeLabel());
        code.Attributes.Pattern = "[0-9]+";
        code.Attributes.MaxLength = 6;
        ui.Nodes.Add(code);
        if (address is not null) ui.Nodes.Add(NodeFactory.Hidden(UiGroups.Code, "method", "code"));
        ui.Nodes.Add(NodeFactory.Input(UiGroups.Code, "method", "submit", JsonValue.Create("code"), label: CodeMessages.ContinueLabel()));
        if (address is not null)
            ui.Nodes.Add(NodeFactory.Input(UiGroups.Code, "email", "submit", JsonValue.Create(address), label: CodeMessages.ResendLabel()));
    }
}
