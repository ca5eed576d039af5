using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;

namespace App.Tests.Integration.Support;

/// <summary>Security keys as a second factor over the Kratos API, as an SPA posts them.</summary>
public static class SecondFactorSteps
{
    /// <summary>Portal settings with the webauthn method on.</summary>
    public static Dictionary<string, string?> Enabled(string requiredAal = "highest_available") => new()
    {
        ["selfservice.methods.webauthn.enabled"] = "true",
        ["selfservice.methods.webauthn.config.passwordless"] = "false",
        ["session.whoami.required_aal"] = requiredAal,
    };

    /// <summary>A key as a roaming authenticator makes it: not discoverable, no user verification.</summary>
    public static SoftwareAuthenticator NewKey() => new(discoverable: false, userVerification: false);

    /// <summary>"Add security key" in a fresh settings flow; returns the response.</summary>
    public static async Task<HttpResponseMessage> AddKeyAsync(PortalClient client, SoftwareAuthenticator key, string name = "Blue key")
    {
        var flow = await client.CreateBrowserFlowAsync("settings");
        var credential = key.Create(Options(flow, "webauthn_register_trigger"), client.Factory.Origin);
        return await client.SubmitJsonAsync("settings", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "webauthn",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["webauthn_register_displayname"] = name,
            ["webauthn_register"] = credential,
        });
    }

    public static async Task<HttpResponseMessage> RemoveKeyAsync(PortalClient client, SoftwareAuthenticator key)
    {
        var flow = await client.CreateBrowserFlowAsync("settings");
        return await client.SubmitJsonAsync("settings", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "webauthn",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["webauthn_remove"] = Convert.ToHexStringLower(key.Credentials.Single().Id),
        });
    }

    /// <summary>The second step: an aal2 login flow answered by <paramref name="key"/>.</summary>
    public static async Task<(JsonObject Flow, string Assertion, HttpResponseMessage Response)> SecondStepAsync(
        PortalClient client, SoftwareAuthenticator key, CeremonyTweaks? tweaks = null)
    {
        var flow = await client.CreateBrowserFlowAsync("login", "?aal=aal2");
        var assertion = key.Get(Options(flow, "webauthn_login_trigger"), client.Factory.Origin, tweaks);
        return (flow, assertion, await SubmitAssertionAsync(client, flow, assertion));
    }

    public static Task<HttpResponseMessage> SubmitAssertionAsync(PortalClient client, JsonObject flow, string assertion) =>
        client.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "webauthn",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["webauthn_login"] = assertion,
        });

    /// <summary>A passkey sign-in in a new client; asserts it worked and returns the client with its cookie.</summary>
    public static async Task<(PortalClient Client, JsonObject Body)> FirstFactorAsync(PortalFactory portal, SoftwareAuthenticator passkey)
    {
        var client = portal.NewClient();
        var (response, body) = await Journeys.LoginAsync(client, passkey);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return (client, body);
    }

    public static List<(string Method, string Aal)> Methods(JsonNode session) =>
        session["authentication_methods"]!.AsArray().Select(m => (m!["method"]!.GetValue<string>(), m["aal"]!.GetValue<string>())).ToList();

    /// <summary>The trigger's value: Kratos's <c>{"publicKey": …}</c> options.</summary>
    private static string Options(JsonObject flow, string trigger) =>
        PortalClient.Node(flow, trigger)?["attributes"]?["value"]?.GetValue<string>()
        ?? throw new Xunit.Sdk.XunitException($"The flow has no {trigger}: {flow.ToJsonString()}");
}
