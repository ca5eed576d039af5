using System.Net;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>Sends and code tries are limited per address and per IP; the limited request is told how long to wait.</summary>
public sealed class CodeRateLimitTests
{
    [Fact]
    public async Task The_fourth_send_to_one_address_in_the_window_gets_429_with_the_wait()
    {
        var clock = new FakeClock();
        using var portal = new PortalFactory() { Clock = clock };
        var email = $"limited-{Guid.NewGuid():N}@example.com";
        for (var i = 0; i < 3; i++)
        {
            using var client = portal.NewClient();
            var flow = await client.CreateBrowserFlowAsync("login");
            Assert.Equal(HttpStatusCode.BadRequest, (await EmailSteps.SendAsync(client, flow, email)).StatusCode);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        using var limited = portal.NewClient();
        var last = await limited.CreateBrowserFlowAsync("login");
        var response = await EmailSteps.SendAsync(limited, last, email);
        var error = await Wire.AssertErrorAsync(response, HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
        var wait = int.Parse(response.Headers.GetValues("Retry-After").Single());
        Assert.InRange(wait, 11 * 60, 12 * 60 + 1); // the first send leaves the 15-minute window after 12 more minutes
        Assert.Equal(wait, error["error"]!["details"]!["retry_after_seconds"]!.GetValue<int>());
        Assert.Equal(3, (await EmailSteps.OutboxAsync(portal, email)).Count);

        // Once the first send has left the window, sending works again.
        clock.Advance(TimeSpan.FromSeconds(wait));
        Assert.Equal(HttpStatusCode.BadRequest, (await EmailSteps.SendAsync(limited, last, email)).StatusCode);
    }

    [Fact]
    public async Task A_browser_that_is_limited_sees_the_message_with_the_time_to_wait_on_the_page()
    {
        using var portal = new PortalFactory(new Dictionary<string, string?>
        {
            ["selfservice.methods.code.config.rate_limits.sends_per_ip"] = "1",
        });
        using var client = portal.NewClient();
        var first = await client.CreateBrowserFlowAsync("login");
        await EmailSteps.SendAsync(client, first, $"a-{Guid.NewGuid():N}@example.com");
        var flow = await client.CreateBrowserFlowAsync("login");

        var response = await client.SubmitFormAsync("login", PortalClient.Id(flow), new Dictionary<string, string>
        {
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["method"] = "code",
            ["identifier"] = $"b-{Guid.NewGuid():N}@example.com",
        });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var page = await client.Http.GetStringAsync(response.Headers.Location);
        Assert.Contains("Too many attempts. Please wait", page);
        Assert.Contains("minutes and try again", page);
        Assert.Contains("<details class=\"fallback\" id=\"passkey-fallback\" open", page);
    }

    [Fact]
    public async Task Code_tries_are_limited_per_address_across_flows()
    {
        using var portal = new PortalFactory(new Dictionary<string, string?>
        {
            ["selfservice.methods.code.config.rate_limits.submissions_per_address"] = "2",
        });
        var email = $"guess-{Guid.NewGuid():N}@example.com";
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var sent = await Wire.AssertFlowAsync(await EmailSteps.SendAsync(client, flow, email));
        await EmailSteps.SubmitCodeAsync(client, sent, "000000");
        await EmailSteps.SubmitCodeAsync(client, sent, "000001");

        var limited = await EmailSteps.SubmitCodeAsync(client, sent, "000002");
        await Wire.AssertErrorAsync(limited, HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
    }
}
