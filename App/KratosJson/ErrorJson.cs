using System.Text.Json.Serialization;

namespace App.KratosJson;

/// <summary>Kratos's <c>errorGeneric</c>: <c>{"error": {id, code, status, reason, message, details}}</c> plus flow-specific siblings.</summary>
public sealed class ErrorEnvelope
{
    [JsonPropertyName("error")] public required ErrorBody Error { get; init; }
    [JsonPropertyName("redirect_browser_to")] public string? RedirectBrowserTo { get; init; }
    [JsonPropertyName("use_flow_id")] public Guid? UseFlowId { get; init; }
    [JsonPropertyName("expired_at")] public DateTime? ExpiredAt { get; init; }
    [JsonPropertyName("since")] public long? Since { get; init; }
}

public sealed class ErrorBody
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("code")] public int Code { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    [JsonPropertyName("message")] public required string Message { get; init; }
    [JsonPropertyName("details")] public Dictionary<string, object?>? Details { get; init; }
}
