using System.Net;
using System.Text.Json.Nodes;
using App.Data;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// The settings flow's passkey method over the Kratos API: the nodes Kratos shows, adding a
/// passkey from another device, removing one, never the last, and only by the flow's own identity.
/// </summary>
public sealed class SettingsTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    /// <summary>A new account signed in with its first passkey, in <paramref name="client"/>'s cookie jar.</summary>
    private async Task<(PortalClient Client, SoftwareAuthenticator Phone, string Email)> SignedUpAsync()
    {
        var client = portal.NewClient();
        var phone = new SoftwareAuthenticator();
        var email = $"settings-{Guid.NewGuid():N}@example.com";
        var (response, _) = await Journeys.RegisterAsync(client, phone, email);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (client, phone, email);
    }

    private static List<JsonObject> RemoveNodes(JsonObject flow) =>
        Wire.Nodes(flow).Where(n => n["attributes"]!["name"]?.GetValue<string>() == "passkey_remove").ToList();

    private static async Task AddSecondPasskeyAsync(PortalClient client, SoftwareAuthenticator laptop)
    {
        var response = await SettingsSteps.AddPasskeyAsync(client, await client.CreateBrowserFlowAsync("settings"), laptop);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_session_JSON_gets_401_and_a_browser_is_sent_to_sign_in_and_back()
    {
        using var client = portal.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/self-service/settings/browser");
        request.Headers.Accept.ParseAdd("application/json");
        await Wire.AssertErrorAsync(await client.Http.SendAsync(request), HttpStatusCode.Unauthorized, "session_inactive");

        var browser = await client.Http.GetAsync("/self-service/settings/browser");
        Assert.Equal(HttpStatusCode.SeeOther, browser.StatusCode);
        var location = browser.Headers.Location!.ToString();
        Assert.StartsWith(portal.BaseUrl + "/self-service/login/browser?return_to=", location);
        Assert.Contains(Uri.EscapeDataString(portal.BaseUrl + "/self-service/settings/browser"), location);

        var page = await client.Http.GetAsync("/settings");
        Assert.InRange((int)page.StatusCode, 300, 399);
        Assert.StartsWith(portal.BaseUrl + "/self-service/login/browser?return_to=", page.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_flow_carries_the_identity_and_Kratos_settings_nodes_with_the_only_passkey_not_removable()
    {
        var (client, phone, email) = await SignedUpAsync();
        using var _ = client;
        var flow = await client.CreateBrowserFlowAsync("settings");

        Assert.Equal("browser", flow["type"]!.GetValue<string>());
        Assert.Equal("show_form", flow["state"]!.GetValue<string>());
        Assert.Equal(email, flow["identity"]!["traits"]!["email"]!.GetValue<string>());
        Assert.Equal($"{portal.BaseUrl}/self-service/settings?flow={PortalClient.Id(flow)}", flow["ui"]!["action"]!.GetValue<string>());

        var names = Wire.Nodes(flow).Select(n => n["attributes"]!["name"]?.GetValue<string>() ?? n["attributes"]!["id"]!.GetValue<string>()).ToList();
        // One passkey: the portal's backup question and single-passkey warning come after Kratos's nodes.
        Assert.Equal(["csrf_token", "webauthn_script", "passkey_remove", "passkey_register_trigger", "passkey_settings_register",
            "passkey_backup_prompt", "passkey_backup", "passkey_backup", "passkey_backup_later", "passkey_single_warning", "passkey_create_data",
            "traits.email", "method", "lookup_secret_regenerate"], names);
        Snapshots.AssertSameNodes(Snapshots.Load("TestPopulateSettingsMethod-method=PopulateSettingsMethod-type=browser.json"),
            Wire.Nodes(flow).Where(n => n["attributes"]!["name"]?.GetValue<string>() != "passkey_remove" && n["group"]!.GetValue<string>() is not ("lookup_secret" or "profile") && !PortalsOwn(n)));

        // Kratos's "last credential" node, with our passkey's id, name and date.
        var remove = RemoveNodes(flow).Single();
        Assert.True(remove["attributes"]!["disabled"]!.GetValue<bool>());
        Assert.Equal(Convert.ToHexStringLower(phone.Credentials.Single().Id), remove["attributes"]!["value"]!.GetValue<string>());
        var label = remove["meta"]!["label"]!;
        Assert.Equal(1050020, label["id"]!.GetValue<int>());
        var name = label["context"]!["display_name"]!.GetValue<string>();
        Assert.Equal($"Remove passkey \"{name}\"", label["text"]!.GetValue<string>());
        Assert.True(label["context"]!["added_at_unix"]!.GetValue<long>() > 0);
        var kratos = Snapshots.Load("TestCompleteSettings-case=fails_to_remove_passkey_if_it_is_the_last_credential_available-type=browser-response.json").Single();
        Assert.True(JsonNode.DeepEquals(WithoutValues(kratos), WithoutValues(remove)), remove.ToJsonString());

        // The creation options are bare, for this identity's user handle, and exclude its passkey.
        var options = Wire.ParseObject(PortalClient.NodeValue(flow, "passkey_create_data"));
        Assert.Equal(["publicKey"], options.Select(p => p.Key));
        var publicKey = options["publicKey"]!;
        Assert.Equal(phone.Credentials.Single().UserHandle, Authenticator.Base64Url.Decode(publicKey["user"]!["id"]!.GetValue<string>()));
        Assert.Equal(email, publicKey["user"]!["name"]!.GetValue<string>());
        var excluded = publicKey["excludeCredentials"]!.AsArray().Select(c => c!["id"]!.GetValue<string>());
        Assert.Equal([Authenticator.Base64Url.Encode(phone.Credentials.Single().Id)], excluded);
    }

    [Fact]
    public async Task The_api_flow_has_the_same_nodes_without_script_or_raw_javascript()
    {
        var (client, _, _) = await SignedUpAsync();
        using var __ = client;
        var token = await ApiTokenAsync(client);
        var request = new HttpRequestMessage(HttpMethod.Get, "/self-service/settings/api");
        request.Headers.Add("X-Session-Token", token);
        var response = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var flow = await Wire.ObjectAsync(response);
        Assert.Equal("api", flow["type"]!.GetValue<string>());
        Snapshots.AssertSameNodes(Snapshots.Load("TestPopulateSettingsMethod-method=PopulateSettingsMethod-type=api.json"),
            Wire.Nodes(flow).Where(n => n["attributes"]!["name"]?.GetValue<string>() != "passkey_remove" && n["group"]!.GetValue<string>() is not ("lookup_secret" or "profile") && !PortalsOwn(n)));
    }

    [Fact]
    public async Task A_second_passkey_is_added_signs_in_to_the_same_account_and_is_recorded_on_the_session()
    {
        var (client, _, _) = await SignedUpAsync();
        using var _ = client;
        var laptop = new SoftwareAuthenticator();
        var flow = await client.CreateBrowserFlowAsync("settings");
        var response = await SettingsSteps.AddPasskeyAsync(client, flow, laptop);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = await Wire.ObjectAsync(response);
        Assert.Equal("success", saved["state"]!.GetValue<string>());
        Assert.Contains(1050001, Wire.Ids(Wire.FlowMessages(saved)));
        var removes = RemoveNodes(saved);
        Assert.Equal(2, removes.Count);
        Assert.All(removes, n => Assert.False(n["attributes"]!["disabled"]!.GetValue<bool>()));
        // Same kind of authenticator, same system: the names still tell the two apart.
        var names = removes.Select(n => n["meta"]!["label"]!["context"]!["display_name"]!.GetValue<string>()).ToList();
        Assert.Equal(["Passkey", "Passkey (2)"], names);
        Assert.Single(Wire.Nodes(saved), n => n["type"]!.GetValue<string>() == "script");

        var whoami = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.Equal(["passkey", "passkey"], whoami["authentication_methods"]!.AsArray().Select(m => m!["method"]!.GetValue<string>()));

        using var elsewhere = portal.NewClient();
        var (signIn, body) = await Journeys.LoginAsync(elsewhere, laptop);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(whoami["identity"]!["id"]!.GetValue<string>(), body["session"]!["identity"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_removed_passkey_no_longer_signs_in_and_the_one_left_cannot_be_removed()
    {
        var (client, phone, _) = await SignedUpAsync();
        using var _ = client;
        var laptop = new SoftwareAuthenticator();
        await AddSecondPasskeyAsync(client, laptop);

        var flow = await client.CreateBrowserFlowAsync("settings");
        var response = await SettingsSteps.RemoveAsync(client, flow, Convert.ToHexStringLower(phone.Credentials.Single().Id));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = await Wire.ObjectAsync(response);
        var left = RemoveNodes(saved).Single();
        Assert.Equal(Convert.ToHexStringLower(laptop.Credentials.Single().Id), left["attributes"]!["value"]!.GetValue<string>());
        Assert.True(left["attributes"]!["disabled"]!.GetValue<bool>());

        using var elsewhere = portal.NewClient();
        var (refused, _) = await Journeys.LoginAsync(elsewhere, phone);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var last = await Wire.AssertFlowAsync(await SettingsSteps.RemoveAsync(client, saved, Convert.ToHexStringLower(laptop.Credentials.Single().Id)));
        Assert.Contains("lock you out", Wire.FlowMessages(last).Single()["text"]!.GetValue<string>());
        Assert.Equal(1, await PasskeyCountAsync());
        var (stillWorks, _) = await Journeys.LoginAsync(elsewhere, laptop);
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    [Theory]
    [InlineData("00ff00ff")]
    [InlineData("not-hex")]
    [InlineData("abc")]
    [InlineData("")]
    public async Task Removing_a_passkey_that_is_not_the_accounts_is_refused_with_a_message(string value)
    {
        var (client, _, _) = await SignedUpAsync();
        using var _ = client;
        await AddSecondPasskeyAsync(client, new SoftwareAuthenticator());
        var flow = await client.CreateBrowserFlowAsync("settings");
        var response = await SettingsSteps.RemoveAsync(client, flow, value);
        var refused = await Wire.AssertFlowAsync(response);
        Assert.Equal(2, RemoveNodes(refused).Count);
        Assert.Equal(2, await PasskeyCountAsync());
    }

    [Fact]
    public async Task Another_accounts_passkey_cannot_be_removed()
    {
        var (mine, _, _) = await SignedUpAsync();
        var (theirs, theirPhone, _) = await SignedUpAsync();
        using var _ = mine;
        using var __ = theirs;
        await AddSecondPasskeyAsync(theirs, new SoftwareAuthenticator());
        await AddSecondPasskeyAsync(mine, new SoftwareAuthenticator());
        var flow = await mine.CreateBrowserFlowAsync("settings");
        await Wire.AssertFlowAsync(await SettingsSteps.RemoveAsync(mine, flow, Convert.ToHexStringLower(theirPhone.Credentials.Single().Id)));
        Assert.Equal(4, await PasskeyCountAsync());
    }

    [Fact]
    public async Task Another_identitys_flow_is_refused_with_security_identity_mismatch()
    {
        // One browser: A opens settings, signs out, B signs up, and the page still holds A's flow.
        var (client, _, _) = await SignedUpAsync();
        using var _ = client;
        var flow = await client.CreateBrowserFlowAsync("settings");
        await SignOutAsync(client);
        var (registered, _) = await Journeys.RegisterAsync(client, new SoftwareAuthenticator(), $"other-{Guid.NewGuid():N}@example.com");
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);

        var get = new HttpRequestMessage(HttpMethod.Get, $"/self-service/settings/flows?id={PortalClient.Id(flow)}");
        get.Headers.Accept.ParseAdd("application/json");
        await Wire.AssertErrorAsync(await client.Http.SendAsync(get), HttpStatusCode.Forbidden, "security_identity_mismatch");
        await Wire.AssertErrorAsync(await SettingsSteps.AddCredentialAsync(client, flow, "{}"), HttpStatusCode.Forbidden, "security_identity_mismatch");
        Assert.Equal(2, await PasskeyCountAsync());
    }

    private static async Task SignOutAsync(PortalClient client)
    {
        var logout = await Wire.ObjectAsync(await client.Http.GetAsync("/self-service/logout/browser"));
        var done = await client.Http.GetAsync(logout["logout_url"]!.GetValue<string>());
        Assert.InRange((int)done.StatusCode, 300, 399);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
    }

    [Fact]
    public async Task A_credential_made_for_another_flow_is_refused()
    {
        var (client, _, _) = await SignedUpAsync();
        using var _ = client;
        var laptop = new SoftwareAuthenticator();
        var first = await client.CreateBrowserFlowAsync("settings");
        var second = await client.CreateBrowserFlowAsync("settings");
        var credential = laptop.Create(PortalClient.NodeValue(first, "passkey_create_data"), portal.Origin);
        var refused = await Wire.AssertFlowAsync(await SettingsSteps.AddCredentialAsync(client, second, credential));
        Assert.NotEmpty(Wire.NodeMessages(refused, "passkey_settings_register"));
        Assert.Equal(1, await PasskeyCountAsync());
    }

    [Fact]
    public async Task A_settings_submission_replayed_after_success_adds_nothing()
    {
        var (client, _, _) = await SignedUpAsync();
        using var _ = client;
        var laptop = new SoftwareAuthenticator();
        var flow = await client.CreateBrowserFlowAsync("settings");
        var credential = laptop.Create(PortalClient.NodeValue(flow, "passkey_create_data"), portal.Origin);
        Assert.Equal(HttpStatusCode.OK, (await SettingsSteps.AddCredentialAsync(client, flow, credential)).StatusCode);
        await Wire.AssertFlowAsync(await SettingsSteps.AddCredentialAsync(client, flow, credential));
        Assert.Equal(2, await PasskeyCountAsync());
    }

    private async Task<int> PasskeyCountAsync()
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Passkeys.CountAsync();
    }

    /// <summary>The portal's additions to the passkey group: the backup question and the single-passkey warning.</summary>
    private static bool PortalsOwn(JsonObject node) =>
        (node["attributes"]!["name"] ?? node["attributes"]!["id"])?.GetValue<string>() is "passkey_backup" or "passkey_backup_later" or "passkey_backup_prompt" or "passkey_single_warning";

    private static JsonObject WithoutValues(JsonObject node)
    {
        var copy = node.DeepClone().AsObject();
        copy["attributes"]!.AsObject().Remove("value");
        copy["meta"]!["label"]!.AsObject().Remove("text");
        copy["meta"]!["label"]!.AsObject().Remove("context");
        return copy;
    }

    /// <summary>Signs in again through an API flow for a session token.</summary>
    private async Task<string> ApiTokenAsync(PortalClient client)
    {
        var email = (await Wire.ObjectAsync(await client.WhoAmIAsync()))["identity"]!["traits"]!["email"]!.GetValue<string>();
        var authenticator = new SoftwareAuthenticator();
        await AddSecondPasskeyAsync(client, authenticator);
        using var api = portal.NewClient();
        var body = await Steps.ApiLoginAsync(api, authenticator);
        Assert.Equal(email, body["session"]!["identity"]!["traits"]!["email"]!.GetValue<string>());
        return body["session_token"]!.GetValue<string>();
    }
}
