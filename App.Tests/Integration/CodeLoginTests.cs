using System.Net;
using System.Text.Json.Nodes;
using App.Courier;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// "Can't use passkey?" over the Kratos API: one email with a code and a link, which sign in once,
/// within the lifespan, in the flow they were sent for, within five tries.
/// </summary>
public sealed class CodeLoginTests : IDisposable
{
    private readonly FakeClock clock = new();
    private readonly PortalFactory portal;

    public CodeLoginTests() => portal = new PortalFactory() { Clock = clock };

    public void Dispose() => portal.Dispose();

    private async Task<string> RegisteredAsync(string name)
    {
        var email = $"{name}-{Guid.NewGuid():N}@example.com";
        using var client = portal.NewClient();
        var (response, _) = await Journeys.RegisterAsync(client, new SoftwareAuthenticator(), email);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return email;
    }

    private async Task<(PortalClient Client, JsonObject Flow)> SentAsync(string email)
    {
        var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var sent = await Wire.AssertFlowAsync(await EmailSteps.SendAsync(client, flow, email), HttpStatusCode.BadRequest);
        return (client, sent);
    }

    [Fact]
    public async Task Sending_answers_400_with_the_flow_waiting_for_the_code_as_Kratos_does()
    {
        var email = await RegisteredAsync("send");
        var (client, flow) = await SentAsync(email);
        using var _ = client;

        Assert.Equal("sent_email", flow["state"]!.GetValue<string>());
        Assert.Equal("code", flow["active"]?.GetValue<string>());
        Assert.Contains(1010014, Wire.Ids(Wire.FlowMessages(flow)));
        var nodes = Wire.Nodes(flow).Select(n => $"{n["group"]}/{n["attributes"]!["name"]}/{n["attributes"]!["type"]}").ToList();
        Assert.Equal(["default/csrf_token/hidden", "default/identifier/hidden", "code/method/hidden", "code/code/text", "code/method/submit", "code/resend/submit"], nodes);
        Assert.Equal(email, PortalClient.NodeValue(flow, "identifier"));
        var code = PortalClient.Node(flow, "code")!;
        Assert.Equal("one-time-code", code["attributes"]!["autocomplete"]!.GetValue<string>());
        Assert.Equal(1070013, code["meta"]!["label"]!["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_emailed_code_signs_in_with_an_aal1_code_session_and_verifies_the_address()
    {
        var email = await RegisteredAsync("code");
        var (client, flow) = await SentAsync(email);
        using var _ = client;
        var message = await EmailSteps.LatestEmailAsync(portal, email);
        Assert.Equal("login_code_valid", message.TemplateType);
        var code = EmailSteps.CodeIn(message);
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Contains(code, message.Body);
        Assert.Contains(code, message.HtmlBody);

        var response = await EmailSteps.SubmitCodeAsync(client, flow, code);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var session = (await Wire.ObjectAsync(response))["session"]!;
        Assert.Equal("aal1", session["authenticator_assurance_level"]!.GetValue<string>());
        Assert.Equal("code", session["authentication_methods"]![0]!["method"]!.GetValue<string>());
        var address = session["identity"]!["verifiable_addresses"]![0]!;
        Assert.True(address["verified"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.OK, (await client.WhoAmIAsync()).StatusCode);
    }

    [Fact]
    public async Task The_emailed_link_token_signs_in_through_the_same_flow()
    {
        var email = await RegisteredAsync("link");
        var (client, flow) = await SentAsync(email);
        using var _ = client;
        var message = await EmailSteps.LatestEmailAsync(portal, email);
        Assert.Contains($"/login?flow={PortalClient.Id(flow)}&link=", message.Body);
        var token = EmailSteps.LinkTokenIn(message);
        Assert.True(token.Length >= 43, token);

        var response = await EmailSteps.SubmitCodeAsync(client, flow, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task An_expired_code_is_refused()
    {
        var email = await RegisteredAsync("expired");
        var (client, flow) = await SentAsync(email);
        using var _ = client;
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));

        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var refused = await Wire.AssertFlowAsync(await EmailSteps.SubmitCodeAsync(client, flow, code));
        Assert.Contains(4010008, Wire.Ids(Wire.NodeMessages(refused, "code")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_codes_invalidate_the_flow_even_for_the_right_code()
    {
        var email = await RegisteredAsync("wrong");
        var (client, flow) = await SentAsync(email);
        using var _ = client;
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        var wrong = code == "000000" ? "111111" : "000000";

        for (var i = 1; i <= 4; i++)
        {
            var refused = await Wire.AssertFlowAsync(await EmailSteps.SubmitCodeAsync(client, flow, wrong));
            Assert.Contains(4010008, Wire.Ids(Wire.NodeMessages(refused, "code")));
        }
        var fifth = await Wire.AssertErrorAsync(await EmailSteps.SubmitCodeAsync(client, flow, wrong), HttpStatusCode.BadRequest, null);
        Assert.Contains("submitted too often", fifth["error"]!["reason"]!.GetValue<string>());

        await Wire.AssertErrorAsync(await EmailSteps.SubmitCodeAsync(client, flow, code), HttpStatusCode.BadRequest, null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
    }

    [Fact]
    public async Task A_used_code_does_not_sign_in_again()
    {
        var email = await RegisteredAsync("reuse");
        using var client = portal.NewClient();
        var flow = await client.CreateApiFlowAsync("login");
        var sent = await Wire.AssertFlowAsync(await EmailSteps.SendAsync(client, flow, email));
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        var first = await EmailSteps.SubmitCodeAsync(client, sent, code);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var again = await Wire.AssertFlowAsync(await EmailSteps.SubmitCodeAsync(client, sent, code));
        Assert.DoesNotContain("session_token", again.ToJsonString());
    }

    [Fact]
    public async Task A_code_from_another_flow_is_refused()
    {
        var email = await RegisteredAsync("other-flow");
        var (clientA, _) = await SentAsync(email);
        var codeA = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        var (clientB, flowB) = await SentAsync(email);
        using var a = clientA;
        using var b = clientB;
        var codeB = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        if (codeA == codeB) return; // one chance in a million; nothing to tell apart

        var refused = await Wire.AssertFlowAsync(await EmailSteps.SubmitCodeAsync(clientB, flowB, codeA));
        Assert.Contains(4010008, Wire.Ids(Wire.NodeMessages(refused, "code")));
        Assert.Equal(HttpStatusCode.OK, (await EmailSteps.SubmitCodeAsync(clientB, flowB, codeB)).StatusCode);
    }

    [Fact]
    public async Task Resending_retires_the_earlier_code()
    {
        var email = await RegisteredAsync("resend");
        var (client, flow) = await SentAsync(email);
        using var _ = client;
        var first = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        var resent = await Wire.AssertFlowAsync(await EmailSteps.ResendAsync(client, flow));
        Assert.Equal("sent_email", resent["state"]!.GetValue<string>());
        var emails = await EmailSteps.OutboxAsync(portal, email);
        Assert.Equal(2, emails.Count);
        var second = EmailSteps.CodeIn(emails[^1]);
        if (first == second) return;

        var refused = await Wire.AssertFlowAsync(await EmailSteps.SubmitCodeAsync(client, resent, first));
        Assert.Contains(4010008, Wire.Ids(Wire.NodeMessages(refused, "code")));
        Assert.Equal(HttpStatusCode.OK, (await EmailSteps.SubmitCodeAsync(client, resent, second)).StatusCode);
    }

    [Fact]
    public async Task A_malformed_address_or_an_empty_code_gets_a_field_message_and_no_email()
    {
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var refused = await Wire.AssertFlowAsync(await EmailSteps.SendAsync(client, flow, "not an address"));
        Assert.Equal("choose_method", refused["state"]!.GetValue<string>());
        Assert.NotEmpty(Wire.NodeMessages(refused, "identifier"));
        Assert.Empty(await EmailSteps.OutboxAsync(portal, "not an address"));
    }

    [Fact]
    public async Task The_hosted_code_form_signs_in_although_it_posts_method_twice()
    {
        // The page renders Kratos's nodes: a hidden method=code and the "Continue" button, also
        // method=code. A browser sends both values; the first one counts, as in Kratos.
        var email = await RegisteredAsync("form");
        var (client, flow) = await SentAsync(email);
        using var _ = client;
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        var response = await client.Http.PostAsync($"/self-service/login?flow={PortalClient.Id(flow)}", new FormUrlEncodedContent(
        [
            new("csrf_token", PortalClient.Csrf(flow)),
            new("identifier", email),
            new("method", "code"),
            new("code", code),
            new("method", "code"),
        ]));
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.WhoAmIAsync()).StatusCode);
    }
}
