using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// What changes about a live session or its identity shows in the very next whoami, however often
/// whoami was asked before: new traits and public metadata, a new expiry, a lifted restriction.
/// </summary>
public sealed class SessionChangeCacheTests : IDisposable
{
    private readonly FakeClock clock = new();
    private readonly PortalFactory portal;
    private readonly AdminSteps admin;
    private readonly WhoAmIProbe whoami;

    public SessionChangeCacheTests()
    {
        portal = PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?>
        {
            ["selfservice.methods.code.config.require_passkey_after_sign_in"] = "always",
        }, clock);
        admin = new AdminSteps(portal);
        whoami = new WhoAmIProbe(portal);
    }

    public void Dispose()
    {
        whoami.Dispose();
        admin.Dispose();
        portal.Dispose();
    }

    private static string Email(JsonObject session) => session["identity"]!["traits"]!["email"]!.GetValue<string>();
    private static DateTime ExpiresAt(JsonObject session) => session["expires_at"]!.GetValue<DateTime>().ToUniversalTime();

    [Fact]
    public async Task Traits_and_public_metadata_an_administrator_changes_show_in_the_next_whoami()
    {
        using var person = await HeldSession.SignUpAsync(portal, "traits");
        using var app = await person.InAnAppAsync(portal);
        Assert.Equal(person.Email, Email(await whoami.WarmAsync(person.Token)));
        Assert.Equal(person.Email, Email(await whoami.WarmAsync(app.Token)));

        var moved = $"moved-{Guid.NewGuid():N}@example.com";
        var patched = await admin.PatchAsync(person.IdentityId, $$$"""
            [
              {"op": "replace", "path": "/traits/email", "value": "{{{moved}}}"},
              {"op": "add", "path": "/metadata_public", "value": {"plan": "team"}}
            ]
            """);
        Assert.True(patched.StatusCode == HttpStatusCode.OK, (await Wire.BodyAsync(patched))?.ToJsonString());

        foreach (var token in new[] { person.Token, app.Token })
        {
            var session = await whoami.ActiveAsync(token);
            Assert.Equal(moved, Email(session));
            Assert.Equal("team", session["identity"]!["metadata_public"]!["plan"]!.GetValue<string>());
        }
        Assert.Equal(moved, Email(await Wire.ObjectAsync(await person.Client.WhoAmIAsync())));

        // A whole replacement (PUT) shows at once too.
        var replacedWith = $"replaced-{Guid.NewGuid():N}@example.com";
        var put = await admin.SendAsync(HttpMethod.Put, $"/admin/identities/{person.IdentityId}", new JsonObject
        {
            ["schema_id"] = "default",
            ["traits"] = new JsonObject { ["email"] = replacedWith },
            ["metadata_public"] = new JsonObject { ["plan"] = "enterprise" },
            ["state"] = "active",
        }.ToJsonString());
        Assert.True(put.StatusCode == HttpStatusCode.OK, (await Wire.BodyAsync(put))?.ToJsonString());
        foreach (var token in new[] { person.Token, app.Token })
        {
            var session = await whoami.ActiveAsync(token);
            Assert.Equal(replacedWith, Email(session));
            Assert.Equal("enterprise", session["identity"]!["metadata_public"]!["plan"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task An_extended_session_shows_its_new_expiry_at_once_and_outlives_the_old_one()
    {
        using var person = await HeldSession.SignUpAsync(portal, "extend");
        using var other = await person.InAnAppAsync(portal);
        var issued = ExpiresAt(await whoami.WarmAsync(person.Token));
        var untouched = ExpiresAt(await whoami.WarmAsync(other.Token));

        // Close to its end, still warm, then extended: a lifespan from now.
        clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(issued, ExpiresAt(await whoami.WarmAsync(person.Token)));
        var response = await admin.SendAsync(HttpMethod.Patch, $"/admin/sessions/{person.SessionId}/extend");
        var extended = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, extended.ToJsonString());
        var expected = ExpiresAt(extended);
        Assert.Equal(issued + TimeSpan.FromHours(23), expected, TimeSpan.FromSeconds(1));

        Assert.Equal(expected, ExpiresAt(await whoami.ActiveAsync(person.Token)));
        Assert.Equal(untouched, ExpiresAt(await whoami.ActiveAsync(other.Token)));

        // Past the old expiry the extended session still works and the other one has ended.
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(expected, ExpiresAt(await whoami.ActiveAsync(person.Token)));
        await whoami.AssertRefusedAsync(other.Token);
    }

    [Fact]
    public async Task Adding_a_passkey_lifts_an_email_sign_ins_restriction_in_the_next_whoami()
    {
        using var owner = await HeldSession.SignUpAsync(portal, "restricted");
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var sent = await Wire.AssertFlowAsync(await EmailSteps.SendAsync(client, flow, owner.Email));
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, owner.Email));
        var signedIn = await EmailSteps.SubmitCodeAsync(client, sent, code);
        Assert.True(signedIn.StatusCode == HttpStatusCode.OK, (await Wire.BodyAsync(signedIn))?.ToJsonString());
        var token = Steps.CookieValue(Steps.SetCookie(signedIn, HeldSession.CookieName)!);

        var restricted = await whoami.WarmAsync(token);
        Assert.Equal("passkey_enrolment_required", restricted["restriction"]!["id"]!.GetValue<string>());
        Assert.Equal(["code"], restricted["authentication_methods"]!.AsArray().Select(m => m!["method"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await client.WhoAmIAsync()).StatusCode);

        var settings = await client.CreateBrowserFlowAsync("settings");
        var added = await SettingsSteps.AddPasskeyAsync(client, settings, new SoftwareAuthenticator());
        Assert.True(added.StatusCode == HttpStatusCode.OK, (await Wire.BodyAsync(added))?.ToJsonString());

        var lifted = await whoami.ActiveAsync(token);
        Assert.Null(lifted["restriction"]);
        Assert.Equal(["code", "passkey"], lifted["authentication_methods"]!.AsArray().Select(m => m!["method"]!.GetValue<string>()));
        // What the restriction held back is open now: the owner's other session can be ended from here.
        Assert.Equal(HttpStatusCode.NoContent, (await client.Http.DeleteAsync($"/sessions/{owner.SessionId}")).StatusCode);
        await whoami.AssertRefusedAsync(owner.Token);
    }
}
