using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;

namespace App.Tests.Integration.Support;

/// <summary>A legacy account imported with a password: the kind of account a security key guards.</summary>
public sealed record LegacyAccount(string Id, string Email, string Password);

/// <summary>Security keys as a second factor over the Kratos API, as an SPA posts them.</summary>
public static class SecondFactorSteps
{
    /// <summary>Portal settings with the webauthn method on, beside imported passwords (cheap to hash).</summary>
    public static Dictionary<string, string?> Enabled(string requiredAal = "highest_available") => new()
    {
        ["selfservice.methods.webauthn.enabled"] = "true",
        ["selfservice.methods.webauthn.config.passwordless"] = "false",
        ["selfservice.methods.password.enabled"] = "true",
        ["hashers.argon2.memory"] = "1MB",
        ["hashers.argon2.iterations"] = "1",
        ["session.whoami.required_aal"] = requiredAal,
    };

    /// <summary>A portal with those settings and its admin listener, which imports the accounts.</summary>
    public static PortalFactory StartPortal(string requiredAal = "highest_available") =>
        PortalFactory.StartKestrelWithAdmin(Enabled(requiredAal));

    /// <summary>Imports an account through the admin API, its password as a bcrypt hash or in clear.</summary>
    public static async Task<LegacyAccount> ImportAsync(PortalFactory portal, string name, bool bcrypt = true)
    {
        var email = $"{name}-{Guid.NewGuid():N}@example.com";
        var password = $"legacy {name} secret";
        var config = bcrypt
            ? new JsonObject { ["hashed_password"] = BCrypt.Net.BCrypt.HashPassword(password, 4) }
            : new JsonObject { ["password"] = password };
        var body = new JsonObject { ["traits"] = new JsonObject { ["email"] = email }, ["credentials"] = new JsonObject { ["password"] = new JsonObject { ["config"] = config } } };
        using var admin = new AdminSteps(portal);
        var response = await admin.SendAsync(HttpMethod.Post, "/admin/identities", body.ToJsonString());
        var created = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToJsonString());
        return new LegacyAccount(created["id"]!.GetValue<string>(), email, password);
    }

    /// <summary>A password sign-in on a browser flow in a new client; asserts it worked and returns the client with its cookie.</summary>
    public static async Task<(PortalClient Client, JsonObject Body)> PasswordFirstFactorAsync(PortalFactory portal, LegacyAccount account)
    {
        var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var response = await client.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "password",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["identifier"] = account.Email,
            ["password"] = account.Password,
        });
        var body = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return (client, body);
    }

    /// <summary>A legacy account that signed in by password and added <c>key</c>; returns the signed-in client too.</summary>
    public static async Task<(LegacyAccount Account, SoftwareAuthenticator Key, PortalClient Client)> LegacyWithKeyAsync(PortalFactory portal, string name, bool bcrypt = true)
    {
        var account = await ImportAsync(portal, name, bcrypt);
        var (client, _) = await PasswordFirstFactorAsync(portal, account);
        var key = NewKey();
        var added = await AddKeyAsync(client, key);
        Assert.True(added.StatusCode == HttpStatusCode.OK, (await Wire.ObjectAsync(added)).ToJsonString());
        return (account, key, client);
    }

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
