using App.Localization;
using App.SelfService.Ui;

namespace App.Components.Nodes;

/// <summary>
/// A node's label as the hosted pages show it: in the page's language, by Kratos message id. The
/// JSON API keeps Kratos's English texts and ids so clients can translate by id; the pages' own
/// wording (1070013 "Code", 1010015 "Send link") is the accessible-name contract the tests use.
/// </summary>
public static class PageText
{
    public static string? Label(UiNode node, Texts texts) => node.Meta.Label is { } label ? texts.Message(label) : null;
}
