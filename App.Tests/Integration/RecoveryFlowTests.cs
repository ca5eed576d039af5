using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Recovery by email over the Kratos API (<c>use: code</c>): the flow's states and nodes as Kratos's,
/// one email with a code and a link, and a session that may only save a new passkey, continuing in
/// a settings flow (<c>show_settings_ui</c>, and the session token for a native app).
/// </summary>
public sealed class RecoveryFlowTests : IDisposable
{
    private const string StartSnapshot = "TestRecovery-description=should_set_all_the_correct_recovery_payloads.json";
    private const string SentSnapshot = "TestRecovery-description=should_set_all_the_correct_recovery_payloads_after_submission.json";

    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    [Theory]
    [InlineData("browser")]
    [InlineData("api")]
    public async Task A_new_flow_asks_for_the_address_with_Kratos_s_nodes(string type)
    {
        using var client = portal.NewClient();
        var flow = type == "browser" ? await client.CreateBrowserFlowAsync("recovery") : await client.CreateApiFlowAsync("recovery");

        Snapshots.AssertSameNodes(Snapshots.Load(StartSnapshot), Wire.Nodes(flow));
        Assert.Equal(type, flow["type"]!.GetValue<string>());
        Assert.Equal("choose_method", flow["state"]!.GetValue<string>());
        Assert.Equal($"{portal.BaseUrl}/self-service/recovery?flow={PortalClient.Id(flow)}", flow["ui"]!["action"]!.GetValue<string>());
        Assert.Equal(type == "api", PortalClient.Csrf(flow) == "");
        Assert.Equal(PortalClient.Id(flow), PortalClient.Id(await client.GetFlowObjectAsync("recovery", PortalClient.Id(flow))));
    }

    [Fact]
    public async Task A_browser_is_sent_to_the_recovery_page()
    {
        using var client = portal.NewClient();
        var response = await client.CreateFlowRawAsync("recovery", "browser", json: false);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith($"{portal.BaseUrl}/recovery?flow=", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Sending_answers_200_with_the_code_form_and_emails_a_code_and_a_link()
    {
        // Kratos's snapshot was taken for test@ory.sh; no account uses it here, and the answer is the same.
        using var client = portal.NewClient();
        var sent = await RecoverySteps.SentAsync(client, "test@ory.sh");
        Snapshots.AssertSameNodes(Snapshots.Load(SentSnapshot), Wire.Nodes(sent));
        Assert.Equal("sent_email", sent["state"]!.GetValue<string>());
        Assert.Equal("code", sent["active"]!.GetValue<string>());
        Assert.Equal([1060003], Wire.Ids(Wire.FlowMessages(sent)));

        var (email, _) = await RecoverySteps.RegisteredAsync(portal, "send");
        using var owner = portal.NewClient();
        var flow = await RecoverySteps.SentAsync(owner, email);
        var message = await EmailSteps.LatestEmailAsync(portal, email);
        Assert.Equal("recovery_code_valid", message.TemplateType);
        var code = EmailSteps.CodeIn(message);
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Contains(code, message.Body);
        Assert.Contains(code, message.HtmlBody);
        Assert.Contains($"{portal.BaseUrl}/recovery?flow={PortalClient.Id(flow)}&link=", message.Body);
        Assert.True(EmailSteps.LinkTokenIn(message).Length >= 43);
        Assert.DoesNotContain("password", message.Subject + message.Body + message.HtmlBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_code_continues_in_settings_with_a_session_that_may_only_add_a_passkey()
    {
        var phone = new SoftwareAuthenticator();
        var (email, id) = await RecoverySteps.RegisteredAsync(portal, "spa", phone);
        using var client = portal.NewClient();
        var flow = await RecoverySteps.SentAsync(client, email);
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));

        var response = await RecoverySteps.SubmitCodeAsync(client, flow, code);
        var done = await Wire.AssertFlowAsync(response, HttpStatusCode.OK);
        Assert.Equal("passed_challenge", done["state"]!.GetValue<string>());
        var next = Assert.Single(done["continue_with"]!.AsArray())!;
        Assert.Equal("show_settings_ui", next["action"]!.GetValue<string>());
        var settingsId = next["flow"]!["id"]!.GetValue<string>();
        Assert.Equal($"{portal.BaseUrl}/settings?flow={settingsId}", next["flow"]!["url"]!.GetValue<string>());
        Assert.DoesNotContain("ory_session_token", done.ToJsonString());

        // The browser's cookie now carries a session won by recovery, restricted to adding a passkey.
        var whoami = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.Equal(id, whoami["identity"]!["id"]!.GetValue<string>());
        Assert.Equal("code_recovery", whoami["authentication_methods"]![0]!["method"]!.GetValue<string>());
        Assert.Equal("passkey_enrolment_required", whoami["restriction"]!["id"]!.GetValue<string>());
        Assert.True(whoami["identity"]!["verifiable_addresses"]![0]!["verified"]!.GetValue<bool>());

        // The settings flow it continues in says what to do, and nothing in it speaks of a password.
        var settings = await client.GetFlowObjectAsync("settings", settingsId);
        var recovered = Assert.Single(Wire.FlowMessages(settings), m => m["id"]!.GetValue<int>() == 1060001);
        Assert.Equal("success", recovered["type"]!.GetValue<string>());
        Assert.DoesNotContain("password", recovered["text"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(recovered["context"]!["privileged_session_expires_at_unix"]);

        // Removing the passkey that was lost must wait for a new one; the new one lifts the restriction.
        var refused = await SettingsSteps.RemoveAsync(client, settings, phone);
        await Wire.AssertErrorAsync(refused, HttpStatusCode.Forbidden, "session_passkey_enrolment_required");
        var laptop = new SoftwareAuthenticator();
        var added = await Wire.ObjectAsync(await SettingsSteps.AddPasskeyAsync(client, settings, laptop));
        Assert.Null((await Wire.ObjectAsync(await client.WhoAmIAsync()))["restriction"]);

        // Then the flow names the passkeys from before the recovery, so the lost ones are removed.
        var lost = Assert.Single(Wire.FlowMessages(added), m => m["id"]!.GetValue<int>() == 1069001);
        var phoneRemove = Assert.Single(Wire.Nodes(added), n => Snapshots.Name(n) == "passkey_remove"
            && n["attributes"]!["value"]!.GetValue<string>() == Convert.ToHexStringLower(phone.Credentials.Single().Id));
        Assert.Equal(phoneRemove["meta"]!["label"]!["context"]!["display_name"]!.GetValue<string>(), lost["context"]!["passkeys"]!.GetValue<string>());
        Assert.Equal(1, lost["context"]!["count"]!.GetValue<int>());
        var removed = await Wire.ObjectAsync(await SettingsSteps.RemoveAsync(client, added, phone));
        Assert.DoesNotContain(1069001, Wire.Ids(Wire.FlowMessages(removed)));
        Assert.Single(Wire.Nodes(removed), n => Snapshots.Name(n) == "passkey_remove");

        // The new passkey signs in; the lost one no longer does.
        using var later = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await Journeys.LoginAsync(later, laptop)).Response.StatusCode);
        using var thief = portal.NewClient();
        Assert.NotEqual(HttpStatusCode.OK, (await Journeys.LoginAsync(thief, phone)).Response.StatusCode);
    }

    [Fact]
    public async Task A_native_app_gets_the_session_token_and_the_settings_flow()
    {
        var (email, id) = await RecoverySteps.RegisteredAsync(portal, "api");
        using var app = portal.NewClient();
        var flow = await app.CreateApiFlowAsync("recovery");
        var sent = await Wire.AssertFlowAsync(await app.SubmitJsonAsync("recovery", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "code", ["email"] = email,
        }), HttpStatusCode.OK);
        Assert.Equal("sent_email", sent["state"]!.GetValue<string>());
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));

        var response = await app.SubmitJsonAsync("recovery", PortalClient.Id(flow), new JsonObject { ["method"] = "code", ["code"] = code });
        var done = await Wire.AssertFlowAsync(response, HttpStatusCode.OK);
        Assert.False(response.Headers.Contains("Set-Cookie"), "API flows set no cookies.");
        var steps = done["continue_with"]!.AsArray();
        Assert.Equal(["set_ory_session_token", "show_settings_ui"], steps.Select(s => s!["action"]!.GetValue<string>()));
        var token = steps[0]!["ory_session_token"]!.GetValue<string>();

        using var fresh = portal.NewClient();
        var whoami = await Wire.ObjectAsync(await fresh.WhoAmIAsync(token));
        Assert.Equal(id, whoami["identity"]!["id"]!.GetValue<string>());
        Assert.Equal("passkey_enrolment_required", whoami["restriction"]!["id"]!.GetValue<string>());
        var settingsId = steps[1]!["flow"]!["id"]!.GetValue<string>();
        var request = new HttpRequestMessage(HttpMethod.Get, $"/self-service/settings/flows?id={settingsId}");
        request.Headers.Add("X-Session-Token", token);
        var settings = await Wire.ObjectAsync(await fresh.Http.SendAsync(request));
        Assert.Equal("api", settings["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_browser_form_with_the_emailed_link_lands_on_the_settings_page()
    {
        var (email, _) = await RecoverySteps.RegisteredAsync(portal, "form");
        using var client = portal.NewClient();
        var returnTo = portal.BaseUrl + "/welcome?from=app";
        var flow = await client.CreateBrowserFlowAsync("recovery", "?return_to=" + Uri.EscapeDataString(returnTo));
        var posted = await client.SubmitFormAsync("recovery", PortalClient.Id(flow), new Dictionary<string, string>
        {
            ["csrf_token"] = PortalClient.Csrf(flow), ["method"] = "code", ["email"] = email,
        });
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal($"{portal.BaseUrl}/recovery?flow={PortalClient.Id(flow)}", posted.Headers.Location!.ToString());
        var message = await EmailSteps.LatestEmailAsync(portal, email);
        var link = EmailSteps.LinkTokenIn(message);

        // The page behind the link only asks to continue; opening it uses nothing up.
        var page = await client.Http.GetStringAsync($"/recovery?flow={PortalClient.Id(flow)}&link={Uri.EscapeDataString(link)}");
        Assert.Contains("Recover your account", page);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);

        var response = await client.SubmitFormAsync("recovery", PortalClient.Id(flow), new Dictionary<string, string>
        {
            ["csrf_token"] = PortalClient.Csrf(flow), ["method"] = "code", ["code"] = link,
        });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith($"{portal.BaseUrl}/settings?flow=", response.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await client.WhoAmIAsync()).StatusCode);
        // The settings flow keeps where the app wanted to go after it.
        var settingsId = response.Headers.Location!.ToString().Split("flow=")[1];
        Assert.Equal(returnTo, (await client.GetFlowObjectAsync("settings", settingsId))["return_to"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resending_retires_the_earlier_code()
    {
        var (email, _) = await RecoverySteps.RegisteredAsync(portal, "resend");
        using var client = portal.NewClient();
        var flow = await RecoverySteps.SentAsync(client, email);
        var first = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        var resent = await Wire.AssertFlowAsync(await RecoverySteps.ResendAsync(client, flow), HttpStatusCode.OK);
        Assert.Equal(2, (await EmailSteps.OutboxAsync(portal, email)).Count);
        var second = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        if (first == second) return; // one chance in a million; nothing to tell apart

        var refused = await Wire.AssertFlowAsync(await RecoverySteps.SubmitCodeAsync(client, resent, first), HttpStatusCode.OK);
        Assert.Contains(4060006, Wire.Ids(Wire.FlowMessages(refused)));
        Assert.Equal(HttpStatusCode.OK, (await RecoverySteps.SubmitCodeAsync(client, resent, second)).StatusCode);
        var types = (await RecoverySteps.AuditAsync(portal)).Select(e => e.Type).ToList();
        Assert.Single(types, t => t == "recovery.started");
        Assert.Equal(2, types.Count(t => t == "recovery.code_sent"));
        Assert.Contains("recovery.refused", types);
        Assert.Contains("recovery.completed", types);
    }

    [Fact]
    public async Task A_malformed_address_gets_a_field_message_and_no_email()
    {
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("recovery");
        var refused = await Wire.AssertFlowAsync(await RecoverySteps.SendAsync(client, flow, "not an address"));
        Assert.Equal("choose_method", refused["state"]!.GetValue<string>());
        Assert.Contains(4000001, Wire.Ids(Wire.NodeMessages(refused, "email")));
        Assert.Equal("not an address", PortalClient.NodeValue(refused, "email"));
        Assert.Empty(await EmailSteps.OutboxAsync(portal, "not an address"));
    }

    [Fact]
    public async Task Signed_in_there_is_nothing_to_recover()
    {
        var phone = new SoftwareAuthenticator();
        await RecoverySteps.RegisteredAsync(portal, "signed-in", phone);
        using var client = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await Journeys.LoginAsync(client, phone)).Response.StatusCode);
        await Wire.AssertErrorAsync(await client.CreateFlowRawAsync("recovery", "browser"), HttpStatusCode.BadRequest, "session_already_available");
    }

    [Fact]
    public async Task Turned_off_the_flow_is_refused_in_Kratos_s_shape()
    {
        using var off = new PortalFactory(new Dictionary<string, string?> { ["selfservice.flows.recovery.enabled"] = "false" });
        using var client = off.NewClient();
        // As Kratos's recovery handler answers it: a plain 400 with no id, the reason in a sentence.
        var refused = await Wire.AssertErrorAsync(await client.CreateFlowRawAsync("recovery", "api"), HttpStatusCode.BadRequest, id: null);
        Assert.Null(refused["error"]!["id"]);
        Assert.Equal("Recovery is not allowed because it was disabled.", refused["error"]!["reason"]!.GetValue<string>());
        var login = await client.Http.GetStringAsync((await client.CreateFlowRawAsync("login", "browser", json: false)).Headers.Location);
        Assert.DoesNotContain("Lost your passkey?", login);
    }
}
