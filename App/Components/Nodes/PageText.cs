using App.SelfService.Ui;

namespace App.Components.Nodes;

/// <summary>
/// Where the hosted pages word a Kratos text differently from the JSON API. The API keeps Kratos's
/// texts and ids so clients can translate by id; the pages use the names people are shown and
/// that tests address them by (the accessible-name contract).
/// </summary>
public static class PageText
{
    private static readonly Dictionary<int, string> Labels = new()
    {
        [1070013] = "Code",       // "Login code"
        [1010015] = "Send link",  // "Send sign in code": the email carries a link and a code
    };

    public static string? Label(UiNode node) =>
        node.Meta.Label is { } label && Labels.TryGetValue(label.Id, out var text) ? text : node.Meta.Label?.Text;
}
