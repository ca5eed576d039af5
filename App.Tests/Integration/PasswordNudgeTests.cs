using System.Net;
using System.Text.Json.Nodes;
using App.Credentials.Passwords;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// After a password sign-in: the page that asks for a passkey, then (offer_disable_after later)
/// the one that asks to disable the password, and settings' password_disable, which deletes the
/// hash so that password sign-in is refused like a wrong password.
/// </summary>
public sealed class PasswordNudgeTests : IDisposable
{
    private readonly FakeClock clock = new();
    private readonly PortalFactory portal;
    private readonly AdminSteps admin;

    public PasswordNudgeTests()
    {
        portal = PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?>
        {
            ["selfservice.methods.password.enabled"] = "true",
            ["selfservice.methods.password.config.offer_disable_after"] = "1h",
            ["hashers.argon2.memory"] = "1MB",
            ["hashers.argon2.iterations"] = "1",
        }, clock);
        admin = new AdminSteps(portal);
    }

    public void Dispose()
    {
        admin.Dispose();
        portal.Dispose();
    }

    private static async Task<HttpResponseMessage> BrowserSignInAsync(PortalClient client, string email, string password)
    {
        var flow = await client.CreateBrowserFlowAsync("login", "?return_to=" + Uri.EscapeDataString(client.Factory.BaseUrl + "/app"));
        return await client.SubmitFormAsync("login", PortalClient.Id(flow), new Dictionary<string, string>
        {
            ["csrf_token"] = PortalClient.Csrf(flow), ["method"] = "password", ["identifier"] = email, ["password"] = password,
        });
    }

    [Fact]
    public async Task A_password_sign_in_is_asked_for_a_passkey_then_to_disable_the_password_which_ends_password_sign_in()
    {
        var email = $"nudged-{Guid.NewGuid():N}@example.com";
        var body = new JsonObject
        {
            ["traits"] = new JsonObject { ["email"] = email },
            ["credentials"] = new JsonObject { ["password"] = new JsonObject { ["config"] = new JsonObject { ["hashed_password"] = BCrypt.Net.BCrypt.HashPassword("legacy pw", 4) } } },
        };
        var created = await Wire.ObjectAsync(await admin.SendAsync(HttpMethod.Post, "/admin/identities", body.ToJsonString()));
        var id = Guid.Parse(created["id"]!.GetValue<string>());

        using var client = portal.NewClient();
        var signedIn = await BrowserSignInAsync(client, email, "legacy pw");
        Assert.Equal(HttpStatusCode.SeeOther, signedIn.StatusCode);
        var nudge = signedIn.Headers.Location!.ToString();
        Assert.Equal(portal.BaseUrl + "/passwordless?return_to=" + Uri.EscapeDataString(portal.BaseUrl + "/app"), nudge);
        var page = await client.Http.GetStringAsync(nudge);
        Assert.Contains("Switch to passwordless sign-in?", page);
        Assert.Contains("Save passkey", page);
        Assert.Contains("Not now", page);
        Assert.DoesNotContain("Disable password", page);

        // "Save passkey" is a settings flow's ceremony: the same one the JSON API runs.
        var laptop = new SoftwareAuthenticator();
        var settings = await client.CreateBrowserFlowAsync("settings");
        Assert.DoesNotContain(Wire.Nodes(settings), n => n["attributes"]!["name"]?.GetValue<string>() == "password_disable");
        Assert.Equal(1058001, Wire.Nodes(settings).Single(n => n["attributes"]!["id"]?.GetValue<string>() == "password_state")["attributes"]!["text"]!["id"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await SettingsSteps.AddPasskeyAsync(client, settings, laptop)).StatusCode);

        // Too soon to ask about the password: the next password sign-in goes straight on.
        using var soon = portal.NewClient();
        Assert.Equal(portal.BaseUrl + "/app", (await BrowserSignInAsync(soon, email, "legacy pw")).Headers.Location!.ToString());

        clock.Advance(TimeSpan.FromHours(1));
        using var later = portal.NewClient();
        var asked = (await BrowserSignInAsync(later, email, "legacy pw")).Headers.Location!.ToString();
        var disablePage = await later.Http.GetStringAsync(asked);
        Assert.Contains("Disable password?", disablePage);

        var flow = await later.CreateBrowserFlowAsync("settings");
        Assert.NotNull(PortalClient.Node(flow, "password_disable"));
        var disabled = await later.SubmitJsonAsync("settings", PortalClient.Id(flow), new JsonObject { ["csrf_token"] = PortalClient.Csrf(flow), ["password_disable"] = "true" });
        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        await using (var scope = portal.Services.CreateAsyncScope())
            Assert.False(await scope.ServiceProvider.GetRequiredService<PasswordStore>().HasPasswordAsync(id));
        Assert.Contains(await admin.AuditAsync(App.Audit.AuditEvents.PasswordDisabled), e => e.IdentityId == id);
        var summary = await Wire.ObjectAsync(await admin.GetAsync($"/admin/identities/{id}"));
        Assert.False(summary["credentials"]!.AsObject().ContainsKey("password"));

        // The right password is now refused exactly as a wrong one.
        using var after = portal.NewClient();
        var api = await after.CreateApiFlowAsync("login");
        var refused = await Wire.AssertFlowAsync(await after.SubmitJsonAsync("login", PortalClient.Id(api),
            new JsonObject { ["method"] = "password", ["identifier"] = email, ["password"] = "legacy pw" }));
        Assert.Equal([4000006], Wire.Ids(Wire.FlowMessages(refused)));
    }

    [Fact]
    public async Task Without_a_passkey_the_password_cannot_be_disabled_and_none_can_be_set()
    {
        var email = $"keep-{Guid.NewGuid():N}@example.com";
        var body = new JsonObject
        {
            ["traits"] = new JsonObject { ["email"] = email },
            ["credentials"] = new JsonObject { ["password"] = new JsonObject { ["config"] = new JsonObject { ["password"] = "keep me" } } },
        };
        var id = Guid.Parse((await Wire.ObjectAsync(await admin.SendAsync(HttpMethod.Post, "/admin/identities", body.ToJsonString())))["id"]!.GetValue<string>());
        using var client = portal.NewClient();
        await BrowserSignInAsync(client, email, "keep me");
        var flow = await client.CreateBrowserFlowAsync("settings");
        var refused = await Wire.AssertFlowAsync(await client.SubmitJsonAsync("settings", PortalClient.Id(flow),
            new JsonObject { ["csrf_token"] = PortalClient.Csrf(flow), ["password_disable"] = "true" }));
        Assert.Equal([4018001], Wire.Ids(Wire.FlowMessages(refused)));
        var change = await Wire.AssertFlowAsync(await client.SubmitJsonAsync("settings", PortalClient.Id(flow),
            new JsonObject { ["csrf_token"] = PortalClient.Csrf(flow), ["method"] = "password", ["password"] = "a new one" }));
        Assert.Equal([4018002], Wire.Ids(Wire.FlowMessages(change)));
        await using var scope = portal.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<PasswordStore>().HasPasswordAsync(id));
    }
}
