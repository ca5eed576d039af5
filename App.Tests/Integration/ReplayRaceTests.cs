using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using App.Data;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// One signed assertion is one sign-in: submitted twice at the same moment, to one instance or to
/// two instances on one database, exactly one submission gets a session, and a later replay of it,
/// into the same flow or a new one, gets none.
/// </summary>
public sealed class ReplayRaceTests : IDisposable
{
    private const string SessionCookie = "ory_kratos_session";
    private const int Rounds = 10;
    private readonly PortalFactory a = new();
    private readonly PortalFactory b;

    public ReplayRaceTests()
    {
        // The same base URL (rp id, origin, cookie names) and the same database: two instances of one deployment.
        b = new PortalFactory(new Dictionary<string, string?>
        {
            ["dsn"] = a.Dsn,
            ["serve.public.base_url"] = a.BaseUrl + "/",
        });
    }

    public void Dispose()
    {
        b.Dispose();
        a.Dispose();
    }

    /// <summary>A login flow begun in one browser, its CSRF cookie, and one assertion signed for its challenge.</summary>
    private sealed record Prepared(JsonObject Flow, string Cookie, string Assertion)
    {
        public HttpRequestMessage Submission(PortalFactory portal) => Submit(portal, Flow, Cookie, Assertion);
    }

    private static HttpRequestMessage Submit(PortalFactory portal, JsonObject flow, string cookie, string assertion)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{portal.BaseUrl}/self-service/login?flow={PortalClient.Id(flow)}")
        {
            Content = new StringContent(Steps.LoginBody(flow, assertion).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Add("Cookie", cookie);
        return request;
    }

    /// <summary>A client without a cookie jar: every request says which cookies it carries.</summary>
    private static HttpClient Bare(PortalFactory portal) => portal.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = false,
        BaseAddress = new Uri(portal.BaseUrl),
    });

    private static async Task<Prepared> PrepareAsync(HttpClient browser, SoftwareAuthenticator key, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/self-service/login/browser");
        request.Headers.Accept.ParseAdd("application/json");
        var response = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csrf = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("csrf_token", StringComparison.Ordinal));
        var flow = await Wire.ObjectAsync(response);
        var assertion = key.Get(PortalClient.NodeValue(flow, "passkey_challenge"), origin);
        return new Prepared(flow, csrf.Split(';')[0], assertion);
    }

    /// <summary>Sends every request at the same moment: none leaves before all are built and their tasks are waiting.</summary>
    private static async Task<HttpResponseMessage[]> AllAtOnceAsync(IReadOnlyList<(HttpClient Client, HttpRequestMessage Request)> sends)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allWaiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = 0;
        var tasks = sends.Select(s => Task.Run(async () =>
        {
            if (Interlocked.Increment(ref waiting) == sends.Count) allWaiting.SetResult();
            await gate.Task;
            return await s.Client.SendAsync(s.Request);
        })).ToList();
        await allWaiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    private static async Task<(int All, int Active)> SessionsAsync(PortalFactory portal, string identityId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var id = Guid.Parse(identityId);
        return (await db.Sessions.CountAsync(s => s.IdentityId == id), await db.Sessions.CountAsync(s => s.IdentityId == id && s.Active));
    }

    private async Task<(SoftwareAuthenticator Key, string IdentityId)> RegisteredAsync(string name)
    {
        var key = new SoftwareAuthenticator();
        using var client = a.NewClient();
        var (response, body) = await Journeys.RegisterAsync(client, key, $"{name}-{Guid.NewGuid():N}@example.com");
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return (key, body["identity"]!["id"]!.GetValue<string>());
    }

    /// <summary>Checks that exactly one answer is a sign-in and every other one a refusal in Kratos's shape; returns the winner's body.</summary>
    private static async Task<JsonObject> ExactlyOneWinnerAsync(IReadOnlyList<HttpResponseMessage> responses, string round)
    {
        var bodies = new List<JsonNode?>();
        foreach (var response in responses) bodies.Add(await Wire.BodyAsync(response));
        var summary = $"{round}: " + string.Join(" | ", responses.Select((r, i) => $"{(int)r.StatusCode} {bodies[i]?.ToJsonString()}"));
        Assert.True(responses.Count(r => r.StatusCode == HttpStatusCode.OK) == 1, summary);
        JsonObject? winner = null;
        for (var i = 0; i < responses.Count; i++)
        {
            if (responses[i].StatusCode == HttpStatusCode.OK)
            {
                winner = bodies[i]!.AsObject();
                Assert.NotNull(Steps.SetCookie(responses[i], SessionCookie));
                continue;
            }
            AssertRefused(responses[i], bodies[i], summary);
        }
        return winner!;
    }

    private static void AssertRefused(HttpResponseMessage response, JsonNode? body, string context)
    {
        Assert.True((int)response.StatusCode is >= 400 and < 500, context);
        Assert.True(Wire.IsFlow(body) || Wire.IsKratosError(body), $"Not in Kratos's shape: {context}");
        if (Wire.IsFlow(body)) Wire.AssertHasErrorMessage(body!.AsObject());
        Assert.Null(Steps.SetCookie(response, SessionCookie));
    }

    private static async Task AssertSessionWorksAsync(PortalFactory portal, string token, string sessionId)
    {
        using var client = portal.NewClient();
        var whoami = await client.WhoAmIAsync(token);
        Assert.Equal(HttpStatusCode.OK, whoami.StatusCode);
        Assert.Equal(sessionId, (await Wire.ObjectAsync(whoami))["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task One_assertion_sent_to_two_instances_at_once_signs_in_exactly_once()
    {
        var (key, identityId) = await RegisteredAsync("two-instances");
        using var toA = Bare(a);
        using var toB = Bare(b);
        // Both instances warm before the first race, so the race is between requests, not start-ups.
        Assert.Equal(HttpStatusCode.OK, (await toB.GetAsync("/health/ready")).StatusCode);

        for (var round = 1; round <= Rounds; round++)
        {
            var before = await SessionsAsync(a, identityId);
            var prepared = await PrepareAsync(toA, key, a.Origin);
            // Alternate who is asked first, so neither instance is always the faster one.
            var sends = round % 2 == 0
                ? new[] { (toA, prepared.Submission(a)), (toB, prepared.Submission(b)) }
                : new[] { (toB, prepared.Submission(b)), (toA, prepared.Submission(a)) };
            var responses = await AllAtOnceAsync(sends);

            var winner = await ExactlyOneWinnerAsync(responses, $"round {round}");
            var after = await SessionsAsync(a, identityId);
            Assert.Equal((before.All + 1, before.Active + 1), after);
            var sessionId = winner["session"]!["id"]!.GetValue<string>();
            var token = Steps.CookieValue(Steps.SetCookie(responses.Single(r => r.StatusCode == HttpStatusCode.OK), SessionCookie)!);
            // The one session is good on either instance.
            await AssertSessionWorksAsync(a, token, sessionId);
            await AssertSessionWorksAsync(b, token, sessionId);
        }
    }

    [Fact]
    public async Task Eight_simultaneous_submissions_of_one_assertion_to_one_instance_sign_in_once()
    {
        const int submissions = 8;
        var (key, identityId) = await RegisteredAsync("eight");
        using var browser = Bare(a);
        for (var round = 1; round <= 3; round++)
        {
            var before = await SessionsAsync(a, identityId);
            var prepared = await PrepareAsync(browser, key, a.Origin);

            var responses = await AllAtOnceAsync(Enumerable.Range(0, submissions).Select(_ => (browser, prepared.Submission(a))).ToList());

            await ExactlyOneWinnerAsync(responses, $"one instance, round {round}");
            Assert.Equal((before.All + 1, before.Active + 1), await SessionsAsync(a, identityId));
        }
    }

    [Fact]
    public async Task A_replay_after_the_sign_in_is_refused_in_the_same_flow_and_in_a_new_one()
    {
        var (key, identityId) = await RegisteredAsync("replay");
        using var browser = Bare(a);
        var prepared = await PrepareAsync(browser, key, a.Origin);
        var first = await browser.SendAsync(prepared.Submission(a));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var signedIn = await SessionsAsync(a, identityId);

        // The same browser without its new session, as an attacker holding the CSRF cookie and the assertion would send it.
        foreach (var portal in new[] { a, b })
        {
            using var client = Bare(portal);
            var again = await client.SendAsync(Submit(portal, prepared.Flow, prepared.Cookie, prepared.Assertion));
            AssertRefused(again, await Wire.BodyAsync(again), $"same flow on {(portal == a ? "A" : "B")}");
        }
        // The same browser with its session: refused as well, and it keeps the one session it has.
        var session = Steps.SetCookie(first, SessionCookie)!.Split(';')[0];
        var withSession = await browser.SendAsync(Submit(a, prepared.Flow, prepared.Cookie + "; " + session, prepared.Assertion));
        AssertRefused(withSession, await Wire.BodyAsync(withSession), "same flow with the session");

        // A new flow, in another browser: its challenge is not the one the assertion signed.
        using var other = Bare(a);
        var fresh = await PrepareAsync(other, key, a.Origin);
        var intoNew = await other.SendAsync(Submit(a, fresh.Flow, fresh.Cookie, prepared.Assertion));
        AssertRefused(intoNew, await Wire.BodyAsync(intoNew), "new flow");
        using var otherOnB = Bare(b);
        var intoNewOnB = await otherOnB.SendAsync(Submit(b, fresh.Flow, fresh.Cookie, prepared.Assertion));
        AssertRefused(intoNewOnB, await Wire.BodyAsync(intoNewOnB), "new flow on B");

        // A native app's flow has no CSRF to get past: the challenge alone must refuse it.
        using var app = a.NewClient();
        var apiFlow = await app.CreateApiFlowAsync("login");
        var intoApi = await app.SubmitJsonAsync("login", PortalClient.Id(apiFlow), new JsonObject { ["method"] = "passkey", ["passkey_login"] = prepared.Assertion });
        var apiBody = await Wire.BodyAsync(intoApi);
        AssertRefused(intoApi, apiBody, "new API flow");
        Assert.Null(apiBody?["session_token"]);

        Assert.Equal(signedIn, await SessionsAsync(a, identityId));
        // The passkey itself still works: only the used assertion is dead.
        using var honest = a.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await Journeys.LoginAsync(honest, key)).Response.StatusCode);
    }
}
