using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Cluster;

/// <summary>
/// Nothing of a flow, a session or a code lives only in the instance that made it: a ceremony begun
/// on one instance ends on the other, a session ended on one is refused by the other on the next
/// request, and one code raced on both signs in once.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FlowsAcrossInstancesTests(ClusterFixture cluster)
{
    private static string Email(string name) => $"{name}-{Guid.NewGuid():N}@cluster.example";

    [Fact]
    public async Task A_passkey_registration_and_sign_in_begun_on_A_finish_on_B_directly_and_through_the_balancer()
    {
        var key = new SoftwareAuthenticator();
        using (var browser = new ClusterBrowser())
        {
            var (status, body) = await browser.RegisterAsync(cluster.A.BaseUrl, cluster.B.BaseUrl, key, Email("across"), cluster.A.BaseUrl);
            Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        }
        using (var browser = new ClusterBrowser())
        {
            var (status, body) = await browser.SignInAsync(cluster.A.BaseUrl, cluster.B.BaseUrl, key, cluster.A.BaseUrl);
            Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
            var session = body["session"]!["id"]!.GetValue<string>();
            foreach (var instance in new[] { cluster.A, cluster.B })
                Assert.Equal(session, (await Wire.ObjectAsync(await browser.WhoAmIAsync(instance.BaseUrl)))["id"]!.GetValue<string>());
        }

        // Through the balancer, round-robin sends a flow's two requests to different instances.
        var other = new SoftwareAuthenticator();
        using (var browser = new ClusterBrowser())
        {
            var (status, body) = await browser.RegisterAsync(cluster.PublicUrl, cluster.PublicUrl, other, Email("balanced"), cluster.PublicUrl);
            Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        }
        for (var i = 0; i < 4; i++)
        {
            using var browser = new ClusterBrowser();
            var (status, body) = await browser.SignInAsync(cluster.PublicUrl, cluster.PublicUrl, other, cluster.PublicUrl);
            Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
            var session = body["session"]!["id"]!.GetValue<string>();
            Assert.Equal(session, (await Wire.ObjectAsync(await browser.WhoAmIAsync(cluster.PublicUrl)))["id"]!.GetValue<string>());
            Assert.Equal(1, await cluster.CountAsync("SELECT count(*) FROM sessions WHERE id = @id AND active", ("id", Guid.Parse(session))));
        }
    }

    [Fact]
    public async Task A_session_revoked_on_A_by_the_admin_api_or_by_logout_is_refused_on_B_at_once()
    {
        var key = new SoftwareAuthenticator();
        using var first = new ClusterBrowser();
        var (status, body) = await first.RegisterAsync(cluster.A.BaseUrl, cluster.A.BaseUrl, key, Email("revoked"), cluster.A.BaseUrl);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        var session = body["session"]!["id"]!.GetValue<string>();
        // Both instances have answered for this session, so each could answer again from memory.
        Assert.Equal(HttpStatusCode.OK, (await first.WhoAmIAsync(cluster.B.BaseUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.WhoAmIAsync(cluster.A.BaseUrl)).StatusCode);

        using var admin = new HttpClient();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{cluster.A.AdminUrl}/admin/sessions/{session}")).StatusCode);
        await Wire.AssertNoSessionAsync(await first.WhoAmIAsync(cluster.B.BaseUrl));

        using var second = new ClusterBrowser();
        (status, body) = await second.SignInAsync(cluster.B.BaseUrl, cluster.B.BaseUrl, key, cluster.B.BaseUrl);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await second.WhoAmIAsync(cluster.B.BaseUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.WhoAmIAsync(cluster.A.BaseUrl)).StatusCode);

        var signedIn = body["session"]!["id"]!.GetValue<string>();
        var cookie = second.Cookies.GetCookies(new Uri(cluster.B.BaseUrl))["ory_kratos_session"]!.Value;
        var logout = new HttpRequestMessage(HttpMethod.Get, $"{cluster.A.BaseUrl}/self-service/logout/browser");
        logout.Headers.Accept.ParseAdd("application/json");
        var logoutUrl = (await Wire.ObjectAsync(await second.Http.SendAsync(logout)))["logout_url"]!.GetValue<string>();
        // The link names the public URL; followed on A itself, so the logout is A's.
        Assert.StartsWith(cluster.PublicUrl, logoutUrl);
        var ended = await second.Http.GetAsync(cluster.A.BaseUrl + logoutUrl[cluster.PublicUrl.Length..]);
        Assert.True((int)ended.StatusCode is 303 or 302 or 204, $"logout: {(int)ended.StatusCode}");
        // The browser dropped the cookie when the logout cleared it; B must refuse it even if it is sent again.
        using var replay = new HttpClient();
        var whoami = new HttpRequestMessage(HttpMethod.Get, $"{cluster.B.BaseUrl}/sessions/whoami");
        whoami.Headers.Add("Cookie", $"ory_kratos_session={cookie}");
        await Wire.AssertNoSessionAsync(await replay.SendAsync(whoami));
        Assert.Equal(0, await cluster.CountAsync("SELECT count(*) FROM sessions WHERE id = @id AND active", ("id", Guid.Parse(signedIn))));
    }

    [Fact]
    public async Task One_email_code_submitted_on_A_and_on_B_at_once_signs_in_exactly_once()
    {
        using var admin = new HttpClient();
        for (var round = 0; round < 5; round++)
        {
            var email = Email("race");
            var created = await admin.PostAsync($"{cluster.A.AdminUrl}/admin/identities",
                new StringContent(new JsonObject { ["traits"] = new JsonObject { ["email"] = email } }.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var identity = Guid.Parse((await Wire.ObjectAsync(created))["id"]!.GetValue<string>());

            using var app = new ClusterBrowser();
            var flow = await app.ApiFlowAsync(cluster.A.BaseUrl, "login");
            var sent = await Wire.AssertFlowAsync(await app.SubmitAsync(cluster.A.BaseUrl, "login", flow,
                new JsonObject { ["method"] = "code", ["identifier"] = email }));
            var code = (await cluster.Mail.WaitForEmailAsync(email, timeout: TimeSpan.FromSeconds(30))).Code();

            JsonObject Answer() => new() { ["method"] = "code", ["identifier"] = email, ["code"] = code };
            using var start = new SemaphoreSlim(0);
            async Task<HttpResponseMessage> SubmitWhenToldAsync(string on)
            {
                await start.WaitAsync();
                return await app.SubmitAsync(on, "login", sent, Answer());
            }
            var racing = new[] { Task.Run(() => SubmitWhenToldAsync(cluster.A.BaseUrl)), Task.Run(() => SubmitWhenToldAsync(cluster.B.BaseUrl)) };
            start.Release(2);
            var answers = await Task.WhenAll(racing);

            var bodies = await Task.WhenAll(answers.Select(Wire.BodyAsync));
            var report = string.Join("\n", answers.Zip(bodies, (a, b) => $"{(int)a.StatusCode} {b?.ToJsonString()}"));
            var won = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
            Assert.True(won == 1, $"round {round}: {won} submissions won:\n{report}");
            var loser = Array.FindIndex(answers, a => a.StatusCode != HttpStatusCode.OK);
            Assert.True((int)answers[loser].StatusCode is >= 400 and < 500, report);
            Assert.True(Wire.IsFlow(bodies[loser]) || Wire.IsKratosError(bodies[loser]), report);
            Assert.DoesNotContain("session_token", bodies[loser]!.ToJsonString());
            Assert.Equal(1, await cluster.CountAsync("SELECT count(*) FROM sessions WHERE identity_id = @id", ("id", identity)));
        }
    }
}
