using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using App.Audit;

namespace App.KratosJson;

/// <summary>An audit log entry as <c>GET /admin/audit</c> lists it (not a Kratos shape; Kratos has no audit API).</summary>
public sealed class AuditEventJson
{
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("time")] public DateTime Time { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("identity_id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public Guid? IdentityId { get; init; }
    [JsonPropertyName("session_id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public Guid? SessionId { get; init; }
    [JsonPropertyName("flow_id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public Guid? FlowId { get; init; }
    [JsonPropertyName("actor")] public required string Actor { get; init; }
    [JsonPropertyName("ip_address"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? IpAddress { get; init; }
    [JsonPropertyName("user_agent"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? UserAgent { get; init; }
    [JsonPropertyName("details"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public JsonNode? Details { get; init; }

    public static AuditEventJson From(AuditEvent entry) => new()
    {
        Id = entry.Id,
        Time = IdentityJson.Utc(entry.At),
        Type = entry.Type,
        IdentityId = entry.IdentityId,
        SessionId = entry.SessionId,
        FlowId = entry.FlowId,
        Actor = entry.Actor,
        IpAddress = entry.IpAddress,
        UserAgent = entry.UserAgent,
        Details = entry.Details is null ? null : JsonNode.Parse(entry.Details),
    };
}
