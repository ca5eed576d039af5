using System.Text.Json.Serialization;

namespace App.KratosJson;

/// <summary><c>successfulNativeLogin</c> / <c>successfulNativeRegistration</c> and their SPA forms.</summary>
public sealed class SuccessJson
{
    [JsonPropertyName("identity")] public IdentityJson? Identity { get; init; }
    /// <summary>Absent after a registration whose hooks leave out <c>session</c>.</summary>
    [JsonPropertyName("session")] public SessionJson? Session { get; init; }
    [JsonPropertyName("session_token")] public string? SessionToken { get; init; }
    [JsonPropertyName("continue_with")] public List<ContinueWith>? ContinueWith { get; init; }
}

/// <summary>Kratos <c>continueWith</c>, discriminated by <c>action</c>.</summary>
public sealed class ContinueWith
{
    [JsonPropertyName("action")] public required string Action { get; init; }
    [JsonPropertyName("redirect_browser_to")] public string? RedirectBrowserTo { get; init; }
    [JsonPropertyName("ory_session_token")] public string? OrySessionToken { get; init; }
    [JsonPropertyName("flow")] public ContinueWithFlow? Flow { get; init; }

    public static ContinueWith Redirect(string url) => new() { Action = "redirect_browser_to", RedirectBrowserTo = url };
    public static ContinueWith SessionToken(string token) => new() { Action = "set_ory_session_token", OrySessionToken = token };
    /// <summary><c>show_settings_ui</c> (or <c>show_recovery_ui</c>, …): the next flow to show, and its page.</summary>
    public static ContinueWith ShowFlow(string kind, Guid id, string url) => new() { Action = $"show_{kind}_ui", Flow = new ContinueWithFlow(id, url) };
}

/// <summary>Kratos <c>continueWithSettingsUiFlow</c> and its siblings.</summary>
public sealed record ContinueWithFlow(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url,
    [property: JsonPropertyName("verifiable_address"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? VerifiableAddress = null);
