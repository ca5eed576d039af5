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
/// Security keys as a second factor (Kratos webauthn, passwordless: false) guarding an imported
/// password: added in settings after a password sign-in, asked for by an aal2 login flow that
/// upgrades the same session, required by whoami under highest_available, never a way to sign in on
/// their own, and neither offered to nor counted for an account without a password.
/// </summary>
public sealed class SecondFactorTests : IDisposable
{
    private const string SettingsSnapshot = "TestCompleteSettings-case=one_activation_element_is_shown.json";
    private const string LoginSnapshot = "TestCompleteLogin-flow=mfa-case=webauthn_payload_is_set_when_identity_has_webauthn.json";

    private readonly PortalFactory portal = SecondFactorSteps.StartPortal();

    public void Dispose() => portal.Dispose();

    private static IEnumerable<JsonObject> WebAuthnPart(JsonObject flow) =>
        Wire.Nodes(flow).Where(n => n["group"]!.GetValue<string>() == "webauthn" || Snapshots.Name(n) is "csrf_token" or "identifier");

    private async Task<(LegacyAccount Account, SoftwareAuthenticator Key)> AccountWithKeyAsync(bool bcrypt = true)
    {
        var (account, key, client) = await SecondFactorSteps.LegacyWithKeyAsync(portal, "key", bcrypt);
        client.Dispose();
        return (account, key);
    }

    private async Task<int> KeysOfAsync(string identityId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var id = Guid.Parse(identityId);
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SecurityKeys.CountAsync(k => k.IdentityId == id);
    }

    /// <summary>Where a password sign-in goes when no key is owed: the page that asks for a passkey.</summary>
    private static string NudgeUrl(PortalFactory portal) => portal.BaseUrl + "/passwordless";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public async Task Settings_offer_Kratos_webauthn_nodes_and_adding_a_key_makes_the_session_aal2()
    {
        var account = await SecondFactorSteps.ImportAsync(portal, "nodes");
        var (client, _) = await SecondFactorSteps.PasswordFirstFactorAsync(portal, account);
        using var _client = client;
        var flow = await client.CreateBrowserFlowAsync("settings");
        Snapshots.AssertSameNodes(Snapshots.Load(SettingsSnapshot), Wire.Nodes(flow).Where(n => n["group"]!.GetValue<string>() == "webauthn" || Snapshots.Name(n) == "csrf_token"));
        var trigger = PortalClient.Node(flow, "webauthn_register_trigger")!["attributes"]!;
        var options = Wire.ParseObject(trigger["value"]!.GetValue<string>())["publicKey"]!;
        // As Kratos asks for an MFA key: roaming, not discoverable, user verification discouraged.
        Assert.Equal("cross-platform", options["authenticatorSelection"]!["authenticatorAttachment"]!.GetValue<string>());
        Assert.Equal("discouraged", options["authenticatorSelection"]!["userVerification"]!.GetValue<string>());
        Assert.Equal("discouraged", options["authenticatorSelection"]!["residentKey"]!.GetValue<string>());
        Assert.StartsWith("window.oryWebAuthnRegistration(", trigger["onclick"]!.GetValue<string>());

        var key = SecondFactorSteps.NewKey();
        var added = await SecondFactorSteps.AddKeyAsync(client, key, "Blue key");
        var saved = await Wire.ObjectAsync(added);
        Assert.True(added.StatusCode == HttpStatusCode.OK, saved.ToJsonString());
        var remove = PortalClient.Node(saved, "webauthn_remove")!;
        Assert.Equal(Convert.ToHexStringLower(key.Credentials.Single().Id), remove["attributes"]!["value"]!.GetValue<string>());
        Assert.Equal(1050018, remove["meta"]!["label"]!["id"]!.GetValue<int>());
        Assert.Equal("Remove security key \"Blue key\"", remove["meta"]!["label"]!["text"]!.GetValue<string>());

        var whoami = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.Equal("aal2", whoami["authenticator_assurance_level"]!.GetValue<string>());
        Assert.Equal(("webauthn", "aal2"), SecondFactorSteps.Methods(whoami).Last());

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var identityId = await db.IdentityIdentifiers.Where(x => x.Value == account.Email).Select(x => x.IdentityId).SingleAsync();
        Assert.Equal(Guid.Parse(account.Id), identityId);
        Assert.Equal(1, await db.SecurityKeys.CountAsync(k => k.IdentityId == identityId));
        // It is not a passkey: the imported account had none and still has none.
        Assert.Equal(0, await db.Passkeys.CountAsync(p => p.IdentityId == identityId));
        Assert.Contains("settings.security_key_added", await db.AuditEvents.Where(e => e.IdentityId == identityId).Select(e => e.Type).ToListAsync());
    }

    [Fact]
    public async Task A_first_factor_sign_in_is_aal1_until_the_key_upgrades_the_same_session()
    {
        var (account, key) = await AccountWithKeyAsync();
        var (client, body) = await SecondFactorSteps.PasswordFirstFactorAsync(portal, account);
        using var _client = client;
        var aal2Url = portal.BaseUrl + "/self-service/login/browser?aal=aal2";
        Assert.Equal(aal2Url, body["continue_with"]![0]!["redirect_browser_to"]!.GetValue<string>());
        Assert.Equal("aal1", body["session"]!["authenticator_assurance_level"]!.GetValue<string>());
        Assert.Equal([("password", "aal1")], SecondFactorSteps.Methods(body["session"]!));
        var sessionId = body["session"]!["id"]!.GetValue<string>();

        var refused = await Wire.AssertErrorAsync(await client.WhoAmIAsync(), HttpStatusCode.Forbidden, "session_aal2_required");
        Assert.Equal(aal2Url, refused["redirect_browser_to"]!.GetValue<string>());
        Assert.Equal(aal2Url, refused["error"]!["details"]!["redirect_browser_to"]!.GetValue<string>());
        // Settings follow selfservice.flows.settings.required_aal, highest_available by default.
        await Wire.AssertErrorAsync(await client.CreateFlowRawAsync("settings", "browser"), HttpStatusCode.Forbidden, "session_aal2_required");

        var flow = await client.CreateBrowserFlowAsync("login", "?aal=aal2");
        Assert.Equal("aal2", flow["requested_aal"]!.GetValue<string>());
        Snapshots.AssertSameNodes(Snapshots.Load(LoginSnapshot), WebAuthnPart(flow));
        Assert.DoesNotContain(Wire.Nodes(flow), n => n["group"]!.GetValue<string>() is "passkey" or "code" or "lookup_secret" or "password");
        Assert.Equal([1010004], Wire.Ids(Wire.FlowMessages(flow)));

        var assertion = key.Get(PortalClient.NodeValue(flow, "webauthn_login_trigger"), portal.Origin);
        var done = await SecondFactorSteps.SubmitAssertionAsync(client, flow, assertion);
        var success = await Wire.ObjectAsync(done);
        Assert.True(done.StatusCode == HttpStatusCode.OK, success.ToJsonString());
        Assert.Equal(sessionId, success["session"]!["id"]!.GetValue<string>());

        var whoami = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.Equal(sessionId, whoami["id"]!.GetValue<string>());
        Assert.Equal("aal2", whoami["authenticator_assurance_level"]!.GetValue<string>());
        Assert.Equal([("password", "aal1"), ("webauthn", "aal2")], SecondFactorSteps.Methods(whoami));

        // Replayed: the flow is used up and the ceremony consumed.
        var replay = await SecondFactorSteps.SubmitAssertionAsync(client, flow, assertion);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        // Done already: a new aal2 flow is refused as Kratos does.
        await Wire.AssertErrorAsync(await client.CreateFlowRawAsync("login", "browser", "?aal=aal2"), HttpStatusCode.Unauthorized, "session_aal_already_fulfilled");
    }

    [Fact]
    public async Task Forged_and_replayed_assertions_are_refused_and_leave_the_session_aal1()
    {
        var (account, key) = await AccountWithKeyAsync(bcrypt: false);
        var (client, _) = await SecondFactorSteps.PasswordFirstFactorAsync(portal, account);
        using var _client = client;

        var (_, _, wrongOrigin) = await SecondFactorSteps.SecondStepAsync(client, key, new CeremonyTweaks { Origin = "https://evil.example" });
        Assert.True(Wire.IsFlow(await Wire.BodyAsync(wrongOrigin)) && wrongOrigin.StatusCode == HttpStatusCode.BadRequest);
        var (_, _, badSignature) = await SecondFactorSteps.SecondStepAsync(client, key, new CeremonyTweaks { CorruptSignature = true });
        Assert.Equal(HttpStatusCode.BadRequest, badSignature.StatusCode);

        // An assertion made for one flow's challenge does not answer another's.
        var (first, assertion, firstResponse) = await SecondFactorSteps.SecondStepAsync(client, key, new CeremonyTweaks { Challenge = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" });
        Assert.Equal(HttpStatusCode.BadRequest, firstResponse.StatusCode);
        // Another account's key is not this account's second factor.
        var (_, strangersKey) = await AccountWithKeyAsync();
        var (_, _, stranger) = await SecondFactorSteps.SecondStepAsync(client, strangersKey, new CeremonyTweaks { Credential = strangersKey.Credentials.Single() });
        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);
        // Garbage is a 4xx, not a 500.
        var flow = await client.CreateBrowserFlowAsync("login", "?aal=aal2");
        var garbage = await SecondFactorSteps.SubmitAssertionAsync(client, flow, "{\"id\":1}");
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);

        await Wire.AssertErrorAsync(await client.WhoAmIAsync(), HttpStatusCode.Forbidden, "session_aal2_required");
    }

    [Fact]
    public async Task The_key_cannot_sign_in_alone_through_the_passkey_login()
    {
        // The account has a passkey besides its password, so email-first has a list to show.
        var (account, key, owner) = await SecondFactorSteps.LegacyWithKeyAsync(portal, "alone");
        var passkey = new SoftwareAuthenticator();
        using (owner)
        {
            var added = await SettingsSteps.AddPasskeyAsync(owner, await owner.CreateBrowserFlowAsync("settings"), passkey);
            Assert.True(added.StatusCode == HttpStatusCode.OK, (await Wire.ObjectAsync(added)).ToJsonString());
        }
        var email = account.Email;
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var assertion = key.Get(PortalClient.NodeValue(flow, "passkey_challenge"), portal.Origin, new CeremonyTweaks { Credential = key.Credentials.Single() });
        var refused = await Wire.AssertFlowAsync(await client.SubmitJsonAsync("login", PortalClient.Id(flow), Steps.LoginBody(flow, assertion)));
        Wire.AssertHasErrorMessage(refused);
        // Email-first lists the account's passkeys only, never its security keys.
        var emailFirst = await Wire.ObjectAsync(await client.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "passkey",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["identifier"] = email,
        }));
        var allowed = Wire.ParseObject(PortalClient.NodeValue(emailFirst, "passkey_challenge"))["publicKey"]!["allowCredentials"]!.AsArray()
            .Select(c => c!["id"]!.GetValue<string>()).ToList();
        Assert.DoesNotContain(Base64Url(key.Credentials.Single().Id), allowed);
        Assert.Contains(Base64Url(passkey.Credentials.Single().Id), allowed);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
        // Nor through an aal2 flow without a first factor.
        await Wire.AssertErrorAsync(await client.CreateFlowRawAsync("login", "browser", "?aal=aal2"), HttpStatusCode.Unauthorized, "session_aal1_required");
        await Wire.AssertErrorAsync(await client.CreateFlowRawAsync("login", "api", "?aal=aal2"), HttpStatusCode.Unauthorized, "session_aal1_required");
    }

    [Fact]
    public async Task Backup_codes_do_not_count_so_a_passkey_only_account_is_never_asked_for_aal2()
    {
        var (owner, passkey, _) = await BackupCodeSteps.SignedUpAsync(portal, "codes");
        await BackupCodeSteps.GenerateAndConfirmAsync(owner);
        owner.Dispose();

        var (client, body) = await SecondFactorSteps.FirstFactorAsync(portal, passkey);
        using var _client = client;
        Assert.Equal(portal.BaseUrl + "/welcome", body["continue_with"]![0]!["redirect_browser_to"]!.GetValue<string>());
        var whoami = await client.WhoAmIAsync();
        Assert.Equal(HttpStatusCode.OK, whoami.StatusCode);
        Assert.Equal("aal1", (await Wire.ObjectAsync(whoami))["authenticator_assurance_level"]!.GetValue<string>());
        await Wire.AssertErrorAsync(await client.CreateFlowRawAsync("login", "browser", "?aal=aal2"), HttpStatusCode.Unauthorized, "session_aal_already_fulfilled");
        Assert.Equal(HttpStatusCode.OK, (await client.CreateFlowRawAsync("settings", "browser")).StatusCode);
    }

    [Fact]
    public async Task Removing_the_key_lowers_the_highest_available_level_again()
    {
        var (account, key) = await AccountWithKeyAsync();
        var email = account.Email;
        var (client, _) = await SecondFactorSteps.PasswordFirstFactorAsync(portal, account);
        using (client)
        {
            Assert.Equal(HttpStatusCode.OK, (await SecondFactorSteps.SecondStepAsync(client, key)).Response.StatusCode);
            var removed = await SecondFactorSteps.RemoveKeyAsync(client, key);
            var flow = await Wire.ObjectAsync(removed);
            Assert.True(removed.StatusCode == HttpStatusCode.OK, flow.ToJsonString());
            Assert.Null(PortalClient.Node(flow, "webauthn_remove"));
        }

        // The next password sign-in is asked for no key: it goes on to the passkey nudge instead.
        var (again, body) = await SecondFactorSteps.PasswordFirstFactorAsync(portal, account);
        using var _again = again;
        Assert.Equal(NudgeUrl(portal), body["continue_with"]![0]!["redirect_browser_to"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await again.WhoAmIAsync()).StatusCode);

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var identityId = await db.IdentityIdentifiers.Where(x => x.Value == email).Select(x => x.IdentityId).SingleAsync();
        Assert.Contains("settings.security_key_removed", await db.AuditEvents.Where(e => e.IdentityId == identityId).Select(e => e.Type).ToListAsync());
        Assert.Contains("login.second_factor_succeeded", await db.AuditEvents.Where(e => e.IdentityId == identityId).Select(e => e.Type).ToListAsync());
    }

    [Fact]
    public async Task With_required_aal_aal1_whoami_accepts_the_first_factor_session()
    {
        using var relaxed = SecondFactorSteps.StartPortal(requiredAal: "aal1");
        var (account, _, client) = await SecondFactorSteps.LegacyWithKeyAsync(relaxed, "relaxed", bcrypt: false);
        client.Dispose();

        // Nothing insists on the key: the sign-in goes on as one without a key does.
        var (again, body) = await SecondFactorSteps.PasswordFirstFactorAsync(relaxed, account);
        using var _again = again;
        Assert.Equal(NudgeUrl(relaxed), body["continue_with"]![0]!["redirect_browser_to"]!.GetValue<string>());
        var whoami = await again.WhoAmIAsync();
        Assert.Equal(HttpStatusCode.OK, whoami.StatusCode);
        Assert.Equal("aal1", (await Wire.ObjectAsync(whoami))["authenticator_assurance_level"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_passkey_only_account_is_offered_no_key_and_its_forged_registration_is_refused()
    {
        var (client, _, email) = await BackupCodeSteps.SignedUpAsync(portal, "passkey-only");
        using var _client = client;
        var flow = await client.CreateBrowserFlowAsync("settings");
        // Only the passkey method's script sits in the webauthn group (where Kratos puts it); no key node.
        Assert.Equal(["webauthn_script"], Wire.Nodes(flow).Where(n => n["group"]!.GetValue<string>() == "webauthn").Select(n => n["attributes"]!["id"]?.GetValue<string>()));

        // A ceremony copied from an account that may add a key, answered and posted to this flow.
        var (_, _, eligible) = await SecondFactorSteps.LegacyWithKeyAsync(portal, "donor");
        using var _eligible = eligible;
        var donorFlow = await eligible.CreateBrowserFlowAsync("settings");
        var credential = SecondFactorSteps.NewKey().Create(PortalClient.NodeValue(donorFlow, "webauthn_register_trigger"), portal.Origin);
        var forged = await client.SubmitJsonAsync("settings", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "webauthn",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["webauthn_register_displayname"] = "Sneaky key",
            ["webauthn_register"] = credential,
        });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var refused = await Wire.AssertFlowAsync(forged);
        Wire.AssertHasErrorMessage(refused);
        Assert.DoesNotContain(Wire.Nodes(refused), n => Snapshots.Name(n) is "webauthn_register_trigger" or "webauthn_register");

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var identityId = await db.IdentityIdentifiers.Where(x => x.Value == email).Select(x => x.IdentityId).SingleAsync();
        Assert.Equal(0, await db.SecurityKeys.CountAsync(k => k.IdentityId == identityId));
        Assert.Contains("settings.refused", await db.AuditEvents.Where(e => e.IdentityId == identityId).Select(e => e.Type).ToListAsync());
        var whoami = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.Equal("aal1", whoami["authenticator_assurance_level"]!.GetValue<string>());
    }

    [Fact]
    public async Task Once_the_password_is_disabled_no_key_can_be_added_and_the_kept_one_guards_nothing()
    {
        var (account, key, client) = await SecondFactorSteps.LegacyWithKeyAsync(portal, "disabled");
        var passkey = new SoftwareAuthenticator();
        JsonObject startedBefore;
        using (client)
        {
            var added = await SettingsSteps.AddPasskeyAsync(client, await client.CreateBrowserFlowAsync("settings"), passkey);
            Assert.True(added.StatusCode == HttpStatusCode.OK, (await Wire.ObjectAsync(added)).ToJsonString());
            // A second key's ceremony begun while the password was still there.
            startedBefore = await client.CreateBrowserFlowAsync("settings");
            Assert.NotNull(PortalClient.Node(startedBefore, "webauthn_register_trigger"));
            var flow = await client.CreateBrowserFlowAsync("settings");
            var disabled = await client.SubmitJsonAsync("settings", PortalClient.Id(flow), new JsonObject { ["csrf_token"] = PortalClient.Csrf(flow), ["password_disable"] = "true" });
            Assert.True(disabled.StatusCode == HttpStatusCode.OK, (await Wire.ObjectAsync(disabled)).ToJsonString());

            var after = await client.CreateBrowserFlowAsync("settings");
            Assert.Null(PortalClient.Node(after, "webauthn_register_trigger"));
            Assert.Null(PortalClient.Node(after, "webauthn_register"));
            // The kept key is still listed, so it can be removed.
            Assert.NotNull(PortalClient.Node(after, "webauthn_remove"));

            var credential = SecondFactorSteps.NewKey().Create(PortalClient.NodeValue(startedBefore, "webauthn_register_trigger"), portal.Origin);
            var late = await client.SubmitJsonAsync("settings", PortalClient.Id(startedBefore), new JsonObject
            {
                ["method"] = "webauthn",
                ["csrf_token"] = PortalClient.Csrf(startedBefore),
                ["webauthn_register_displayname"] = "Late key",
                ["webauthn_register"] = credential,
            });
            Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
            Wire.AssertHasErrorMessage(await Wire.AssertFlowAsync(late));
        }
        Assert.Equal(1, await KeysOfAsync(account.Id));

        // A passkey sign-in is not asked for the key that now guards nothing, under highest_available too.
        var (again, body) = await SecondFactorSteps.FirstFactorAsync(portal, passkey);
        using var _again = again;
        Assert.Equal(portal.BaseUrl + "/welcome", body["continue_with"]![0]!["redirect_browser_to"]!.GetValue<string>());
        var whoami = await again.WhoAmIAsync();
        Assert.Equal(HttpStatusCode.OK, whoami.StatusCode);
        Assert.Equal("aal1", (await Wire.ObjectAsync(whoami))["authenticator_assurance_level"]!.GetValue<string>());
        await Wire.AssertErrorAsync(await again.CreateFlowRawAsync("login", "browser", "?aal=aal2"), HttpStatusCode.Unauthorized, "session_aal_already_fulfilled");

        var removed = await SecondFactorSteps.RemoveKeyAsync(again, key);
        Assert.True(removed.StatusCode == HttpStatusCode.OK, (await Wire.ObjectAsync(removed)).ToJsonString());
        Assert.Equal(0, await KeysOfAsync(account.Id));
    }

    [Fact]
    public async Task A_native_second_factor_answers_with_the_session_token_it_upgraded()
    {
        var (account, key, browser) = await SecondFactorSteps.LegacyWithKeyAsync(portal, "native-aal2");
        browser.Dispose();
        using var client = portal.NewClient();
        var first = await client.CreateApiFlowAsync("login");
        var signedIn = await Wire.ObjectAsync(await client.SubmitJsonAsync("login", PortalClient.Id(first), new JsonObject
        {
            ["method"] = "password", ["identifier"] = account.Email, ["password"] = account.Password,
        }));
        var token = signedIn["session_token"]!.GetValue<string>();

        using var create = new HttpRequestMessage(HttpMethod.Get, "/self-service/login/api?aal=aal2");
        create.Headers.Add("X-Session-Token", token);
        var flow = await Wire.ObjectAsync(await client.Http.SendAsync(create));
        var trigger = PortalClient.Node(flow, "webauthn_login_trigger")?["attributes"]?["value"]?.GetValue<string>()
            ?? throw new Xunit.Sdk.XunitException($"No webauthn_login_trigger: {flow.ToJsonString()}");
        using var submit = Wire.Json(HttpMethod.Post, "/self-service/login?flow=" + PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "webauthn", ["webauthn_login"] = key.Get(trigger, portal.Origin),
        }.ToJsonString());
        submit.Headers.Add("X-Session-Token", token);
        var response = await client.Http.SendAsync(submit);
        var body = await Wire.ObjectAsync(response);

        // The same session, now aal2; a native app keeps using what session_token says.
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(signedIn["session"]!["id"]!.GetValue<string>(), body["session"]!["id"]!.GetValue<string>());
        Assert.Equal("aal2", body["session"]!["authenticator_assurance_level"]!.GetValue<string>());
        Assert.Equal(token, body["session_token"]?.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.WhoAmIAsync(token)).StatusCode);
    }
}
