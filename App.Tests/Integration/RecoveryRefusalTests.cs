using System.Net;
using System.Text.Json.Nodes;
using App.Courier;
using App.Data;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// What recovery by email refuses, with the code method's rules: a used or expired code or link,
/// too many wrong codes, too many emails or tries; and what it never tells: whether an address has
/// an account. Every refusal is in the audit log with why.
/// </summary>
public sealed class RecoveryRefusalTests : IDisposable
{
    private readonly FakeClock clock = new();
    private readonly PortalFactory portal;

    public RecoveryRefusalTests() => portal = new PortalFactory { Clock = clock };

    public void Dispose() => portal.Dispose();

    private async Task<(PortalClient Client, JsonObject Flow, string Email)> SentAsync(string name)
    {
        var (email, _) = await RecoverySteps.RegisteredAsync(portal, name);
        var client = portal.NewClient();
        return (client, await RecoverySteps.SentAsync(client, email), email);
    }

    private async Task<List<string>> FailuresAsync() =>
        (await RecoverySteps.AuditAsync(portal)).Where(e => e.Type == "recovery.refused")
            .Select(e => RecoverySteps.Details(e)["failure"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task A_used_code_does_not_recover_again()
    {
        var (client, flow, email) = await SentAsync("reuse-code");
        using var _ = client;
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        Assert.Equal(HttpStatusCode.OK, (await RecoverySteps.SubmitCodeAsync(client, flow, code)).StatusCode);

        // In another flow the used code is worth nothing: codes are bound to the flow they were sent for.
        using var again = portal.NewClient();
        var other = await RecoverySteps.SentAsync(again, email);
        var refused = await Wire.AssertFlowAsync(await RecoverySteps.SubmitCodeAsync(again, other, code), HttpStatusCode.OK);
        Assert.Contains(4060006, Wire.Ids(Wire.FlowMessages(refused)));
        Assert.Null(refused["continue_with"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.WhoAmIAsync()).StatusCode);

        // Signed out again, the browser cannot use its own flow a second time.
        var logout = await Wire.ObjectAsync(await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/self-service/logout/browser") { Headers = { { "Accept", "application/json" } } }));
        await client.Http.GetAsync(logout["logout_url"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
        var replay = await Wire.AssertFlowAsync(await RecoverySteps.SubmitCodeAsync(client, flow, code));
        Assert.Equal([4060001], Wire.Ids(Wire.FlowMessages(replay)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
        Assert.Contains("already_used", await FailuresAsync());
    }

    [Fact]
    public async Task A_used_link_does_not_recover_again_and_another_browser_cannot_use_it_at_all()
    {
        var (client, flow, email) = await SentAsync("reuse-link");
        using var _ = client;
        var link = EmailSteps.LinkTokenIn(await EmailSteps.LatestEmailAsync(portal, email));

        // Another browser: the flow is not its own.
        using var elsewhere = portal.NewClient();
        var other = await elsewhere.CreateBrowserFlowAsync("recovery");
        var foreign = await elsewhere.SubmitJsonAsync("recovery", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "code", ["csrf_token"] = PortalClient.Csrf(other), ["code"] = link,
        });
        await Wire.AssertErrorAsync(foreign, HttpStatusCode.Forbidden, "security_csrf_violation");
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.WhoAmIAsync()).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await RecoverySteps.SubmitCodeAsync(client, flow, link)).StatusCode);
        // The link's token works in no other flow either.
        var stolen = await Wire.AssertFlowAsync(await elsewhere.SubmitJsonAsync("recovery", PortalClient.Id(other), new JsonObject
        {
            ["method"] = "code", ["csrf_token"] = PortalClient.Csrf(other), ["email"] = email,
        }), HttpStatusCode.OK);
        var refused = await Wire.AssertFlowAsync(await RecoverySteps.SubmitCodeAsync(elsewhere, stolen, link), HttpStatusCode.OK);
        Assert.Contains(4060006, Wire.Ids(Wire.FlowMessages(refused)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.WhoAmIAsync()).StatusCode);
    }

    [Fact]
    public async Task An_expired_code_is_refused_and_an_expired_flow_is_replaced()
    {
        var (client, flow, email) = await SentAsync("expired");
        using var _ = client;
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));

        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var refused = await Wire.AssertFlowAsync(await RecoverySteps.SubmitCodeAsync(client, flow, code), HttpStatusCode.OK);
        Assert.Contains(4060006, Wire.Ids(Wire.FlowMessages(refused)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);

        // After the flow's hour, the flow itself is gone: a new one is offered, as Kratos does.
        clock.Advance(TimeSpan.FromHours(1));
        var gone = await Wire.AssertErrorAsync(await RecoverySteps.SubmitCodeAsync(client, flow, code), HttpStatusCode.Gone, "self_service_flow_expired");
        var replacement = await client.GetFlowObjectAsync("recovery", gone["use_flow_id"]!.GetValue<string>());
        Assert.Equal("choose_method", replacement["state"]!.GetValue<string>());
        Assert.Contains(4060005, Wire.Ids(Wire.FlowMessages(replacement)));
        Assert.Equal(["wrong_code", "expired"], await FailuresAsync());
    }

    [Fact]
    public async Task Five_wrong_codes_end_the_flow_even_for_the_right_code()
    {
        var (client, flow, email) = await SentAsync("wrong");
        using var _ = client;
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        var wrong = code == "000000" ? "111111" : "000000";

        for (var i = 1; i <= 4; i++)
        {
            var refused = await Wire.AssertFlowAsync(await RecoverySteps.SubmitCodeAsync(client, flow, wrong), HttpStatusCode.OK);
            Assert.Contains(4060006, Wire.Ids(Wire.FlowMessages(refused)));
        }
        var fifth = await Wire.AssertErrorAsync(await RecoverySteps.SubmitCodeAsync(client, flow, wrong), HttpStatusCode.BadRequest, null);
        Assert.Contains("submitted too often", fifth["error"]!["reason"]!.GetValue<string>());
        await Wire.AssertErrorAsync(await RecoverySteps.SubmitCodeAsync(client, flow, code), HttpStatusCode.BadRequest, null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);

        // The page offers nothing to type into any more, only a new start.
        var posted = await client.SubmitFormAsync("recovery", PortalClient.Id(flow), new Dictionary<string, string>
        {
            ["csrf_token"] = PortalClient.Csrf(flow), ["method"] = "code", ["code"] = code,
        });
        var page = await client.Http.GetStringAsync(posted.Headers.Location);
        Assert.Contains("Too many wrong codes. Please ask for a new email.", page);
        Assert.Contains("href=\"/self-service/recovery/browser\"", page);
        Assert.DoesNotContain("name=\"code\"", page);
        Assert.DoesNotContain("If an account uses", page);
        Assert.Equal(["wrong_code", "wrong_code", "wrong_code", "wrong_code", "too_many_attempts", "too_many_attempts", "too_many_attempts"], await FailuresAsync());
    }

    [Fact]
    public async Task Emails_and_tries_count_against_the_same_limits_as_email_sign_in()
    {
        using var limited = new PortalFactory(new Dictionary<string, string?>
        {
            ["selfservice.methods.code.config.rate_limits.sends_per_address"] = "2",
            ["selfservice.methods.code.config.rate_limits.submissions_per_ip"] = "3",
        });
        var (email, _) = await RecoverySteps.RegisteredAsync(limited, "limits");
        using var client = limited.NewClient();
        var login = await client.CreateBrowserFlowAsync("login");
        Assert.Equal(HttpStatusCode.BadRequest, (await EmailSteps.SendAsync(client, login, email)).StatusCode);
        var flow = await RecoverySteps.SentAsync(client, email);

        var third = await RecoverySteps.ResendAsync(client, flow);
        var error = await Wire.AssertErrorAsync(third, HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
        Assert.True(int.Parse(third.Headers.GetValues("Retry-After").Single()) > 0);
        Assert.Equal(2, (await EmailSteps.OutboxAsync(limited, email)).Count);

        for (var i = 0; i < 3; i++) await RecoverySteps.SubmitCodeAsync(client, flow, "00000" + i);
        await Wire.AssertErrorAsync(await RecoverySteps.SubmitCodeAsync(client, flow, "000009"), HttpStatusCode.TooManyRequests, "rate_limit_exceeded");

        await using var scope = limited.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var limits = await db.AuditEvents.Where(e => e.Type == "security.rate_limited").Select(e => e.Details!).ToListAsync();
        Assert.Equal(2, limits.Count(d => d.Contains("\"flow\":\"recovery\"")));
        Assert.Contains("sending codes", error["error"]!["reason"]!.GetValue<string>());
    }

    /// <summary>The flow as a client sees it, less what differs per request (ids, times, token, the address typed).</summary>
    private static string Shape(JsonObject flow, string email)
    {
        var copy = flow.DeepClone().AsObject();
        foreach (var key in new[] { "id", "issued_at", "expires_at", "request_url", "created_at", "updated_at" }) copy.Remove(key);
        copy["ui"]!["action"] = "";
        foreach (var node in copy["ui"]!["nodes"]!.AsArray())
            if (node!["attributes"]!["name"]?.GetValue<string>() == "csrf_token") node["attributes"]!["value"] = "";
        return copy.ToJsonString().Replace(email, "ADDRESS");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Known_and_unknown_addresses_get_the_same_answer_and_the_same_work(bool notifyUnknown)
    {
        var counter = new StatementCounter();
        using var counted = new PortalFactory(new Dictionary<string, string?>
        {
            ["selfservice.flows.recovery.notify_unknown_recipients"] = notifyUnknown ? "true" : "false",
        })
        { ExtraServices = s => s.ConfigureDbContext<PortalDbContext>(o => o.AddInterceptors(counter)) };
        var (known, _) = await RecoverySteps.RegisteredAsync(counted, "known");
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";

        async Task<(HttpStatusCode Status, string Shape, int Statements, string Page)> SendAsync(string email)
        {
            using var client = counted.NewClient();
            var flow = await client.CreateBrowserFlowAsync("recovery");
            var before = counter.Count;
            var response = await RecoverySteps.SendAsync(client, flow, email);
            var statements = counter.Count - before;
            var body = await Wire.ObjectAsync(response);
            var page = await client.Http.GetStringAsync($"/recovery?flow={PortalClient.Id(flow)}");
            var comparable = page.Replace(email, "ADDRESS").Replace(PortalClient.Id(flow), "FLOW");
            return (response.StatusCode, Shape(body, email), statements, System.Text.RegularExpressions.Regex.Replace(comparable, "value=\"[^\"]{40,}\"", ""));
        }

        // Warm both paths once so that first-use costs (compiled queries, the HMAC key) are not compared.
        await SendAsync($"warm-{Guid.NewGuid():N}@example.com");
        await SendAsync((await RecoverySteps.RegisteredAsync(counted, "warm")).Email);

        var a = await SendAsync(known);
        var b = await SendAsync(unknown);
        Assert.Equal(HttpStatusCode.OK, a.Status);
        Assert.Equal(a.Status, b.Status);
        Assert.Equal(a.Shape, b.Shape);
        Assert.Equal(a.Page, b.Page);
        Assert.True(a.Statements > 5, $"only {a.Statements} statements were counted");
        Assert.Equal(a.Statements, b.Statements);

        var toKnown = Assert.Single(await EmailSteps.OutboxAsync(counted, known));
        Assert.Equal(CourierStatuses.Queued, toKnown.Status);
        Assert.Equal("recovery_code_valid", toKnown.TemplateType);
        var toUnknown = Assert.Single(await EmailSteps.OutboxAsync(counted, unknown));
        Assert.Equal("recovery_code_invalid", toUnknown.TemplateType);
        Assert.Equal(notifyUnknown ? CourierStatuses.Queued : CourierStatuses.Abandoned, toUnknown.Status);
        Assert.DoesNotMatch(@"\b\d{6}\b", toUnknown.Subject + toUnknown.Body);
        Assert.DoesNotContain("link=", toUnknown.Body);
    }

    [Fact]
    public async Task A_code_for_an_unknown_address_recovers_nothing()
    {
        using var client = portal.NewClient();
        var flow = await RecoverySteps.SentAsync(client, $"nobody-{Guid.NewGuid():N}@example.com");
        foreach (var guess in new[] { "000000", "123456" })
        {
            var refused = await Wire.AssertFlowAsync(await RecoverySteps.SubmitCodeAsync(client, flow, guess), HttpStatusCode.OK);
            Assert.Contains(4060006, Wire.Ids(Wire.FlowMessages(refused)));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
    }
}
