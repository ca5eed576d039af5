using System.Text.Json;
using System.Text.Json.Serialization;
using App.Configuration;
using App.Sessions;

namespace App.KratosJson;

/// <summary>Kratos's <c>session</c> object, as <c>/sessions/whoami</c> returns it.</summary>
public sealed class SessionJson
{
    [JsonPropertyName("id")] public Guid Id { get; init; }
    [JsonPropertyName("active")] public bool Active { get; init; }
    [JsonPropertyName("expires_at")] public DateTime ExpiresAt { get; init; }
    [JsonPropertyName("authenticated_at")] public DateTime AuthenticatedAt { get; init; }
    [JsonPropertyName("authenticator_assurance_level")] public required string AuthenticatorAssuranceLevel { get; init; }
    [JsonPropertyName("authentication_methods")] public required List<AuthenticationMethodJson> AuthenticationMethods { get; init; }
    [JsonPropertyName("issued_at")] public DateTime IssuedAt { get; init; }
    [JsonPropertyName("identity")] public IdentityJson? Identity { get; init; }
    /// <summary>Always in whoami; in the admin API only when <c>expand=devices</c> asks for it.</summary>
    [JsonPropertyName("devices")] public List<DeviceJson>? Devices { get; init; }
    [JsonPropertyName("tokenized")] public string? Tokenized { get; init; }
    /// <summary>Not in Kratos: present only while the session is restricted, saying what lifts it.</summary>
    [JsonPropertyName("restriction"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public RestrictionJson? Restriction { get; init; }

    public static SessionJson From(Session session, Identities.Identity? identity, PortalSettings settings, bool withDevices = true) => new()
    {
        Id = session.Id,
        Active = session.Active,
        ExpiresAt = IdentityJson.Utc(session.ExpiresAt),
        AuthenticatedAt = IdentityJson.Utc(session.AuthenticatedAt),
        IssuedAt = IdentityJson.Utc(session.IssuedAt),
        AuthenticatorAssuranceLevel = session.Aal,
        AuthenticationMethods = (JsonSerializer.Deserialize<List<AuthenticationMethod>>(session.AuthenticationMethods) ?? [])
            .Select(m => new AuthenticationMethodJson(m.Method, m.Aal, IdentityJson.Utc(m.CompletedAt))).ToList(),
        Identity = identity is null ? null : IdentityJson.From(identity, settings),
        Devices = withDevices ? [new DeviceJson(session.Id, session.IpAddress, session.UserAgent)] : null,
        Restriction = session.Restriction is { } restriction ? RestrictionJson.For(restriction, settings) : null,
    };
}

public sealed record AuthenticationMethodJson(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("aal")] string Aal,
    [property: JsonPropertyName("completed_at")] DateTime CompletedAt);

public sealed record DeviceJson(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("ip_address")] string? IpAddress,
    [property: JsonPropertyName("user_agent")] string? UserAgent);

/// <summary>What a restricted session may not do yet, and where the user lifts the restriction.</summary>
public sealed record RestrictionJson(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("settings_url")] string SettingsUrl)
{
    public static RestrictionJson For(string id, PortalSettings settings) => new(id,
        "This session signed in without a passkey and must save a new passkey before anything else. Open the settings page and choose \"Add passkey\".",
        settings.BrowserFlowUrl(SelfService.Flows.FlowKinds.Settings));
}
