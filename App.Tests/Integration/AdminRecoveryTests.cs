using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Recovery an administrator issues (Kratos <c>POST /admin/recovery/link</c> and <c>/code</c>), with
/// the reason this portal requires: a link that works once, in a browser, until it expires; a code
/// to read out; both ending in a session that may only save a new passkey, and both in the audit
/// log with the reason, the admin_id and who reached the admin API.
/// </summary>
public sealed class AdminRecoveryTests : IDisposable
{
    private const string Reason = "Lost phone, verified by video call";
    private readonly FakeClock clock = new();
    private readonly PortalFactory portal;

    public AdminRecoveryTests() => portal = PortalFactory.StartKestrelWithAdmin(clock: clock);

    public void Dispose() => portal.Dispose();

    private async Task<string> LinkAsync(string identityId, string? extra = null)
    {
        var response = await RecoverySteps.IssueLinkAsync(portal, identityId, extra: extra);
        var body = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body["recovery_link"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_link_answers_in_Kratos_s_shape_and_lasts_an_hour_by_default()
    {
        var (_, id) = await RecoverySteps.RegisteredAsync(portal, "shape");
        var issued = clock.GetUtcNow();
        var response = await RecoverySteps.IssueLinkAsync(portal, id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Wire.ObjectAsync(response);
        Assert.Equal(["expires_at", "recovery_link"], body.Select(p => p.Key).Order());
        Assert.Equal(issued.AddHours(1).UtcDateTime, body["expires_at"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromSeconds(1));
        var (flowId, token) = RecoverySteps.LinkParts(body["recovery_link"]!.GetValue<string>());
        Assert.StartsWith($"{portal.BaseUrl}/self-service/recovery?flow={flowId}&token=", body["recovery_link"]!.GetValue<string>());
        Assert.True(token.Length >= 43, token);

        var shorter = await Wire.ObjectAsync(await RecoverySteps.IssueLinkAsync(portal, id, extra: ""","expires_in":"15m" """));
        Assert.Equal(issued.AddMinutes(15).UtcDateTime, shorter["expires_at"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task The_link_opened_in_any_browser_recovers_once_into_settings()
    {
        var phone = new SoftwareAuthenticator();
        var (_, id) = await RecoverySteps.RegisteredAsync(portal, "link", phone);
        var link = await LinkAsync(id, extra: ""","admin_id":"alice@support" """);

        using var browser = portal.NewClient();
        var done = await RecoverySteps.FollowLinkAsync(browser, link);
        Assert.Equal(HttpStatusCode.SeeOther, done.StatusCode);
        Assert.StartsWith($"{portal.BaseUrl}/settings?flow=", done.Headers.Location!.ToString());
        var whoami = await Wire.ObjectAsync(await browser.WhoAmIAsync());
        Assert.Equal(id, whoami["identity"]!["id"]!.GetValue<string>());
        Assert.Equal("passkey_enrolment_required", whoami["restriction"]!["id"]!.GetValue<string>());
        Assert.Equal("code_recovery", whoami["authentication_methods"]![0]!["method"]!.GetValue<string>());
        var settings = await browser.GetFlowObjectAsync("settings", done.Headers.Location!.ToString().Split("flow=")[1]);
        var added = await SettingsSteps.AddPasskeyAsync(browser, settings, new SoftwareAuthenticator());
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);

        // Used once, it is used up, in that browser and in any other.
        using var second = portal.NewClient();
        var again = await RecoverySteps.FollowLinkAsync(second, link);
        Assert.Equal(HttpStatusCode.SeeOther, again.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.WhoAmIAsync()).StatusCode);
        var page = await second.Http.GetStringAsync(again.Headers.Location);
        Assert.Contains("This recovery is already complete", page);

        // Each step is in the audit log: who issued it and why, the completion, the replay, the new passkey.
        var audit = await RecoverySteps.AuditAsync(portal);
        var issuedEvent = Assert.Single(audit, e => e.Type == "recovery.issued");
        Assert.Equal("admin:local", issuedEvent.Actor);
        Assert.Equal(Guid.Parse(id), issuedEvent.IdentityId);
        var details = RecoverySteps.Details(issuedEvent);
        Assert.Equal(Reason, details["reason"]!.GetValue<string>());
        Assert.Equal("alice@support", details["admin_id"]!.GetValue<string>());
        Assert.Equal("link", details["kind"]!.GetValue<string>());
        var completed = Assert.Single(audit, e => e.Type == "recovery.completed");
        Assert.Equal("identity", completed.Actor);
        Assert.Equal(issuedEvent.FlowId, completed.FlowId);
        var how = RecoverySteps.Details(completed);
        Assert.Equal("admin_link", how["via"]!.GetValue<string>());
        Assert.Equal("admin:local", how["issued_by"]!.GetValue<string>());
        Assert.Equal(Reason, how["reason"]!.GetValue<string>());
        Assert.Equal("alice@support", how["admin_id"]!.GetValue<string>());
        Assert.Contains(audit, e => e.Type == "settings.passkey_added" && e.IdentityId == Guid.Parse(id));
        var replay = Assert.Single(audit, e => e.Type == "recovery.refused");
        Assert.Equal("already_used", RecoverySteps.Details(replay)["failure"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_expired_link_is_refused()
    {
        var (_, id) = await RecoverySteps.RegisteredAsync(portal, "expired");
        var link = await LinkAsync(id, extra: ""","expires_in":"10m" """);
        clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        using var browser = portal.NewClient();
        var opened = await browser.Http.GetAsync(link);
        // The page offers a fresh recovery of this browser's own instead.
        var page = await browser.Http.GetAsync(opened.Headers.Location);
        Assert.InRange((int)page.StatusCode, 300, 399);
        Assert.DoesNotContain(RecoverySteps.LinkParts(link).FlowId, page.Headers.Location!.ToString());
        var (flowId, token) = RecoverySteps.LinkParts(link);
        var fresh = await browser.CreateBrowserFlowAsync("recovery");
        var refused = await browser.SubmitJsonAsync("recovery", flowId, new JsonObject
        {
            ["method"] = "code", ["csrf_token"] = PortalClient.Csrf(fresh), ["code"] = token,
        });
        await Wire.AssertErrorAsync(refused, HttpStatusCode.Gone, "self_service_flow_expired");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.WhoAmIAsync()).StatusCode);
        Assert.Contains(await RecoverySteps.AuditAsync(portal), e => e.Type == "recovery.refused" && RecoverySteps.Details(e)["failure"]!.GetValue<string>() == "expired");
    }

    [Fact]
    public async Task The_link_works_only_in_a_browser()
    {
        var (_, id) = await RecoverySteps.RegisteredAsync(portal, "native");
        // flow_type is the code's; a link is always for a browser.
        var link = await LinkAsync(id, extra: ""","flow_type":"api" """);
        var (flowId, token) = RecoverySteps.LinkParts(link);

        // A native app (no cookies, no CSRF token) submitting the link's token is refused.
        using var app = portal.NewClient();
        var asApi = await app.SubmitJsonAsync("recovery", flowId, new JsonObject { ["method"] = "code", ["code"] = token });
        await Wire.AssertErrorAsync(asApi, HttpStatusCode.Forbidden, "security_csrf_violation");
        // Nor does the token work in an api flow of its own.
        var own = await app.CreateApiFlowAsync("recovery");
        var sent = await Wire.AssertFlowAsync(await app.SubmitJsonAsync("recovery", PortalClient.Id(own), new JsonObject
        {
            ["method"] = "code", ["email"] = $"nobody-{Guid.NewGuid():N}@example.com",
        }), HttpStatusCode.OK);
        var wrong = await Wire.AssertFlowAsync(await app.SubmitJsonAsync("recovery", PortalClient.Id(sent), new JsonObject { ["method"] = "code", ["code"] = token }), HttpStatusCode.OK);
        Assert.Contains(4060006, Wire.Ids(Wire.FlowMessages(wrong)));
        Assert.DoesNotContain("ory_session_token", wrong.ToJsonString());

        // The link is still good for the browser it was meant for.
        using var browser = portal.NewClient();
        var flow = await browser.GetFlowObjectAsync("recovery", flowId);
        Assert.Equal("browser", flow["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.SeeOther, (await RecoverySteps.FollowLinkAsync(browser, link)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.WhoAmIAsync()).StatusCode);
    }

    [Fact]
    public async Task A_code_is_read_out_and_typed_on_the_recovery_page()
    {
        var (_, id) = await RecoverySteps.RegisteredAsync(portal, "code");
        var response = await RecoverySteps.IssueCodeAsync(portal, id);
        var body = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToJsonString());
        Assert.Equal(["expires_at", "recovery_code", "recovery_link"], body.Select(p => p.Key).Order());
        var code = body["recovery_code"]!.GetValue<string>();
        Assert.Matches("^[0-9]{6}$", code);
        var link = body["recovery_link"]!.GetValue<string>();
        Assert.StartsWith($"{portal.BaseUrl}/recovery?flow=", link);
        var flowId = link.Split("flow=")[1];
        Assert.Equal(clock.GetUtcNow().AddMinutes(15).UtcDateTime, body["expires_at"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromSeconds(1));

        // The form has only the code, as Kratos's admin flow has: nobody may redirect it to an address.
        using var browser = portal.NewClient();
        var flow = await browser.GetFlowObjectAsync("recovery", flowId);
        Assert.Equal("sent_email", flow["state"]!.GetValue<string>());
        Snapshots.AssertSameNodes(
            Snapshots.Load("TestAdminStrategy-case=form_should_not_contain_email_field_when_creating_recovery_code.json"),
            Wire.Nodes(flow).Where(n => Snapshots.Name(n) != "csrf_token"));
        var page = await browser.Http.GetStringAsync(link);
        Assert.Contains("Enter the recovery code you were given.", page);
        Assert.DoesNotContain("Resend code", page);
        Assert.DoesNotContain("Check your email", page);
        var attacker = $"attacker-{Guid.NewGuid():N}@example.com";
        var redirected = await Wire.AssertFlowAsync(await browser.SubmitJsonAsync("recovery", flowId, new JsonObject
        {
            ["method"] = "code", ["csrf_token"] = PortalClient.Csrf(flow), ["email"] = attacker,
        }));
        Assert.NotEmpty(Wire.NodeMessages(redirected, "code"));
        Assert.Empty(await EmailSteps.OutboxAsync(portal, attacker));

        var wrong = code == "000000" ? "111111" : "000000";
        var refused = await Wire.AssertFlowAsync(await RecoverySteps.SubmitCodeAsync(browser, flow, wrong), HttpStatusCode.OK);
        Assert.Contains(4060006, Wire.Ids(Wire.FlowMessages(refused)));
        var done = await Wire.AssertFlowAsync(await RecoverySteps.SubmitCodeAsync(browser, flow, code), HttpStatusCode.OK);
        Assert.Equal("show_settings_ui", done["continue_with"]![0]!["action"]!.GetValue<string>());
        Assert.Equal(id, (await Wire.ObjectAsync(await browser.WhoAmIAsync()))["identity"]!["id"]!.GetValue<string>());
        var completed = Assert.Single(await RecoverySteps.AuditAsync(portal), e => e.Type == "recovery.completed");
        Assert.Equal("admin_code", RecoverySteps.Details(completed)["via"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_code_for_a_native_app_is_submitted_without_a_browser()
    {
        var (_, id) = await RecoverySteps.RegisteredAsync(portal, "api-code");
        var body = await Wire.ObjectAsync(await RecoverySteps.IssueCodeAsync(portal, id, extra: ""","flow_type":"api","expires_in":"5m" """));
        var flowId = body["recovery_link"]!.GetValue<string>().Split("flow=")[1];
        Assert.Equal(clock.GetUtcNow().AddMinutes(5).UtcDateTime, body["expires_at"]!.GetValue<DateTime>().ToUniversalTime(), TimeSpan.FromSeconds(1));

        using var app = portal.NewClient();
        var response = await app.SubmitJsonAsync("recovery", flowId, new JsonObject { ["method"] = "code", ["code"] = body["recovery_code"]!.GetValue<string>() });
        var done = await Wire.AssertFlowAsync(response, HttpStatusCode.OK);
        Assert.Equal("api", done["type"]!.GetValue<string>());
        Assert.Equal(["set_ory_session_token", "show_settings_ui"], done["continue_with"]!.AsArray().Select(s => s!["action"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData(null, "reason")]
    [InlineData("\"\"", "reason")]
    [InlineData("\"Lost it\"", "reason")]
    [InlineData("\"        \"", "reason")]
    [InlineData("42", "reason")]
    public async Task A_recovery_without_a_reason_of_eight_characters_is_refused(string? reason, string named)
    {
        var (_, id) = await RecoverySteps.RegisteredAsync(portal, "reason");
        foreach (var path in new[] { "/admin/recovery/link", "/admin/recovery/code" })
        {
            var json = $$"""{"identity_id":"{{id}}"{{(reason is null ? "" : ",\"reason\":" + reason)}}}""";
            var error = await Wire.AssertErrorAsync(await RecoverySteps.AdminPostAsync(portal, path, json), HttpStatusCode.BadRequest, null);
            Assert.Contains(named, error["error"]!["reason"]!.GetValue<string>());
        }
        Assert.DoesNotContain(await RecoverySteps.AuditAsync(portal), e => e.Type == "recovery.issued");

        // Eight characters are enough.
        var ok = await RecoverySteps.AdminPostAsync(portal, "/admin/recovery/link", $$"""{"identity_id":"{{id}}","reason":"Lost it!"}""");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Unknown_identities_and_bad_bodies_get_Kratos_s_errors()
    {
        var unknown = await RecoverySteps.IssueLinkAsync(portal, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.True(JsonNode.DeepEquals(Snapshot("TestAdminStrategy-description=should_not_be_able_to_recover_an_account_that_does_not_exist.json"), await Wire.ObjectAsync(unknown)));
        Assert.Equal(HttpStatusCode.NotFound, (await RecoverySteps.IssueCodeAsync(portal, Guid.NewGuid().ToString())).StatusCode);

        var (_, id) = await RecoverySteps.RegisteredAsync(portal, "bad");
        var malformed = await RecoverySteps.IssueCodeAsync(portal, id, extra: ""","expires_in":"not-a-valid-value" """);
        Assert.True(JsonNode.DeepEquals(Snapshot("TestAdminStrategy-description=should_fail_on_malformed_expiry_time.json"), await Wire.ObjectAsync(malformed)));
        var negative = await RecoverySteps.IssueLinkAsync(portal, id, extra: ""","expires_in":"-1h" """);
        Assert.True(JsonNode.DeepEquals(Snapshot("TestAdminStrategy-description=should_fail_on_negative_expiry_time.json"), await Wire.ObjectAsync(negative)));

        foreach (var body in new[] { "{", "[]", "null", "\"x\"", """{"identity_id":"not-a-uuid","reason":"Lost phone again"}""", """{"reason":"Lost phone again"}""",
                     $$"""{"identity_id":"{{id}}","reason":"Lost phone again","expires_in":3600}""", $$"""{"identity_id":"{{id}}","reason":"Lost phone again","expires_in":"3000000h"}""",
                     $$"""{"identity_id":"{{id}}","reason":"Lost phone again","flow_type":"sms"}""" })
        {
            var response = await RecoverySteps.AdminPostAsync(portal, "/admin/recovery/code", body);
            await Wire.AssertErrorAsync(response, HttpStatusCode.BadRequest, null);
        }
        using var plain = new HttpClient();
        var form = await plain.PostAsync(portal.AdminUrl + "/admin/recovery/link", new FormUrlEncodedContent(new Dictionary<string, string> { ["identity_id"] = id }));
        await Wire.AssertErrorAsync(form, HttpStatusCode.BadRequest, null);
    }

    [Fact]
    public async Task The_admin_endpoints_are_not_on_the_public_listener()
    {
        var (_, id) = await RecoverySteps.RegisteredAsync(portal, "public");
        using var client = portal.NewClient();
        var response = await client.Http.PostAsync("/admin/recovery/link",
            new StringContent($$"""{"identity_id":"{{id}}","reason":"{{Reason}}"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>
    /// The body the Ory SDK (@ory/kratos-client's <c>createRecoveryLinkForIdentity</c>) sends: its
    /// fields, and the extra ones passed through as they are; and the answer it reads back.
    /// </summary>
    [Fact]
    public async Task The_Ory_SDK_s_body_with_the_extra_fields_is_understood()
    {
        var (_, id) = await RecoverySteps.RegisteredAsync(portal, "sdk");
        var request = new HttpRequestMessage(HttpMethod.Post, $"{portal.AdminUrl}/admin/recovery/link?return_to={Uri.EscapeDataString(portal.BaseUrl + "/welcome")}")
        {
            Content = new StringContent($$"""{"expires_in":"30m","identity_id":"{{id}}","reason":"{{Reason}}","admin_id":"ops-7"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.UserAgent.ParseAdd("axios/1.7.9");
        using var sdk = new HttpClient();
        var response = await sdk.SendAsync(request);
        var body = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        Assert.EndsWith("Z", body["expires_at"]!.ToJsonString().Trim('"'));
        var (flowId, _) = RecoverySteps.LinkParts(body["recovery_link"]!.GetValue<string>());
        using var browser = portal.NewClient();
        Assert.Equal(portal.BaseUrl + "/welcome", (await browser.GetFlowObjectAsync("recovery", flowId))["return_to"]!.GetValue<string>());
        Assert.Equal("ops-7", RecoverySteps.Details(Assert.Single(await RecoverySteps.AuditAsync(portal), e => e.Type == "recovery.issued"))["admin_id"]!.GetValue<string>());

        var code = await RecoverySteps.AdminPostAsync(portal, "/admin/recovery/code",
            $$"""{"expires_in":"1h","flow_type":"browser","identity_id":"{{id}}","reason":"{{Reason}}","admin_id":"ops-7"}""");
        Assert.Equal(HttpStatusCode.Created, code.StatusCode);
    }

    private static JsonObject Snapshot(string file) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Integration", "Snapshots", file)))!.AsObject();
}
