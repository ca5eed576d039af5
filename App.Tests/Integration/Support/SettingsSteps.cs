using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;

namespace App.Tests.Integration.Support;

/// <summary>The settings flow's passkey submissions, as an SPA posts them.</summary>
public static class SettingsSteps
{
    /// <summary>"Add passkey": the credential <paramref name="authenticator"/> makes for the flow's options.</summary>
    public static Task<HttpResponseMessage> AddPasskeyAsync(PortalClient client, JsonObject flow, SoftwareAuthenticator authenticator) =>
        AddCredentialAsync(client, flow, authenticator.Create(PortalClient.NodeValue(flow, "passkey_create_data"), client.Factory.Origin));

    public static Task<HttpResponseMessage> AddCredentialAsync(PortalClient client, JsonObject flow, string credential) =>
        Submit(client, flow, "passkey_settings_register", credential);

    /// <summary>"Remove passkey" for a hex credential id.</summary>
    public static Task<HttpResponseMessage> RemoveAsync(PortalClient client, JsonObject flow, string hexId) =>
        Submit(client, flow, "passkey_remove", hexId);

    public static Task<HttpResponseMessage> RemoveAsync(PortalClient client, JsonObject flow, SoftwareAuthenticator owner) =>
        RemoveAsync(client, flow, Convert.ToHexStringLower(owner.Credentials.Single().Id));

    private static Task<HttpResponseMessage> Submit(PortalClient client, JsonObject flow, string field, string value) =>
        client.SubmitJsonAsync("settings", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "passkey",
            ["csrf_token"] = PortalClient.Csrf(flow),
            [field] = value,
        });
}
