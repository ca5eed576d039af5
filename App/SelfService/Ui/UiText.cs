using System.Text.Json.Serialization;

namespace App.SelfService.Ui;

/// <summary>A message with a stable Kratos id, so clients can translate by id (Kratos <c>text.Message</c>).</summary>
public sealed record UiText(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("context"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Dictionary<string, object?>? Context = null)
{
    public static UiText Info(int id, string text, Dictionary<string, object?>? context = null) => new(id, text, "info", context);
    public static UiText Error(int id, string text, Dictionary<string, object?>? context = null) => new(id, text, "error", context);
    public static UiText Success(int id, string text, Dictionary<string, object?>? context = null) => new(id, text, "success", context);
}
