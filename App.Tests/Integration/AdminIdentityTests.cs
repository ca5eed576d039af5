using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using App.Data;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// The admin identity API on the admin listener: list, read, update (traits, state, metadata) and
/// delete, each change audited, each taking effect on sign-in and sessions at once.
/// </summary>
public sealed class AdminIdentityTests : IDisposable
{
    private readonly PortalFactory portal = PortalFactory.StartKestrelWithAdmin();
    private readonly HttpClient admin = new();

    public void Dispose()
    {
        admin.Dispose();
        portal.Dispose();
    }

    private async Task<(PortalClient Client, SoftwareAuthenticator Phone, string Email, string Id)> SignedUpAsync(string name)
    {
        var client = portal.NewClient();
        var phone = new SoftwareAuthenticator();
        var email = $"{name}-{Guid.NewGuid():N}@example.com";
        var (response, body) = await Journeys.RegisterAsync(client, phone, email);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (client, phone, email, body["identity"]!["id"]!.GetValue<string>());
    }

    private Task<HttpResponseMessage> PutAsync(string id, JsonNode body) =>
        admin.PutAsync($"{portal.AdminUrl}/admin/identities/{id}", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

    private static JsonObject Body(string email, string state = "active", JsonObject? metadataAdmin = null) => new()
    {
        ["schema_id"] = "default",
        ["traits"] = new JsonObject { ["email"] = email },
        ["state"] = state,
        ["metadata_admin"] = metadataAdmin,
    };

    [Fact]
    public async Task Lists_and_reads_identities_with_their_admin_metadata()
    {
        var (a, _, emailA, idA) = await SignedUpAsync("list-a");
        var (b, _, _, idB) = await SignedUpAsync("list-b");
        using var _ = a;
        using var __ = b;

        var all = (await admin.GetFromJsonAsync<JsonArray>($"{portal.AdminUrl}/admin/identities"))!;
        Assert.Equal([idA, idB], all.Select(i => i!["id"]!.GetValue<string>()));
        // As in Kratos, metadata_admin is left out while empty; metadata_public is always there.
        Assert.True(all[0]!.AsObject().ContainsKey("metadata_public"));
        Assert.False(all[0]!.AsObject().ContainsKey("metadata_admin"));

        var filtered = (await admin.GetFromJsonAsync<JsonArray>($"{portal.AdminUrl}/admin/identities?credentials_identifier={Uri.EscapeDataString(emailA.ToUpperInvariant())}"))!;
        Assert.Equal(idA, Assert.Single(filtered)!["id"]!.GetValue<string>());

        var paged = await admin.GetAsync($"{portal.AdminUrl}/admin/identities?page_size=1");
        Assert.Single((await Wire.BodyAsync(paged))!.AsArray());
        Assert.Contains("page_token=" + idA, paged.Headers.GetValues("Link").Single());

        var one = await Wire.ObjectAsync(await admin.GetAsync($"{portal.AdminUrl}/admin/identities/{idB}"));
        Assert.Equal(idB, one["id"]!.GetValue<string>());
        await Wire.AssertErrorAsync(await admin.GetAsync($"{portal.AdminUrl}/admin/identities/{Guid.NewGuid()}"), HttpStatusCode.NotFound, null);
        await Wire.AssertErrorAsync(await admin.GetAsync($"{portal.AdminUrl}/admin/identities/junk"), HttpStatusCode.NotFound, null);
    }

    [Fact]
    public async Task The_admin_api_is_not_on_the_public_listener()
    {
        var (client, _, _, id) = await SignedUpAsync("public");
        using var _ = client;
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/admin/identities/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.DeleteAsync($"/admin/identities/{id}")).StatusCode);
    }

    [Fact]
    public async Task Flagging_an_account_makes_its_next_email_sign_in_restricted_and_is_audited()
    {
        var (client, _, email, id) = await SignedUpAsync("flag");
        using var _ = client;
        var flag = new JsonObject { ["require_passkey_after_email_sign_in"] = true };
        var updated = await Wire.ObjectAsync(await PutAsync(id, Body(email, metadataAdmin: flag)));
        Assert.True(updated["metadata_admin"]!["require_passkey_after_email_sign_in"]!.GetValue<bool>());

        using var other = portal.NewClient();
        var flow = await other.CreateBrowserFlowAsync("login");
        var sent = await Wire.AssertFlowAsync(await EmailSteps.SendAsync(other, flow, email));
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        var success = await Wire.ObjectAsync(await EmailSteps.SubmitCodeAsync(other, sent, code));
        Assert.Equal("passkey_enrolment_required", success["session"]!["restriction"]!["id"]!.GetValue<string>());

        var audit = await AuditAsync("admin.identity_updated");
        Assert.Contains("metadata_admin", Assert.Single(audit));
    }

    [Fact]
    public async Task An_inactive_identity_loses_its_sessions_and_cannot_sign_in_until_it_is_active_again()
    {
        var (client, phone, email, id) = await SignedUpAsync("state");
        using var _ = client;
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(id, Body(email, "inactive"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
        using var again = portal.NewClient();
        var (refused, _) = await Journeys.LoginAsync(again, phone);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await PutAsync(id, Body(email))).StatusCode);
        var (signedIn, _) = await Journeys.LoginAsync(again, phone);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task A_changed_address_replaces_the_old_one_and_a_taken_or_invalid_one_is_refused()
    {
        var (client, _, email, id) = await SignedUpAsync("move");
        var (other, _, taken, _) = await SignedUpAsync("taken");
        using var _ = client;
        using var __ = other;
        var moved = $"moved-{Guid.NewGuid():N}@example.com";

        var put = await PutAsync(id, Body(moved.ToUpperInvariant()));
        var updated = await Wire.ObjectAsync(put);
        Assert.True(put.StatusCode == HttpStatusCode.OK, updated.ToJsonString());
        Assert.Equal(moved, updated["traits"]!["email"]!.GetValue<string>());
        Assert.Equal(moved, Assert.Single(updated["verifiable_addresses"]!.AsArray())!["value"]!.GetValue<string>());
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>($"{portal.AdminUrl}/admin/identities?credentials_identifier={email}"))!);

        await Wire.AssertErrorAsync(await PutAsync(id, Body(taken)), HttpStatusCode.Conflict, null);
        await Wire.AssertErrorAsync(await PutAsync(id, Body("not an address")), HttpStatusCode.BadRequest, null);
        await Wire.AssertErrorAsync(await PutAsync(id, Body(moved, "asleep")), HttpStatusCode.BadRequest, null);
        await Wire.AssertErrorAsync(await PutAsync(id, new JsonObject { ["traits"] = "x" }), HttpStatusCode.BadRequest, null);
        await Wire.AssertErrorAsync(await PutAsync(id, new JsonObject { ["schema_id"] = "nope", ["traits"] = new JsonObject() }), HttpStatusCode.BadRequest, null);
        await Wire.AssertErrorAsync(await PutAsync(id, JsonNode.Parse("[1]")!), HttpStatusCode.BadRequest, null);
        var huge = Body(moved);
        huge["metadata_public"] = new JsonObject { ["blob"] = new string('x', 100_000) };
        await Wire.AssertErrorAsync(await PutAsync(id, huge), HttpStatusCode.RequestEntityTooLarge, null);
        var metadataNotObject = Body(moved);
        metadataNotObject["metadata_admin"] = "flag";
        await Wire.AssertErrorAsync(await PutAsync(id, metadataNotObject), HttpStatusCode.BadRequest, null);

        var unchanged = await Wire.ObjectAsync(await admin.GetAsync($"{portal.AdminUrl}/admin/identities/{id}"));
        Assert.Equal(moved, unchanged["traits"]!["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_invited_identity_signs_in_by_email_and_must_save_a_passkey_first()
    {
        var email = $"invited-{Guid.NewGuid():N}@example.com";
        var flag = new JsonObject { ["require_passkey_after_email_sign_in"] = true };
        var created = await admin.PostAsync($"{portal.AdminUrl}/admin/identities",
            new StringContent(Body(email.ToUpperInvariant(), metadataAdmin: flag).ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var identity = await Wire.ObjectAsync(created);
        Assert.Equal(email, identity["traits"]!["email"]!.GetValue<string>());
        Assert.Equal("active", identity["state"]!.GetValue<string>());
        Assert.Single(await AuditAsync("admin.identity_created"));

        // No passkey yet: the first sign-in is by email, restricted until a passkey is saved.
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var sent = await Wire.AssertFlowAsync(await EmailSteps.SendAsync(client, flow, email));
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));
        var success = await Wire.ObjectAsync(await EmailSteps.SubmitCodeAsync(client, sent, code));
        Assert.Equal(identity["id"]!.GetValue<string>(), success["session"]!["identity"]!["id"]!.GetValue<string>());
        Assert.Equal("passkey_enrolment_required", success["session"]!["restriction"]!["id"]!.GetValue<string>());
        var settings = await client.CreateBrowserFlowAsync("settings");
        Assert.Equal(HttpStatusCode.OK, (await SettingsSteps.AddPasskeyAsync(client, settings, new SoftwareAuthenticator())).StatusCode);
        Assert.Null((await Wire.ObjectAsync(await client.WhoAmIAsync()))["restriction"]);

        // The same address twice, or a bad one, is refused.
        var again = await admin.PostAsync($"{portal.AdminUrl}/admin/identities",
            new StringContent(Body(email).ToJsonString(), Encoding.UTF8, "application/json"));
        await Wire.AssertErrorAsync(again, HttpStatusCode.Conflict, null);
        var bad = await admin.PostAsync($"{portal.AdminUrl}/admin/identities",
            new StringContent(Body("nope").ToJsonString(), Encoding.UTF8, "application/json"));
        await Wire.AssertErrorAsync(bad, HttpStatusCode.BadRequest, null);
    }

    [Fact]
    public async Task A_deleted_identity_takes_its_passkeys_and_sessions_with_it_and_leaves_the_audit_trail()
    {
        var (client, phone, _, id) = await SignedUpAsync("delete");
        using var _ = client;
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{portal.AdminUrl}/admin/identities/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{portal.AdminUrl}/admin/identities/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"{portal.AdminUrl}/admin/identities/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
        using var again = portal.NewClient();
        var (refused, _) = await Journeys.LoginAsync(again, phone);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Single(await AuditAsync("admin.identity_deleted"));
        Assert.NotEmpty(await AuditAsync("registration.succeeded"));
        // The person registered; the administrator deleted.
        Assert.Equal(["admin:local"], await ActorsAsync("admin.identity_deleted"));
        Assert.All(await ActorsAsync("registration.succeeded"), actor => Assert.Equal("identity", actor));
    }

    private async Task<List<string>> ActorsAsync(string type)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.AuditEvents.Where(e => e.Type == type).Select(e => e.Actor).ToListAsync();
    }

    private async Task<List<string>> AuditAsync(string type)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        // The null is replaced here, not in SQL: PostgreSQL reads '' as a json value, which it is not.
        return (await db.AuditEvents.Where(e => e.Type == type).Select(e => e.Details).ToListAsync()).Select(d => d ?? "").ToList();
    }
}
