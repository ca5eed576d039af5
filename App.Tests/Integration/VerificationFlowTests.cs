using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Verification by email over the Kratos API (<c>use: code</c>): the flow's states and nodes as
/// Kratos's, one email with a code and a link, and the address's status pending → sent → completed.
/// </summary>
public sealed class VerificationFlowTests : IDisposable
{
    private const string StartSnapshot = "TestVerification-description=should_set_all_the_correct_verification_payloads.json";
    private const string SentSnapshot = "TestVerification-description=should_set_all_the_correct_verification_payloads_after_submission.json";

    private readonly FakeClock clock = new();
    private readonly PortalFactory portal;

    public VerificationFlowTests() => portal = new PortalFactory { Clock = clock };

    public void Dispose() => portal.Dispose();

    [Theory]
    [InlineData("browser")]
    [InlineData("api")]
    public async Task A_new_flow_asks_for_the_address_with_Kratos_s_nodes(string type)
    {
        using var client = portal.NewClient();
        var flow = type == "browser" ? await client.CreateBrowserFlowAsync("verification") : await client.CreateApiFlowAsync("verification");

        Snapshots.AssertSameNodes(Snapshots.Load(StartSnapshot), Wire.Nodes(flow));
        Assert.Equal(type, flow["type"]!.GetValue<string>());
        Assert.Equal("choose_method", flow["state"]!.GetValue<string>());
        Assert.Equal($"{portal.BaseUrl}/self-service/verification?flow={PortalClient.Id(flow)}", flow["ui"]!["action"]!.GetValue<string>());
        Assert.Equal(type == "api", PortalClient.Csrf(flow) == "");
        Assert.Equal(PortalClient.Id(flow), PortalClient.Id(await client.GetFlowObjectAsync("verification", PortalClient.Id(flow))));
    }

    [Fact]
    public async Task A_browser_is_sent_to_the_verification_page()
    {
        using var client = portal.NewClient();
        var response = await client.CreateFlowRawAsync("verification", "browser", json: false);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.StartsWith($"{portal.BaseUrl}/verification?flow=", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Sending_answers_200_with_Kratos_s_code_form_and_the_address_reads_sent()
    {
        using var stranger = portal.NewClient();
        var sent = await VerificationSteps.SentAsync(stranger, "test@ory.sh");
        Snapshots.AssertSameNodes(Snapshots.Load(SentSnapshot), Wire.Nodes(sent));
        Assert.Equal("sent_email", sent["state"]!.GetValue<string>());
        Assert.Equal([1080003], Wire.Ids(Wire.FlowMessages(sent)));

        var (email, id) = await RecoverySteps.RegisteredAsync(portal, "verify-send");
        Assert.Equal("pending", (await VerificationSteps.AddressAsync(portal, id, email))["status"]!.GetValue<string>());
        using var owner = portal.NewClient();
        var flow = await VerificationSteps.SentAsync(owner, email);
        var message = await EmailSteps.LatestEmailAsync(portal, email);
        Assert.Equal("verification_code_valid", message.TemplateType);
        var code = EmailSteps.CodeIn(message);
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Contains(code, message.Body);
        Assert.Contains(code, message.HtmlBody);
        Assert.StartsWith($"{portal.BaseUrl}/self-service/verification?flow={PortalClient.Id(flow)}&code=", VerificationSteps.LinkIn(message));
        var address = await VerificationSteps.AddressAsync(portal, id, email);
        Assert.Equal("sent", address["status"]!.GetValue<string>());
        Assert.False(address["verified"]!.GetValue<bool>());
    }

    [Fact]
    public async Task The_code_verifies_the_address_and_offers_the_way_on()
    {
        var (email, id) = await RecoverySteps.RegisteredAsync(portal, "verify-code");
        using var client = portal.NewClient();
        var flow = await VerificationSteps.SentAsync(client, email);
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));

        var done = await Wire.AssertFlowAsync(await VerificationSteps.SubmitCodeAsync(client, flow, code), HttpStatusCode.OK);
        Assert.Equal("passed_challenge", done["state"]!.GetValue<string>());
        Assert.Equal([1080002], Wire.Ids(Wire.FlowMessages(done)));
        var onward = Assert.Single(Wire.Nodes(done), n => n["type"]!.GetValue<string>() == "a");
        Assert.Equal("continue", onward["attributes"]!["id"]!.GetValue<string>());
        Assert.Equal($"{portal.BaseUrl}/welcome", onward["attributes"]!["href"]!.GetValue<string>());
        Assert.Equal(1070009, onward["attributes"]!["title"]!["id"]!.GetValue<int>());

        var address = await VerificationSteps.AddressAsync(portal, id, email);
        Assert.True(address["verified"]!.GetValue<bool>());
        Assert.Equal("completed", address["status"]!.GetValue<string>());
        Assert.NotNull(address["verified_at"]);
        // Without their order: events saved together carry ids of the same millisecond.
        Assert.Equal(["verification.code_sent", "verification.completed", "verification.started"],
            (await VerificationSteps.AuditTypesAsync(portal, PortalClient.Id(flow))).Order());
        // No session comes of it: verifying an address is not signing in.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);

        // The same code again: the flow is done, and says so.
        var replay = await Wire.AssertFlowAsync(await VerificationSteps.SubmitCodeAsync(client, flow, code));
        Assert.Equal([4070002], Wire.Ids(Wire.FlowMessages(replay)));
    }

    [Fact]
    public async Task The_link_verifies_when_opened_in_any_browser()
    {
        var (email, id) = await RecoverySteps.RegisteredAsync(portal, "verify-link");
        using var client = portal.NewClient();
        var flow = await VerificationSteps.SentAsync(client, email);
        var link = VerificationSteps.LinkIn(await EmailSteps.LatestEmailAsync(portal, email));

        using var mailApp = portal.NewClient();
        var opened = await mailApp.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        Assert.Equal($"{portal.BaseUrl}/verification?flow={PortalClient.Id(flow)}", opened.Headers.Location!.ToString());
        var page = await mailApp.Http.GetAsync(opened.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Your email is verified", await page.Content.ReadAsStringAsync());
        Assert.True((await VerificationSteps.AddressAsync(portal, id, email))["verified"]!.GetValue<bool>());

        // Opened again, it changes nothing and the flow says it was already done.
        Assert.Equal(HttpStatusCode.SeeOther, (await mailApp.Http.GetAsync(link)).StatusCode);
        Assert.Equal([4070002], Wire.Ids(Wire.FlowMessages(await client.GetFlowObjectAsync("verification", PortalClient.Id(flow)))));
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_and_no_code()
    {
        var (email, _) = await RecoverySteps.RegisteredAsync(portal, "verify-known");
        using var a = portal.NewClient();
        var known = await VerificationSteps.SentAsync(a, email);
        var nobody = $"nobody-{Guid.NewGuid():N}@example.com";
        using var b = portal.NewClient();
        var unknown = await VerificationSteps.SentAsync(b, nobody);

        Assert.Equal(known["state"]!.ToJsonString(), unknown["state"]!.ToJsonString());
        Assert.Equal(Wire.Ids(Wire.FlowMessages(known)), Wire.Ids(Wire.FlowMessages(unknown)));
        Assert.Equal(Wire.Nodes(known).Select(Snapshots.Key), Wire.Nodes(unknown).Select(Snapshots.Key));
        var withheld = await EmailSteps.LatestEmailAsync(portal, nobody);
        Assert.Equal("verification_code_invalid", withheld.TemplateType);
        Assert.Equal(App.Courier.CourierStatuses.Abandoned, withheld.Status);
        Assert.DoesNotMatch(@"\b\d{6}\b", withheld.Subject + withheld.Body);
        Assert.Equal(["verification.code_sent", "verification.started"], (await VerificationSteps.AuditTypesAsync(portal, PortalClient.Id(unknown))).Order());
    }

    [Fact]
    public async Task A_code_for_another_flow_a_wrong_one_or_an_expired_one_verifies_nothing()
    {
        var (email, id) = await RecoverySteps.RegisteredAsync(portal, "verify-refused");
        using var client = portal.NewClient();
        var first = await VerificationSteps.SentAsync(client, email);
        var firstCode = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        var second = await VerificationSteps.SentAsync(client, email);

        var elsewhere = await Wire.AssertFlowAsync(await VerificationSteps.SubmitCodeAsync(client, second, firstCode), HttpStatusCode.OK);
        Assert.Equal([4070006], Wire.Ids(Wire.FlowMessages(elsewhere)));
        var wrong = firstCode == "000000" ? "111111" : "000000";
        Assert.Equal([4070006], Wire.Ids(Wire.FlowMessages(await Wire.AssertFlowAsync(await VerificationSteps.SubmitCodeAsync(client, first, wrong), HttpStatusCode.OK))));

        // The code's lifespan (15 minutes) passes while the flow (1 hour) still lives.
        clock.Advance(TimeSpan.FromMinutes(16));
        var expired = await Wire.AssertFlowAsync(await VerificationSteps.SubmitCodeAsync(client, first, firstCode), HttpStatusCode.OK);
        Assert.Equal([4070006], Wire.Ids(Wire.FlowMessages(expired)));
        Assert.False((await VerificationSteps.AddressAsync(portal, id, email))["verified"]!.GetValue<bool>());

        // And once the flow itself is past its lifespan, Kratos's 410 with the flow to use instead.
        clock.Advance(TimeSpan.FromHours(1));
        var gone = await Wire.AssertErrorAsync(await VerificationSteps.SubmitCodeAsync(client, first, firstCode), HttpStatusCode.Gone, "self_service_flow_expired");
        Assert.NotNull(gone["use_flow_id"]);
    }

    [Fact]
    public async Task Sending_is_rate_limited_per_address_with_sign_in_and_recovery()
    {
        var (email, _) = await RecoverySteps.RegisteredAsync(portal, "verify-limit");
        using var client = portal.NewClient();
        for (var i = 0; i < 3; i++) await VerificationSteps.SentAsync(client, email);
        var flow = await client.CreateBrowserFlowAsync("verification");
        var limited = await Wire.AssertErrorAsync(await VerificationSteps.SendAsync(client, flow, email), HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
        Assert.NotNull(limited["error"]!["details"]!["retry_after_seconds"]);
        // The same budget as sign-in's emails: asking through another flow leaves no more room.
        var login = await client.CreateBrowserFlowAsync("login");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await EmailSteps.SendAsync(client, login, email)).StatusCode);
    }

    [Fact]
    public async Task A_native_app_verifies_with_the_code()
    {
        var (email, id) = await RecoverySteps.RegisteredAsync(portal, "verify-api");
        using var app = portal.NewClient();
        var flow = await app.CreateApiFlowAsync("verification");
        var sent = await Wire.AssertFlowAsync(await VerificationSteps.SendAsync(app, flow, email), HttpStatusCode.OK);
        Assert.Equal("sent_email", sent["state"]!.GetValue<string>());
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        var done = await Wire.AssertFlowAsync(await VerificationSteps.SubmitCodeAsync(app, sent, code), HttpStatusCode.OK);
        Assert.Equal("passed_challenge", done["state"]!.GetValue<string>());
        Assert.True((await VerificationSteps.AddressAsync(portal, id, email))["verified"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_signed_in_browser_may_verify_too()
    {
        var email = $"signed-in-{Guid.NewGuid():N}@example.com";
        using var client = portal.NewClient();
        var (registered, body) = await Journeys.RegisterAsync(client, new SoftwareAuthenticator(), email);
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var flow = await VerificationSteps.SentAsync(client, email);
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        Assert.Equal(HttpStatusCode.OK, (await VerificationSteps.SubmitCodeAsync(client, flow, code)).StatusCode);
        var whoami = await Wire.ObjectAsync(await client.WhoAmIAsync());
        var address = whoami["identity"]!["verifiable_addresses"]![0]!;
        Assert.True(address["verified"]!.GetValue<bool>());
        Assert.Equal("completed", address["status"]!.GetValue<string>());
        Assert.NotNull(address["verified_at"]);
    }

    [Theory]
    [InlineData("{\"method\":\"code\",\"email\":[1,2]}")]
    [InlineData("{\"method\":\"code\",\"code\":{\"a\":1}}")]
    [InlineData("not json")]
    [InlineData("{\"method\":\"code\",\"email\":\"a@b.c\",\"email\":\"d@e.f\"}")]
    public async Task Malformed_bodies_are_refused_in_Kratos_s_shape(string body)
    {
        using var app = portal.NewClient();
        var flow = await app.CreateApiFlowAsync("verification");
        var response = await app.Http.SendAsync(Wire.Json(HttpMethod.Post, $"/self-service/verification?flow={PortalClient.Id(flow)}", body));
        Assert.InRange((int)response.StatusCode, 400, 499);
        var json = await Wire.BodyAsync(response);
        Assert.True(Wire.IsKratosError(json) || Wire.IsFlow(json), json?.ToJsonString());
    }

    [Theory]
    [InlineData("/self-service/verification?flow=not-a-guid&code=123456")]
    [InlineData("/self-service/verification?flow=00000000-0000-0000-0000-000000000000&code=123456")]
    public async Task A_forged_link_leads_to_a_new_flow(string link)
    {
        using var client = portal.NewClient();
        var opened = await client.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
        Assert.Equal($"{portal.BaseUrl}/self-service/verification/browser", opened.Headers.Location!.ToString());
    }
}
