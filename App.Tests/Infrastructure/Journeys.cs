using System.Text.Json.Nodes;
using App.Tests.Authenticator;

namespace App.Tests.Infrastructure;

/// <summary>Complete passkey journeys over HTTP with the software authenticator.</summary>
public static class Journeys
{
    /// <summary>Registers a new account through the SPA API and returns the success body.</summary>
    public static async Task<(HttpResponseMessage Response, JsonObject Body)> RegisterAsync(
        PortalClient client, SoftwareAuthenticator authenticator, string email, CeremonyTweaks? tweaks = null)
    {
        var flow = await client.CreateBrowserFlowAsync("registration");
        var credential = authenticator.Create(PortalClient.NodeValue(flow, "passkey_create_data"), client.Factory.Origin, tweaks);
        var response = await client.SubmitJsonAsync("registration", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "passkey",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["traits"] = new JsonObject { ["email"] = email },
            ["passkey_register"] = credential,
        });
        return (response, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>Signs in with a discoverable passkey through the SPA API.</summary>
    public static async Task<(HttpResponseMessage Response, JsonObject Body)> LoginAsync(
        PortalClient client, SoftwareAuthenticator authenticator, CeremonyTweaks? tweaks = null)
    {
        var flow = await client.CreateBrowserFlowAsync("login");
        var assertion = authenticator.Get(PortalClient.NodeValue(flow, "passkey_challenge"), client.Factory.Origin, tweaks);
        var response = await client.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "passkey",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["passkey_login"] = assertion,
        });
        return (response, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
