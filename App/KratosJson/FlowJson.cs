using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using App.SelfService.Flows;
using App.SelfService.Ui;

namespace App.KratosJson;

/// <summary>Kratos's <c>loginFlow</c>, <c>registrationFlow</c>, <c>settingsFlow</c> and <c>recoveryFlow</c>.</summary>
public sealed class FlowJson
{
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("expires_at")] public DateTime ExpiresAt { get; init; }
    [JsonPropertyName("issued_at")] public DateTime IssuedAt { get; init; }
    [JsonPropertyName("request_url")] public required string RequestUrl { get; init; }
    [JsonPropertyName("return_to")] public string? ReturnTo { get; init; }
    [JsonPropertyName("active")] public string? Active { get; init; }
    [JsonPropertyName("ui")] public required UiContainer Ui { get; init; }
    // Kratos's registration and settings flows keep their timestamps to themselves (json:"-").
    [JsonPropertyName("created_at")] public DateTime? CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public DateTime? UpdatedAt { get; init; }
    [JsonPropertyName("refresh")] public bool? Refresh { get; init; }
    [JsonPropertyName("requested_aal")] public string? RequestedAal { get; init; }
    [JsonPropertyName("state")] public required string State { get; init; }
    /// <summary>
    /// <c>null</c> on the wire for every flow but settings, which has no such key in Kratos: an unset
    /// element is left out, a JSON null is written.
    /// </summary>
    [JsonPropertyName("organization_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public System.Text.Json.JsonElement OrganizationId { get; init; }
    [JsonPropertyName("transient_payload")] public JsonObject? TransientPayload { get; init; }
    /// <summary>Only in the answer that creates an api flow with <c>return_session_token_exchange_code=true</c>.</summary>
    [JsonPropertyName("session_token_exchange_code")] public string? SessionTokenExchangeCode { get; init; }
    /// <summary>Settings flows carry the identity they change.</summary>
    [JsonPropertyName("identity"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IdentityJson? Identity { get; init; }
    /// <summary>What follows a completed recovery: the settings flow, and for native apps the session token.</summary>
    [JsonPropertyName("continue_with"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public List<ContinueWith>? ContinueWith { get; init; }

    public static FlowJson From(Flow flow, UiContainer ui, IdentityJson? identity = null, List<ContinueWith>? continueWith = null) => new()
    {
        Id = flow.Id,
        Type = flow.Type,
        ExpiresAt = IdentityJson.Utc(flow.ExpiresAt),
        IssuedAt = IdentityJson.Utc(flow.IssuedAt),
        RequestUrl = flow.RequestUrl,
        ReturnTo = flow.ReturnTo,
        Active = flow.Active,
        Ui = ui,
        CreatedAt = HasTimestamps(flow) ? IdentityJson.Utc(flow.CreatedAt) : null,
        UpdatedAt = HasTimestamps(flow) ? IdentityJson.Utc(flow.UpdatedAt) : null,
        OrganizationId = flow.Kind == FlowKinds.Settings ? default : NoOrganization,
        Refresh = flow.Kind == FlowKinds.Login ? flow.Refresh : null,
        RequestedAal = flow.Kind == FlowKinds.Login ? flow.RequestedAal : null,
        State = flow.State,
        Identity = identity,
        ContinueWith = continueWith,
        SessionTokenExchangeCode = flow.SessionTokenExchangeCode,
    };

    private static bool HasTimestamps(Flow flow) => flow.Kind is not (FlowKinds.Registration or FlowKinds.Settings);

    private static readonly System.Text.Json.JsonElement NoOrganization = System.Text.Json.JsonDocument.Parse("null").RootElement.Clone();
}
