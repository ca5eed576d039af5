using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using App.Configuration;
using App.Identities;

namespace App.KratosJson;

/// <summary>Kratos's <c>identity</c> object.</summary>
public sealed class IdentityJson
{
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("schema_id")] public required string SchemaId { get; init; }
    [JsonPropertyName("schema_url")] public required string SchemaUrl { get; init; }
    [JsonPropertyName("state")] public required string State { get; init; }
    [JsonPropertyName("state_changed_at")] public DateTime StateChangedAt { get; init; }
    [JsonPropertyName("traits")] public JsonNode? Traits { get; init; }
    [JsonPropertyName("verifiable_addresses")] public List<AddressJson> VerifiableAddresses { get; init; } = [];
    [JsonPropertyName("recovery_addresses")] public List<AddressJson> RecoveryAddresses { get; init; } = [];
    [JsonPropertyName("metadata_public"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public JsonNode? MetadataPublic { get; init; }
    [JsonPropertyName("metadata_admin")] public JsonNode? MetadataAdmin { get; init; }
    [JsonPropertyName("created_at")] public DateTime CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public DateTime UpdatedAt { get; init; }
    [JsonPropertyName("organization_id"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public Guid? OrganizationId { get; init; }
    [JsonPropertyName("external_id")] public string? ExternalId { get; init; }
    /// <summary>Only in the admin API, by type, as a summary (<see cref="CredentialsJson"/>).</summary>
    [JsonPropertyName("credentials"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public Dictionary<string, CredentialsJson>? Credentials { get; init; }

    public static IdentityJson From(Identity identity, PortalSettings settings, bool includeAdminMetadata = false,
        Dictionary<string, CredentialsJson>? credentials = null) => new()
    {
        Id = identity.Id,
        SchemaId = identity.SchemaId,
        SchemaUrl = settings.PublicUrl("schemas/" + Ceremonies.Base64Url.Encode(System.Text.Encoding.UTF8.GetBytes(identity.SchemaId))),
        State = identity.State,
        StateChangedAt = Utc(identity.StateChangedAt),
        Traits = JsonNode.Parse(identity.Traits),
        VerifiableAddresses = identity.Identifiers.Select(a => AddressJson.Verifiable(a)).ToList(),
        RecoveryAddresses = identity.Identifiers.Where(a => a.ReplacesId is null).Select(a => AddressJson.Recovery(a)).ToList(),
        MetadataPublic = identity.MetadataPublic is null ? null : JsonNode.Parse(identity.MetadataPublic),
        MetadataAdmin = includeAdminMetadata && identity.MetadataAdmin is not null ? JsonNode.Parse(identity.MetadataAdmin) : null,
        CreatedAt = Utc(identity.CreatedAt),
        UpdatedAt = Utc(identity.UpdatedAt),
        ExternalId = identity.ExternalId,
        Credentials = credentials,
    };

    internal static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}

public sealed class AddressJson
{
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("value")] public required string Value { get; init; }
    [JsonPropertyName("verified")] public bool? Verified { get; init; }
    [JsonPropertyName("via")] public string Via { get; init; } = "email";
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("verified_at")] public DateTime? VerifiedAt { get; init; }
    [JsonPropertyName("created_at")] public DateTime CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public DateTime UpdatedAt { get; init; }

    public static AddressJson Verifiable(IdentityIdentifier a) => new()
    {
        Id = a.Id, Value = a.Value, Verified = a.Verified, Status = a.Verified ? "completed" : a.VerificationSentAt is null ? "pending" : "sent",
        VerifiedAt = a.VerifiedAt is { } at ? IdentityJson.Utc(at) : null,
        CreatedAt = IdentityJson.Utc(a.CreatedAt), UpdatedAt = IdentityJson.Utc(a.UpdatedAt),
    };

    public static AddressJson Recovery(IdentityIdentifier a) => new()
    {
        Id = a.Id, Value = a.Value, CreatedAt = IdentityJson.Utc(a.CreatedAt), UpdatedAt = IdentityJson.Utc(a.UpdatedAt),
    };
}
