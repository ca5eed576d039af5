using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Two instances of one deployment on one database: a session ended or an identity changed through
/// one instance is refused or shown by the other on its very next whoami, however warm that one was.
/// </summary>
public sealed class SessionAcrossInstancesTests : IDisposable
{
    private readonly PortalFactory a = PortalFactory.StartKestrelWithAdmin();
    private readonly PortalFactory b;
    private readonly AdminSteps admin;
    private readonly WhoAmIProbe onA;
    private readonly WhoAmIProbe onB;

    public SessionAcrossInstancesTests()
    {
        b = new PortalFactory(new Dictionary<string, string?>
        {
            ["dsn"] = a.Dsn,
            ["serve.public.base_url"] = a.BaseUrl + "/",
            ["selfservice.methods.passkey.config.rp.origins.0"] = a.Origin,
        });
        admin = new AdminSteps(a);
        onA = new WhoAmIProbe(a);
        onB = new WhoAmIProbe(b);
    }

    public void Dispose()
    {
        onB.Dispose();
        onA.Dispose();
        admin.Dispose();
        b.Dispose();
        a.Dispose();
    }

    private async Task WarmOnBothAsync(params HeldSession[] sessions)
    {
        foreach (var session in sessions)
        {
            await onA.WarmAsync(session.Token);
            await onB.WarmAsync(session.Token);
        }
    }

    [Fact]
    public async Task A_session_ended_through_one_instance_is_refused_by_the_other_at_once()
    {
        using var person = await HeldSession.SignUpAsync(a, "across");
        using var app = await person.InAnAppAsync(a);
        using var laptop = await person.InAnotherBrowserAsync(a);
        await WarmOnBothAsync(person, app, laptop);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, $"/admin/sessions/{person.SessionId}")).StatusCode);
        await onB.AssertRefusedAsync(person.Token);
        await onA.AssertRefusedAsync(person.Token);

        using var toB = b.NewClient();
        var logout = await toB.Http.SendAsync(Wire.Json(HttpMethod.Delete, "/self-service/logout/api", new JsonObject { ["session_token"] = app.Token }.ToJsonString()));
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        await onA.AssertRefusedAsync(app.Token);
        await onB.AssertRefusedAsync(app.Token);

        Assert.Equal(laptop.SessionId, (await onA.ActiveAsync(laptop.Token))["id"]!.GetValue<string>());
        Assert.Equal(laptop.SessionId, (await onB.ActiveAsync(laptop.Token))["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_identity_changed_or_suspended_through_one_instance_shows_on_the_other_at_once()
    {
        using var person = await HeldSession.SignUpAsync(a, "across-change");
        await WarmOnBothAsync(person);

        var moved = $"moved-{Guid.NewGuid():N}@example.com";
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync(person.IdentityId, $$"""[{"op": "replace", "path": "/traits/email", "value": "{{moved}}"}]""")).StatusCode);
        Assert.Equal(moved, (await onB.ActiveAsync(person.Token))["identity"]!["traits"]!["email"]!.GetValue<string>());

        await onB.WarmAsync(person.Token);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsync(person.IdentityId, """[{"op": "replace", "path": "/state", "value": "inactive"}]""")).StatusCode);
        await onB.AssertRefusedAsync(person.Token);
    }
}
