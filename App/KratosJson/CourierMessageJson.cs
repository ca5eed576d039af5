using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using App.Courier;

namespace App.KratosJson;

/// <summary>Kratos's courier <c>message</c> object (admin API).</summary>
public sealed class CourierMessageJson
{
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("channel")] public required string Channel { get; init; }
    [JsonPropertyName("recipient")] public required string Recipient { get; init; }
    [JsonPropertyName("subject")] public required string Subject { get; init; }
    [JsonPropertyName("body")] public required string Body { get; init; }
    [JsonPropertyName("template_type")] public required string TemplateType { get; init; }
    [JsonPropertyName("send_count")] public int SendCount { get; init; }
    [JsonPropertyName("created_at")] public DateTime CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public DateTime UpdatedAt { get; init; }
    [JsonPropertyName("dispatches"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<DispatchJson>? Dispatches { get; init; }

    public static CourierMessageJson From(CourierMessage message, bool withDispatches) => new()
    {
        Id = message.Id,
        Status = message.Status,
        Type = message.Type,
        Channel = message.Type,
        Recipient = message.Recipient,
        Subject = message.Subject,
        Body = message.Body,
        TemplateType = message.TemplateType,
        SendCount = message.SendCount,
        CreatedAt = DateTime.SpecifyKind(message.CreatedAt, DateTimeKind.Utc),
        UpdatedAt = DateTime.SpecifyKind(message.UpdatedAt, DateTimeKind.Utc),
        Dispatches = withDispatches ? message.Dispatches.OrderBy(d => d.CreatedAt).Select(DispatchJson.From).ToList() : null,
    };
}

/// <summary>Kratos's <c>messageDispatch</c>.</summary>
public sealed class DispatchJson
{
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("message_id")] public Guid MessageId { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonNode? Error { get; init; }
    [JsonPropertyName("created_at")] public DateTime CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public DateTime UpdatedAt { get; init; }

    public static DispatchJson From(CourierDispatch dispatch) => new()
    {
        Id = dispatch.Id,
        MessageId = dispatch.MessageId,
        Status = dispatch.Status,
        Error = dispatch.Error is null ? null : JsonNode.Parse(dispatch.Error),
        CreatedAt = DateTime.SpecifyKind(dispatch.CreatedAt, DateTimeKind.Utc),
        UpdatedAt = DateTime.SpecifyKind(dispatch.UpdatedAt, DateTimeKind.Utc),
    };
}
