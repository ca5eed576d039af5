using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Kratos's admin session API: list (all, or one identity's), read, end one or all of an identity's,
/// extend; ending takes effect on whoami at once and is audited with the administrator who did it.
/// </summary>
public sealed class AdminSessionTests : IDisposable
{
    private readonly FakeClock clock = new();
    private readonly PortalFactory portal;
    private readonly AdminSteps admin;

    public AdminSessionTests()
    {
        portal = PortalFactory.StartKestrelWithAdmin(clock: clock);
        admin = new AdminSteps(portal);
    }

    public void Dispose()
    {
        admin.Dispose();
        portal.Dispose();
    }

    private static List<string> Ids(IEnumerable<JsonNode?> sessions) => sessions.Select(s => s!["id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task Sessions_are_listed_newest_first_paged_through_link_and_expanded_on_request()
    {
        using var a = await admin.SignUpAsync("list-a");
        var (second, secondId) = await admin.SignInAgainAsync(a);
        using var _ = second;
        using var b = await admin.SignUpAsync("list-b");

        var all = await admin.ListAsync("/admin/sessions");
        Assert.Equal([b.SessionId, secondId, a.SessionId], Ids(all));
        Assert.All(all, s => Assert.Null(s!["identity"]));
        Assert.All(all, s => Assert.Null(s!["devices"]));
        Assert.True(all[0]!["active"]!.GetValue<bool>());

        var (paged, pages) = await admin.AllPagesAsync("/admin/sessions?page_size=2");
        Assert.Equal(2, pages);
        Assert.Equal(Ids(all), Ids(paged));

        var expanded = await admin.ListAsync("/admin/sessions?expand=identity&expand=devices");
        Assert.Equal(b.Id, expanded[0]!["identity"]!["id"]!.GetValue<string>());
        Assert.Single(expanded[0]!["devices"]!.AsArray());

        // Kratos lists one identity's sessions with everything expanded.
        var mine = await admin.ListAsync($"/admin/identities/{a.Id}/sessions");
        Assert.Equal([secondId, a.SessionId], Ids(mine));
        Assert.All(mine, s => Assert.Equal(a.Id, s!["identity"]!["id"]!.GetValue<string>()));
        var (minePaged, minePages) = await admin.AllPagesAsync($"/admin/identities/{a.Id}/sessions?page_size=1");
        Assert.Equal(2, minePages);
        Assert.Equal(Ids(mine), Ids(minePaged));

        var one = await Wire.ObjectAsync(await admin.GetAsync($"/admin/sessions/{a.SessionId}?expand=identity"));
        Assert.Equal((a.SessionId, a.Id), (one["id"]!.GetValue<string>(), one["identity"]!["id"]!.GetValue<string>()));
        Assert.Equal("aal1", one["authenticator_assurance_level"]!.GetValue<string>());
        Assert.Equal("passkey", one["authentication_methods"]![0]!["method"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ending_one_session_signs_that_browser_out_and_lists_it_inactive()
    {
        using var person = await admin.SignUpAsync("revoke-one");
        var (other, otherId) = await admin.SignInAgainAsync(person);
        using var _ = other;

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/admin/sessions/{person.SessionId}")).StatusCode);
        await Wire.AssertNoSessionAsync(await person.Client.WhoAmIAsync());
        Assert.Equal(HttpStatusCode.OK, (await other.WhoAmIAsync()).StatusCode);
        Assert.False((await Wire.ObjectAsync(await admin.GetAsync($"/admin/sessions/{person.SessionId}")))["active"]!.GetValue<bool>());
        Assert.Equal([person.SessionId], Ids(await admin.ListAsync("/admin/sessions?active=false")));
        Assert.Equal([otherId], Ids(await admin.ListAsync("/admin/sessions?active=true")));
        // Ending it again is no error, as in Kratos.
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/admin/sessions/{person.SessionId}")).StatusCode);

        var audit = await admin.AuditAsync("session.revoked");
        Assert.Equal(2, audit.Count);
        Assert.All(audit, e => Assert.Equal(("admin:local", Guid.Parse(person.SessionId), Guid.Parse(person.Id)), (e.Actor, e.SessionId!.Value, e.IdentityId!.Value)));
    }

    [Fact]
    public async Task Ending_every_session_of_an_identity_leaves_the_others_alone()
    {
        using var person = await admin.SignUpAsync("revoke-all");
        var (other, _) = await admin.SignInAgainAsync(person);
        using var _ = other;
        using var bystander = await admin.SignUpAsync("bystander");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/admin/identities/{person.Id}/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Client.WhoAmIAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.WhoAmIAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bystander.Client.WhoAmIAsync()).StatusCode);
        Assert.All(await admin.ListAsync($"/admin/identities/{person.Id}/sessions"), s => Assert.False(s!["active"]!.GetValue<bool>()));

        var audit = Assert.Single(await admin.AuditAsync("session.revoked"));
        Assert.Equal(("admin:local", Guid.Parse(person.Id)), (audit.Actor, audit.IdentityId!.Value));
        Assert.Equal(2, JsonNode.Parse(audit.Details!)!["count"]!.GetValue<int>());

        // The person signs in again afterwards: only the sessions ended, not the account.
        var (again, _) = await admin.SignInAgainAsync(person);
        again.Dispose();
    }

    [Fact]
    public async Task Extending_a_session_makes_it_last_a_lifespan_from_now_but_an_ended_one_stays_ended()
    {
        using var person = await admin.SignUpAsync("extend");
        var before = (await Wire.ObjectAsync(await admin.GetAsync($"/admin/sessions/{person.SessionId}")))["expires_at"]!.GetValue<DateTime>();
        clock.Advance(TimeSpan.FromHours(5));

        var response = await admin.SendAsync(HttpMethod.Patch, $"/admin/sessions/{person.SessionId}/extend");
        var extended = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, extended.ToJsonString());
        var expiresAt = extended["expires_at"]!.GetValue<DateTime>().ToUniversalTime();
        Assert.Equal(clock.GetUtcNow().UtcDateTime + TimeSpan.FromHours(24), expiresAt, TimeSpan.FromSeconds(1));
        Assert.InRange(expiresAt - before.ToUniversalTime(), TimeSpan.FromHours(5) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(5) + TimeSpan.FromSeconds(1));
        Assert.Equal(person.Id, extended["identity"]!["id"]!.GetValue<string>());
        Assert.Equal("admin:local", Assert.Single(await admin.AuditAsync("admin.session_extended")).Actor);

        // Past its old expiry it still works, because it was extended.
        clock.Advance(TimeSpan.FromHours(20));
        Assert.Equal(HttpStatusCode.OK, (await person.Client.WhoAmIAsync()).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/admin/sessions/{person.SessionId}")).StatusCode);
        await Wire.AssertErrorAsync(await admin.SendAsync(HttpMethod.Patch, $"/admin/sessions/{person.SessionId}/extend"), HttpStatusCode.NotFound, null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Client.WhoAmIAsync()).StatusCode);

        var (other, otherId) = await admin.SignInAgainAsync(person);
        other.Dispose();
        clock.Advance(TimeSpan.FromHours(25));
        await Wire.AssertErrorAsync(await admin.SendAsync(HttpMethod.Patch, $"/admin/sessions/{otherId}/extend"), HttpStatusCode.NotFound, null);
        Assert.Single(await admin.AuditAsync("admin.session_extended"));
    }

    [Theory]
    [InlineData("GET", "/admin/sessions?expand=secrets", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/admin/sessions?active=maybe", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/admin/sessions?page_size=0", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/admin/sessions?page_size=1001", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/admin/sessions?page_token=%27%3B--", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/admin/sessions/not-a-uuid", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/admin/sessions/01a231d2-afa3-7eab-bb7c-c30d8e6373ee", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/admin/sessions/not-a-uuid", HttpStatusCode.BadRequest)]
    [InlineData("DELETE", "/admin/sessions/01a231d2-afa3-7eab-bb7c-c30d8e6373ee", HttpStatusCode.NotFound)]
    [InlineData("PATCH", "/admin/sessions/not-a-uuid/extend", HttpStatusCode.BadRequest)]
    [InlineData("PATCH", "/admin/sessions/01a231d2-afa3-7eab-bb7c-c30d8e6373ee/extend", HttpStatusCode.NotFound)]
    [InlineData("GET", "/admin/identities/not-a-uuid/sessions", HttpStatusCode.NotFound)]
    [InlineData("GET", "/admin/identities/01a231d2-afa3-7eab-bb7c-c30d8e6373ee/sessions", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/admin/identities/not-a-uuid/sessions", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/admin/identities/01a231d2-afa3-7eab-bb7c-c30d8e6373ee/sessions", HttpStatusCode.NotFound)]
    public async Task Bad_ids_and_queries_are_refused_in_kratos_shape(string method, string path, HttpStatusCode status)
    {
        using var person = await admin.SignUpAsync("bad");
        await Wire.AssertErrorAsync(await admin.SendAsync(new HttpMethod(method), path), status, null);
        Assert.Equal(HttpStatusCode.OK, (await person.Client.WhoAmIAsync()).StatusCode);
        Assert.Empty(await admin.AuditAsync("session.revoked"));
    }
}
