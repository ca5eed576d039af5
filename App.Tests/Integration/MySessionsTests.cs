using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// A user's other sessions over Kratos's API: listed without the current one, ended one by one or
/// all at once, only the user's own, and never by a session still restricted after an email sign-in.
/// </summary>
public sealed class MySessionsTests : IDisposable
{
    private readonly PortalFactory portal = new(new Dictionary<string, string?>
    {
        ["selfservice.methods.code.config.require_passkey_after_sign_in"] = "always",
    });

    public void Dispose() => portal.Dispose();

    /// <summary>One account signed in on <paramref name="devices"/> browsers, with the passkey.</summary>
    private async Task<(List<PortalClient> Devices, string Email)> SignedInOnAsync(int devices)
    {
        var phone = new SoftwareAuthenticator();
        var email = $"sessions-{Guid.NewGuid():N}@example.com";
        var first = portal.NewClient();
        var (registered, _) = await Journeys.RegisterAsync(first, phone, email);
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var all = new List<PortalClient> { first };
        for (var i = 1; i < devices; i++)
        {
            var client = portal.NewClient();
            var (signedIn, _) = await Journeys.LoginAsync(client, phone);
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
            all.Add(client);
        }
        return (all, email);
    }

    private static async Task<string> SessionIdAsync(PortalClient client) =>
        (await Wire.ObjectAsync(await client.WhoAmIAsync()))["id"]!.GetValue<string>();

    private static async Task<List<string>> ListAsync(PortalClient client, string query = "")
    {
        var response = await client.Http.GetAsync("/sessions" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Wire.BodyAsync(response))!.AsArray().Select(s => s!["id"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task The_list_holds_the_other_sessions_but_not_this_one()
    {
        var (devices, _) = await SignedInOnAsync(3);
        var ids = await Task.WhenAll(devices.Select(SessionIdAsync));
        Assert.Equal(new[] { ids[1], ids[2] }.Order(), (await ListAsync(devices[0])).Order());

        using var stranger = portal.NewClient();
        await Wire.AssertErrorAsync(await stranger.Http.GetAsync("/sessions"), HttpStatusCode.Unauthorized, "session_inactive");
        devices.ForEach(d => d.Dispose());
    }

    [Fact]
    public async Task The_list_is_paged_with_a_link_to_the_next_page()
    {
        var (devices, _) = await SignedInOnAsync(4);
        var first = await devices[0].Http.GetAsync("/sessions?page_size=2");
        Assert.Equal(2, (await Wire.BodyAsync(first))!.AsArray().Count);
        var next = first.Headers.GetValues("Link").Single();
        Assert.Matches("^</sessions\\?page_size=2&page_token=[0-9a-f-]{36}>; rel=\"next\"$", next);
        var second = await devices[0].Http.GetAsync(next[1..next.IndexOf('>')]);
        Assert.Single((await Wire.BodyAsync(second))!.AsArray());
        Assert.False(second.Headers.Contains("Link"));

        await Wire.AssertErrorAsync(await devices[0].Http.GetAsync("/sessions?page_size=0"), HttpStatusCode.BadRequest, null);
        await Wire.AssertErrorAsync(await devices[0].Http.GetAsync("/sessions?page_token=nope"), HttpStatusCode.BadRequest, null);
        devices.ForEach(d => d.Dispose());
    }

    [Fact]
    public async Task One_other_session_is_ended_and_the_rest_keep_working()
    {
        var (devices, _) = await SignedInOnAsync(3);
        var lost = await SessionIdAsync(devices[1]);

        Assert.Equal(HttpStatusCode.NoContent, (await devices[0].Http.DeleteAsync($"/sessions/{lost}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await devices[1].WhoAmIAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await devices[2].WhoAmIAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await devices[0].WhoAmIAsync()).StatusCode);

        // Not this session, not twice, not a stranger's, not junk.
        await Wire.AssertErrorAsync(await devices[0].Http.DeleteAsync($"/sessions/{await SessionIdAsync(devices[0])}"), HttpStatusCode.BadRequest, null);
        await Wire.AssertErrorAsync(await devices[0].Http.DeleteAsync($"/sessions/{lost}"), HttpStatusCode.NotFound, null);
        var (strangers, _) = await SignedInOnAsync(1);
        await Wire.AssertErrorAsync(await devices[0].Http.DeleteAsync($"/sessions/{await SessionIdAsync(strangers[0])}"), HttpStatusCode.NotFound, null);
        Assert.Equal(HttpStatusCode.OK, (await strangers[0].WhoAmIAsync()).StatusCode);
        await Wire.AssertErrorAsync(await devices[0].Http.DeleteAsync("/sessions/not-a-uuid"), HttpStatusCode.BadRequest, null);
        devices.Concat(strangers).ToList().ForEach(d => d.Dispose());
    }

    [Fact]
    public async Task All_other_sessions_end_at_once_and_the_count_is_returned()
    {
        var (devices, _) = await SignedInOnAsync(3);
        var response = await devices[0].Http.DeleteAsync("/sessions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await Wire.ObjectAsync(response))["count"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await devices[0].WhoAmIAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await devices[1].WhoAmIAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await devices[2].WhoAmIAsync()).StatusCode);
        Assert.Empty(await ListAsync(devices[0]));
        devices.ForEach(d => d.Dispose());
    }

    [Fact]
    public async Task A_session_restricted_after_an_email_sign_in_cannot_push_the_owner_out()
    {
        var (devices, email) = await SignedInOnAsync(1);
        using var intruder = portal.NewClient();
        var flow = await intruder.CreateBrowserFlowAsync("login");
        var sent = await Wire.AssertFlowAsync(await EmailSteps.SendAsync(intruder, flow, email));
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        Assert.Equal(HttpStatusCode.OK, (await EmailSteps.SubmitCodeAsync(intruder, sent, code)).StatusCode);

        var all = await intruder.Http.DeleteAsync("/sessions");
        var error = await Wire.AssertErrorAsync(all, HttpStatusCode.Forbidden, "session_passkey_enrolment_required");
        Assert.EndsWith("/self-service/settings/browser", error["redirect_browser_to"]!.GetValue<string>());
        await Wire.AssertErrorAsync(await intruder.Http.DeleteAsync($"/sessions/{await SessionIdAsync(devices[0])}"),
            HttpStatusCode.Forbidden, "session_passkey_enrolment_required");
        Assert.Equal(HttpStatusCode.OK, (await devices[0].WhoAmIAsync()).StatusCode);
        Assert.Single(await ListAsync(intruder));
        devices.ForEach(d => d.Dispose());
    }
}
