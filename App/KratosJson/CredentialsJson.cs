using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace App.KratosJson;

/// <summary>
/// Kratos's <c>identityCredentials</c>: one credential type of an identity. The admin API gives
/// <c>config</c> only when asked with <c>include_credential</c>, and then only a summary: never a
/// secret, a public key or a hash.
/// </summary>
public sealed class CredentialsJson
{
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("identifiers")] public required List<string> Identifiers { get; init; }
    [JsonPropertyName("config"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonObject? Config { get; init; }
    [JsonPropertyName("version")] public int Version { get; init; }
    [JsonPropertyName("created_at")] public DateTime CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public DateTime UpdatedAt { get; init; }
}
