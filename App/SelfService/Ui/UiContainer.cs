using System.Text.Json.Serialization;

namespace App.SelfService.Ui;

/// <summary>A flow's form: where it posts, its nodes and its flow-level messages (Kratos <c>uiContainer</c>).</summary>
public sealed class UiContainer
{
    [JsonPropertyName("action")] public string Action { get; set; } = "";
    [JsonPropertyName("method")] public string Method { get; set; } = "POST";
    [JsonPropertyName("nodes")] public List<UiNode> Nodes { get; set; } = [];
    [JsonPropertyName("messages"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<UiText>? Messages { get; set; }

    public UiNode? Find(string name) => Nodes.FirstOrDefault(n => n.Name == name);

    public void AddMessage(UiText message) => (Messages ??= []).Add(message);

    /// <summary>Replaces a node of the same name and group in place, or appends it.</summary>
    public void Upsert(UiNode node)
    {
        var index = Nodes.FindIndex(n => n.Name == node.Name && n.Group == node.Group && n.Name is not null);
        if (index >= 0) Nodes[index] = node; else Nodes.Add(node);
    }
}
