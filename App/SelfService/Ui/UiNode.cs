using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace App.SelfService.Ui;

/// <summary>
/// One element of a flow's form (Kratos <c>ui/node/node.go</c>). Methods speak to renderers only
/// through nodes, so the Razor pages and the JSON API show the same thing.
/// </summary>
public sealed class UiNode
{
    [JsonPropertyName("type")] public string Type { get; set; } = "input";
    [JsonPropertyName("group")] public string Group { get; set; } = UiGroups.Default;
    [JsonPropertyName("attributes")] public UiNodeAttributes Attributes { get; set; } = new();
    [JsonPropertyName("messages")] public List<UiText> Messages { get; set; } = [];
    [JsonPropertyName("meta")] public UiMeta Meta { get; set; } = new();

    [JsonIgnore] public string? Name => Attributes.Name;
    [JsonIgnore] public string? Label => Meta.Label?.Text;
}

public sealed class UiMeta
{
    [JsonPropertyName("label"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public UiText? Label { get; set; }
}

/// <summary>
/// The union of Kratos's input, script and text attributes. Unset members are left out of the JSON,
/// which reproduces Kratos's shapes (for example <c>required</c> appears only when true).
/// </summary>
public sealed class UiNodeAttributes
{
    private const JsonIgnoreCondition Omit = JsonIgnoreCondition.WhenWritingNull;

    [JsonPropertyName("name"), JsonIgnore(Condition = Omit)] public string? Name { get; set; }
    [JsonPropertyName("type"), JsonIgnore(Condition = Omit)] public string? InputType { get; set; }
    [JsonPropertyName("value"), JsonIgnore(Condition = Omit)] public JsonNode? Value { get; set; }
    [JsonPropertyName("required"), JsonIgnore(Condition = Omit)] public bool? Required { get; set; }
    [JsonPropertyName("autocomplete"), JsonIgnore(Condition = Omit)] public string? Autocomplete { get; set; }
    [JsonPropertyName("pattern"), JsonIgnore(Condition = Omit)] public string? Pattern { get; set; }
    [JsonPropertyName("maxlength"), JsonIgnore(Condition = Omit)] public int? MaxLength { get; set; }
    [JsonPropertyName("disabled"), JsonIgnore(Condition = Omit)] public bool? Disabled { get; set; }
    [JsonPropertyName("onclick"), JsonIgnore(Condition = Omit)] public string? OnClick { get; set; }
    [JsonPropertyName("onclickTrigger"), JsonIgnore(Condition = Omit)] public string? OnClickTrigger { get; set; }
    [JsonPropertyName("onload"), JsonIgnore(Condition = Omit)] public string? OnLoad { get; set; }
    [JsonPropertyName("onloadTrigger"), JsonIgnore(Condition = Omit)] public string? OnLoadTrigger { get; set; }

    // script
    [JsonPropertyName("src"), JsonIgnore(Condition = Omit)] public string? Src { get; set; }
    [JsonPropertyName("async"), JsonIgnore(Condition = Omit)] public bool? Async { get; set; }
    [JsonPropertyName("referrerpolicy"), JsonIgnore(Condition = Omit)] public string? ReferrerPolicy { get; set; }
    [JsonPropertyName("crossorigin"), JsonIgnore(Condition = Omit)] public string? CrossOrigin { get; set; }
    [JsonPropertyName("integrity"), JsonIgnore(Condition = Omit)] public string? Integrity { get; set; }
    [JsonPropertyName("id"), JsonIgnore(Condition = Omit)] public string? Id { get; set; }
    [JsonPropertyName("nonce"), JsonIgnore(Condition = Omit)] public string? Nonce { get; set; }

    // a
    [JsonPropertyName("href"), JsonIgnore(Condition = Omit)] public string? Href { get; set; }
    [JsonPropertyName("title"), JsonIgnore(Condition = Omit)] public UiText? Title { get; set; }

    // text
    [JsonPropertyName("text"), JsonIgnore(Condition = Omit)] public UiText? Text { get; set; }

    [JsonPropertyName("node_type")] public string NodeType { get; set; } = "input";

    [JsonIgnore] public string ValueText => Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : Value?.ToJsonString() ?? "";
}

public static class UiGroups
{
    public const string Default = "default";
    public const string Passkey = "passkey";
    public const string WebAuthn = "webauthn";
    public const string Code = "code";
    public const string Profile = "profile";
    public const string Password = "password";
    public const string LookupSecret = "lookup_secret";
}
