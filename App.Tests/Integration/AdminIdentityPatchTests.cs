using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// <c>PATCH /admin/identities/{id}</c>, Kratos's patchIdentity: a JSON Patch of traits, state and
/// metadata, the result checked like a replacement, every change audited with its actor.
/// </summary>
public sealed class AdminIdentityPatchTests : IDisposable
{
    private readonly PortalFactory portal = PortalFactory.StartKestrelWithAdmin();
    private readonly AdminSteps admin;

    public AdminIdentityPatchTests() => admin = new AdminSteps(portal);

    public void Dispose()
    {
        admin.Dispose();
        portal.Dispose();
    }

    private async Task<JsonObject> ReadAsync(string id) => await Wire.ObjectAsync(await admin.GetAsync($"/admin/identities/{id}"));

    [Fact]
    public async Task Traits_and_metadata_are_patched_and_the_address_follows_the_traits()
    {
        using var person = await admin.SignUpAsync("patch");
        var moved = $"Moved-{Guid.NewGuid():N}@Example.com";
        var response = await admin.PatchAsync(person.Id, $$$"""
            [
              {"op": "replace", "path": "/traits/email", "value": "{{{moved}}}"},
              {"op": "add", "path": "/metadata_public/plan", "value": "team"},
              {"op": "replace", "path": "/metadata_admin", "value": {"require_passkey_after_email_sign_in": true, "ticket": 41}},
              {"op": "remove", "path": "/metadata_admin/ticket"}
            ]
            """);
        var patched = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, patched.ToJsonString());
        Assert.Equal(moved.ToLowerInvariant(), patched["traits"]!["email"]!.GetValue<string>());
        Assert.Equal("team", patched["metadata_public"]!["plan"]!.GetValue<string>());
        Assert.Equal("""{"require_passkey_after_email_sign_in":true}""", patched["metadata_admin"]!.ToJsonString());
        Assert.Equal(moved.ToLowerInvariant(), Assert.Single(patched["verifiable_addresses"]!.AsArray())!["value"]!.GetValue<string>());
        Assert.Equal(patched.ToJsonString(), (await ReadAsync(person.Id)).ToJsonString());
        Assert.Empty(await admin.ListAsync($"/admin/identities?credentials_identifier={person.Email}"));

        // The passkey still signs in: only the address changed.
        var (again, _) = await admin.SignInAgainAsync(person);
        again.Dispose();

        var audit = Assert.Single(await admin.AuditAsync("admin.identity_updated"));
        Assert.Equal("admin:local", audit.Actor);
        Assert.Equal(Guid.Parse(person.Id), audit.IdentityId);
        var details = JsonNode.Parse(audit.Details!)!;
        Assert.Equal("patch", details["via"]!.GetValue<string>());
        Assert.Equal(["traits", "metadata_admin", "metadata_public"], details["changed"]!.AsArray().Select(c => c!.GetValue<string>()));
    }

    [Fact]
    public async Task Patching_the_state_to_inactive_suspends_the_sessions_and_sign_in_until_it_is_active_again()
    {
        using var person = await admin.SignUpAsync("patch-state");
        var inactive = await Wire.ObjectAsync(await admin.PatchAsync(person.Id, """[{"op": "replace", "path": "/state", "value": "inactive"}]"""));
        Assert.Equal("inactive", inactive["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await person.Client.WhoAmIAsync()).StatusCode);
        using (var refused = portal.NewClient())
            Assert.Equal(HttpStatusCode.BadRequest, (await Journeys.LoginAsync(refused, person.Phone)).Response.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync(person.Id, """[{"op": "replace", "path": "/state", "value": "active"}]""")).StatusCode);
        // As in Kratos, the state only suspends the sessions; ending them is a separate call.
        Assert.Equal(HttpStatusCode.OK, (await person.Client.WhoAmIAsync()).StatusCode);
        var (again, _) = await admin.SignInAgainAsync(person);
        again.Dispose();
        Assert.Equal(2, (await admin.AuditAsync("admin.identity_updated")).Count);
    }

    [Fact]
    public async Task An_empty_patch_changes_nothing()
    {
        using var person = await admin.SignUpAsync("patch-empty");
        var before = await ReadAsync(person.Id);
        var response = await admin.PatchAsync(person.Id, "[]");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before["traits"]!.ToJsonString(), (await Wire.ObjectAsync(response))["traits"]!.ToJsonString());
    }

    public static TheoryData<string, int> Refusals() => new()
    {
        // Not a patch.
        { "", 400 },
        { "{", 400 },
        { """{"op": "replace", "path": "/state", "value": "inactive"}""", 400 },
        { "[1]", 400 },
        { """[{"path": "/state", "value": "inactive"}]""", 400 },
        { """[{"op": "replace", "value": "inactive"}]""", 400 },
        { """[{"op": "replace", "path": "/state"}]""", 400 },
        { """[{"op": "replace", "path": "state", "value": "inactive"}]""", 400 },
        { """[{"op": "replace", "path": "/traits/~2", "value": 1}]""", 400 },
        { """[{"op": "launch", "path": "/state", "value": "inactive"}]""", 400 },
        // Kratos applies only add, remove and replace.
        { """[{"op": "test", "path": "/state", "value": "active"}]""", 400 },
        { """[{"op": "move", "from": "/traits/email", "path": "/metadata_public"}]""", 400 },
        { """[{"op": "copy", "from": "/traits", "path": "/metadata_public"}]""", 400 },
        // Only traits, state, schema and metadata are an administrator's to write.
        { """[{"op": "replace", "path": "/id", "value": "01a231d2-afa3-7eab-bb7c-c30d8e6373ee"}]""", 400 },
        { """[{"op": "add", "path": "/credentials/password", "value": {"config": {"hashed_password": "x"}}}]""", 400 },
        { """[{"op": "replace", "path": "/state_changed_at", "value": "2020-01-01T00:00:00Z"}]""", 400 },
        { """[{"op": "replace", "path": "/verifiable_addresses/0/verified", "value": true}]""", 400 },
        { """[{"op": "replace", "path": "/created_at", "value": "2020-01-01T00:00:00Z"}]""", 400 },
        // Patches that apply but leave an identity the schema or Kratos refuses.
        { """[{"op": "remove", "path": "/traits/email"}]""", 400 },
        { """[{"op": "replace", "path": "/traits/email", "value": "not an address"}]""", 400 },
        { """[{"op": "replace", "path": "/traits/email", "value": 7}]""", 400 },
        { """[{"op": "add", "path": "/traits/shoe_size", "value": 44}]""", 400 },
        { """[{"op": "replace", "path": "/traits", "value": "x"}]""", 400 },
        { """[{"op": "replace", "path": "/state", "value": "asleep"}]""", 400 },
        { """[{"op": "replace", "path": "/schema_id", "value": "nope"}]""", 400 },
        { """[{"op": "replace", "path": "/metadata_admin", "value": "flag"}]""", 400 },
        // Patches that do not apply.
        { """[{"op": "remove", "path": "/traits/nothing_here"}]""", 400 },
        { """[{"op": "replace", "path": "/traits/email/0", "value": "a"}]""", 400 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Bad_patches_are_refused_in_kratos_shape_and_change_nothing(string patch, int status)
    {
        using var person = await admin.SignUpAsync("patch-bad");
        var before = (await ReadAsync(person.Id)).ToJsonString();
        await Wire.AssertErrorAsync(await admin.PatchAsync(person.Id, patch), (HttpStatusCode)status, null);
        Assert.Equal(before, (await ReadAsync(person.Id)).ToJsonString());
        Assert.Empty(await admin.AuditAsync("admin.identity_updated"));
        Assert.Equal(HttpStatusCode.OK, (await person.Client.WhoAmIAsync()).StatusCode);
    }

    [Fact]
    public async Task A_taken_address_is_a_conflict_an_unknown_identity_a_404_and_a_form_body_a_400()
    {
        using var person = await admin.SignUpAsync("patch-a");
        using var other = await admin.SignUpAsync("patch-b");
        await Wire.AssertErrorAsync(await admin.PatchAsync(person.Id, $$"""[{"op": "replace", "path": "/traits/email", "value": "{{other.Email}}"}]"""),
            HttpStatusCode.Conflict, null);
        const string patch = """[{"op": "replace", "path": "/state", "value": "inactive"}]""";
        await Wire.AssertErrorAsync(await admin.PatchAsync(Guid.NewGuid().ToString(), patch), HttpStatusCode.NotFound, null);
        await Wire.AssertErrorAsync(await admin.PatchAsync("not-a-uuid", patch), HttpStatusCode.NotFound, null);
        await Wire.AssertErrorAsync(await admin.SendAsync(HttpMethod.Patch, $"/admin/identities/{person.Id}", "state=inactive", "application/x-www-form-urlencoded"),
            HttpStatusCode.BadRequest, null);
        Assert.Equal("active", (await ReadAsync(person.Id))["state"]!.GetValue<string>());
        // The JSON Patch media type is accepted as well as plain JSON.
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Patch, $"/admin/identities/{person.Id}", patch, "application/json-patch+json")).StatusCode);
    }
}
