using System.Text.Json.Nodes;

namespace App.SelfService.Ui;

/// <summary>Builds the node shapes Kratos uses, so each method states only what differs.</summary>
public static class NodeFactory
{
    public static UiNode Input(string group, string name, string type, JsonNode? value = null, bool required = false,
        string? autocomplete = null, UiText? label = null) => new()
    {
        Type = "input",
        Group = group,
        Attributes = new UiNodeAttributes
        {
            Name = name,
            InputType = type,
            Value = value,
            Required = required ? true : null,
            Autocomplete = autocomplete,
            Disabled = false,
            NodeType = "input",
        },
        Meta = new UiMeta { Label = label },
    };

    public static UiNode Hidden(string group, string name, string? value = null) =>
        Input(group, name, "hidden", value is null ? null : JsonValue.Create(value));

    /// <summary>The CSRF node every browser flow carries; its value is filled in per response.</summary>
    public static UiNode Csrf() => Input(UiGroups.Default, "csrf_token", "hidden", required: true);

    public static UiNode Script(string group, string id, string src, string integrity) => new()
    {
        Type = "script",
        Group = group,
        Attributes = new UiNodeAttributes
        {
            Src = src,
            Async = true,
            ReferrerPolicy = "no-referrer",
            CrossOrigin = "anonymous",
            Integrity = integrity,
            InputType = "text/javascript",
            Id = id,
            NodeType = "script",
        },
    };

    /// <summary>A link node (Kratos <c>node.NewAnchorField</c>), such as "Continue" after a verification.</summary>
    public static UiNode Anchor(string group, string id, string href, UiText title) => new()
    {
        Type = "a",
        Group = group,
        Attributes = new UiNodeAttributes { Id = id, Href = href, Title = title, NodeType = "a" },
        Meta = new UiMeta { Label = title },
    };
}
