using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Every way a session ends takes effect on the very next whoami, however often whoami was asked
/// before: by cookie, by token header and by bearer, and on every request after it. The other
/// sessions of the same person keep working unless they were ended too.
/// </summary>
public sealed class SessionRevocationCacheTests(AdminPortalFixture fixture) : IClassFixture<AdminPortalFixture>, IDisposable
{
    private readonly PortalFactory portal = fixture.Portal;
    private readonly AdminSteps admin = new(fixture.Portal);
    private readonly WhoAmIProbe whoami = new(fixture.Portal);
    private readonly List<IDisposable> held = [];

    public void Dispose()
    {
        held.ForEach(h => h.Dispose());
        whoami.Dispose();
        admin.Dispose();
    }

    private async Task<HeldSession> SignUpAsync(string name) => Keep(await HeldSession.SignUpAsync(portal, name));
    private async Task<HeldSession> AnotherBrowserAsync(HeldSession person) => Keep(await person.InAnotherBrowserAsync(portal));
    private async Task<HeldSession> AnAppAsync(HeldSession person) => Keep(await person.InAnAppAsync(portal));

    private HeldSession Keep(HeldSession session)
    {
        held.Add(session);
        return session;
    }

    /// <summary>Warms every session given, as a busy app would, before the change under test.</summary>
    private async Task WarmAsync(params HeldSession[] sessions)
    {
        foreach (var session in sessions)
        {
            await whoami.WarmAsync(session.Token);
            Assert.Equal(HttpStatusCode.OK, (await session.Client.WhoAmIAsync(session.Token)).StatusCode);
        }
    }

    private async Task AssertStillWorksAsync(params HeldSession[] sessions)
    {
        foreach (var session in sessions)
            Assert.Equal(session.SessionId, (await whoami.ActiveAsync(session.Token))["id"]!.GetValue<string>());
    }

    private static async Task AssertNoContentAsync(HttpResponseMessage response)
    {
        var body = await Wire.BodyAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"{(int)response.StatusCode} {body?.ToJsonString()}");
    }

    [Fact]
    public async Task Browser_logout_ends_the_session_at_once()
    {
        var person = await SignUpAsync("logout-browser");
        var laptop = await AnotherBrowserAsync(person);
        await WarmAsync(person, laptop);

        var created = await person.Client.Http.GetAsync("/self-service/logout/browser");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var logoutUrl = (await Wire.ObjectAsync(created))["logout_url"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.SeeOther, (await person.Client.Http.GetAsync(logoutUrl)).StatusCode);

        await whoami.AssertRefusedAsync(person.Token);
        await Wire.AssertNoSessionAsync(await person.Client.WhoAmIAsync());
        await AssertStillWorksAsync(laptop);
    }

    [Fact]
    public async Task Native_logout_ends_the_app_session_at_once()
    {
        var person = await SignUpAsync("logout-api");
        var app = await AnAppAsync(person);
        await WarmAsync(app, person);

        var request = Wire.Json(HttpMethod.Delete, "/self-service/logout/api", new JsonObject { ["session_token"] = app.Token }.ToJsonString());
        await AssertNoContentAsync(await app.Client.Http.SendAsync(request));

        await whoami.AssertRefusedAsync(app.Token);
        await AssertStillWorksAsync(person);
    }

    [Fact]
    public async Task An_administrator_ending_one_session_ends_it_at_once()
    {
        var person = await SignUpAsync("admin-one");
        var laptop = await AnotherBrowserAsync(person);
        var app = await AnAppAsync(person);
        await WarmAsync(person, laptop, app);

        await AssertNoContentAsync(await admin.SendAsync(HttpMethod.Delete, $"/admin/sessions/{person.SessionId}"));

        await whoami.AssertRefusedAsync(person.Token);
        await AssertStillWorksAsync(laptop, app);

        await AssertNoContentAsync(await admin.SendAsync(HttpMethod.Delete, $"/admin/sessions/{app.SessionId}"));
        await whoami.AssertRefusedAsync(app.Token);
        await AssertStillWorksAsync(laptop);
    }

    [Fact]
    public async Task An_administrator_ending_every_session_of_an_identity_ends_them_all_at_once()
    {
        var person = await SignUpAsync("admin-all");
        var laptop = await AnotherBrowserAsync(person);
        var app = await AnAppAsync(person);
        var bystander = await SignUpAsync("admin-all-bystander");
        await WarmAsync(person, laptop, app, bystander);

        await AssertNoContentAsync(await admin.SendAsync(HttpMethod.Delete, $"/admin/identities/{person.IdentityId}/sessions"));

        await whoami.AssertRefusedAsync(person.Token);
        await whoami.AssertRefusedAsync(laptop.Token);
        await whoami.AssertRefusedAsync(app.Token);
        await AssertStillWorksAsync(bystander);
    }

    [Fact]
    public async Task Ending_another_of_my_sessions_ends_it_at_once()
    {
        var person = await SignUpAsync("mine-one");
        var laptop = await AnotherBrowserAsync(person);
        var tablet = await AnotherBrowserAsync(person);
        await WarmAsync(person, laptop, tablet);

        await AssertNoContentAsync(await person.Client.Http.DeleteAsync($"/sessions/{laptop.SessionId}"));

        await whoami.AssertRefusedAsync(laptop.Token);
        await Wire.AssertNoSessionAsync(await laptop.Client.WhoAmIAsync());
        await AssertStillWorksAsync(person, tablet);
    }

    [Fact]
    public async Task Ending_all_my_other_sessions_ends_them_at_once_and_keeps_this_one()
    {
        var person = await SignUpAsync("mine-all");
        var laptop = await AnotherBrowserAsync(person);
        var app = await AnAppAsync(person);
        await WarmAsync(person, laptop, app);

        var response = await person.Client.Http.DeleteAsync("/sessions");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await Wire.ObjectAsync(response))["count"]!.GetValue<int>());

        await whoami.AssertRefusedAsync(laptop.Token);
        await whoami.AssertRefusedAsync(app.Token);
        await AssertStillWorksAsync(person);
    }

    [Fact]
    public async Task Deleting_the_identity_ends_its_sessions_at_once()
    {
        var person = await SignUpAsync("deleted");
        var app = await AnAppAsync(person);
        var bystander = await SignUpAsync("deleted-bystander");
        await WarmAsync(person, app, bystander);

        await AssertNoContentAsync(await admin.SendAsync(HttpMethod.Delete, $"/admin/identities/{person.IdentityId}"));

        await whoami.AssertRefusedAsync(person.Token);
        await whoami.AssertRefusedAsync(app.Token);
        await AssertStillWorksAsync(bystander);
    }

    [Theory]
    [InlineData("PATCH")]
    [InlineData("PUT")]
    public async Task An_inactive_identity_is_signed_out_at_once_and_back_in_at_once_when_active_again(string method)
    {
        var person = await SignUpAsync("inactive-" + method.ToLowerInvariant());
        var app = await AnAppAsync(person);
        var bystander = await SignUpAsync("inactive-bystander");
        await WarmAsync(person, app, bystander);

        var suspended = await SetStateAsync(method, person, "inactive");
        Assert.True(suspended.StatusCode == HttpStatusCode.OK, (await Wire.BodyAsync(suspended))?.ToJsonString());

        await whoami.AssertRefusedAsync(person.Token);
        await whoami.AssertRefusedAsync(app.Token);
        await AssertStillWorksAsync(bystander);

        // As in Kratos, the state suspends the sessions without ending them: active again, they work again, also at once.
        Assert.Equal(HttpStatusCode.OK, (await SetStateAsync(method, person, "active")).StatusCode);
        await AssertStillWorksAsync(person, app);
    }

    private Task<HttpResponseMessage> SetStateAsync(string method, HeldSession person, string state) => method == "PATCH"
        ? admin.PatchAsync(person.IdentityId, $$"""[{"op": "replace", "path": "/state", "value": "{{state}}"}]""")
        : admin.SendAsync(HttpMethod.Put, $"/admin/identities/{person.IdentityId}", new JsonObject
        {
            ["schema_id"] = "default",
            ["traits"] = new JsonObject { ["email"] = person.Email },
            ["state"] = state,
        }.ToJsonString());
}
