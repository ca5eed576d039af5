using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Changing the email in settings (Kratos's <c>profile</c> method, <c>traits.email</c>): the new
/// address waits, unverified and unusable for signing in or recovering, while the old one keeps
/// working and is told of the change; once the new one is verified it replaces the old one.
/// </summary>
public sealed class EmailChangeTests : IDisposable
{
    private readonly FakeClock clock = new();
    private readonly PortalFactory portal;

    // The journey asks for more emails to one address than the default three per window allow.
    public EmailChangeTests() => portal = new PortalFactory(new Dictionary<string, string?>
    {
        ["ui.support_url"] = "https://help.example.com/account",
        ["selfservice.methods.code.config.rate_limits.sends_per_address"] = "20",
        ["selfservice.flows.settings.privileged_session_max_age"] = "10m",
    }) { Clock = clock };

    public void Dispose() => portal.Dispose();

    private static Task<HttpResponseMessage> ChangeAsync(PortalClient client, JsonObject flow, string email) =>
        client.SubmitJsonAsync("settings", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "profile",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["traits"] = new JsonObject { ["email"] = email },
        });

    private async Task<(PortalClient Client, string Email, string Id)> SignedUpAsync(string name)
    {
        var email = $"{name}-{Guid.NewGuid():N}@example.com";
        var client = portal.NewClient();
        var (response, body) = await Journeys.RegisterAsync(client, new SoftwareAuthenticator(), email);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (client, email, body["identity"]!["id"]!.GetValue<string>());
    }

    /// <summary>Asks for a sign-in email and says whether it carries a code (an account uses the address).</summary>
    private async Task<bool> SignInCodeGoesToAsync(string email)
    {
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        Assert.Equal(HttpStatusCode.BadRequest, (await EmailSteps.SendAsync(client, flow, email)).StatusCode);
        return (await EmailSteps.LatestEmailAsync(portal, email)).TemplateType == "login_code_valid";
    }

    [Fact]
    public async Task The_settings_flow_offers_the_email_with_Kratos_s_profile_nodes()
    {
        var (client, email, _) = await SignedUpAsync("profile-nodes");
        using var _ = client;
        var flow = await client.CreateBrowserFlowAsync("settings");
        var field = Assert.Single(Wire.Nodes(flow), n => Snapshots.Name(n) == "traits.email");
        Assert.Equal("profile", field["group"]!.GetValue<string>());
        Assert.Equal(email, field["attributes"]!["value"]!.GetValue<string>());
        var save = Assert.Single(Wire.Nodes(flow), n => n["group"]!.GetValue<string>() == "profile" && Snapshots.Name(n) == "method");
        Assert.Equal(1070003, save["meta"]!["label"]!["id"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_new_address_waits_for_its_code_while_the_old_one_keeps_working()
    {
        var (client, oldEmail, id) = await SignedUpAsync("change-old");
        using var _ = client;
        var newEmail = $"change-new-{Guid.NewGuid():N}@example.com";
        var flow = await client.CreateBrowserFlowAsync("settings");

        var saved = await Wire.AssertFlowAsync(await ChangeAsync(client, flow, newEmail), HttpStatusCode.OK);
        Assert.Equal("success", saved["state"]!.GetValue<string>());
        var next = Assert.Single(saved["continue_with"]!.AsArray())!;
        Assert.Equal("show_verification_ui", next["action"]!.GetValue<string>());
        Assert.Equal(newEmail, next["flow"]!["verifiable_address"]!.GetValue<string>());

        // Stored as a new, unverified verifiable address; the traits still name the old one.
        var whoami = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.Equal(oldEmail, whoami["identity"]!["traits"]!["email"]!.GetValue<string>());
        var pending = (await VerificationSteps.AddressAsync(portal, id, newEmail));
        Assert.False(pending["verified"]!.GetValue<bool>());
        Assert.Equal("sent", pending["status"]!.GetValue<string>());
        Assert.DoesNotContain(whoami["identity"]!["recovery_addresses"]!.AsArray(), a => a!["value"]!.GetValue<string>() == newEmail);
        Assert.Equal("verification_code_valid", (await EmailSteps.LatestEmailAsync(portal, newEmail)).TemplateType);

        // The old address is told, with the support link.
        var notice = await EmailSteps.LatestEmailAsync(portal, oldEmail);
        Assert.Equal("email_change_valid", notice.TemplateType);
        Assert.Contains(newEmail, notice.Body);
        Assert.Contains("https://help.example.com/account", notice.Body);
        Assert.Contains("https://help.example.com/account", notice.HtmlBody);

        // Unverified, the new address signs nobody in and recovers nothing; the old one still signs in.
        Assert.False(await SignInCodeGoesToAsync(newEmail));
        using (var recovering = portal.NewClient())
        {
            await RecoverySteps.SentAsync(recovering, newEmail);
            Assert.Equal("recovery_code_invalid", (await EmailSteps.LatestEmailAsync(portal, newEmail)).TemplateType);
        }
        Assert.True(await SignInCodeGoesToAsync(oldEmail));

        // Its code proves it: now it is the identifier, and the old one is gone.
        var verification = await client.GetFlowObjectAsync("verification", next["flow"]!["id"]!.GetValue<string>());
        var code = EmailSteps.CodeIn((await EmailSteps.OutboxAsync(portal, newEmail)).Last(m => m.TemplateType == "verification_code_valid"));
        Assert.Equal(HttpStatusCode.OK, (await VerificationSteps.SubmitCodeAsync(client, verification, code)).StatusCode);
        var after = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.Equal(newEmail, after["identity"]!["traits"]!["email"]!.GetValue<string>());
        var address = Assert.Single(after["identity"]!["verifiable_addresses"]!.AsArray())!;
        Assert.Equal(newEmail, address["value"]!.GetValue<string>());
        Assert.Equal("completed", address["status"]!.GetValue<string>());
        Assert.Equal(newEmail, Assert.Single(after["identity"]!["recovery_addresses"]!.AsArray())!["value"]!.GetValue<string>());
        Assert.True(await SignInCodeGoesToAsync(newEmail));
        Assert.False(await SignInCodeGoesToAsync(oldEmail));

        var types = (await RecoverySteps.AuditAsync(portal)).Select(e => e.Type).ToList();
        Assert.Contains("settings.email_change_requested", types);
        Assert.Contains("settings.email_changed", types);
    }

    [Fact]
    public async Task An_address_another_account_uses_is_refused()
    {
        var (client, _, _) = await SignedUpAsync("change-dup");
        using var _ = client;
        var (other, taken, _) = await SignedUpAsync("change-taken");
        other.Dispose();
        var flow = await client.CreateBrowserFlowAsync("settings");
        var refused = await Wire.AssertFlowAsync(await ChangeAsync(client, flow, taken));
        Assert.Contains(4000007, Wire.Ids(Wire.NodeMessages(refused, "traits.email")));
        var invalid = await Wire.AssertFlowAsync(await ChangeAsync(client, flow, "not an address"));
        Assert.Contains(4000001, Wire.Ids(Wire.NodeMessages(invalid, "traits.email")));
    }

    [Fact]
    public async Task An_old_session_must_sign_in_again_first()
    {
        var (client, email, _) = await SignedUpAsync("change-stale");
        using var _ = client;
        var flow = await client.CreateBrowserFlowAsync("settings");
        clock.Advance(TimeSpan.FromMinutes(11));
        var refused = await Wire.AssertErrorAsync(await ChangeAsync(client, flow, $"later-{Guid.NewGuid():N}@example.com"), HttpStatusCode.Forbidden, "session_refresh_required");
        Assert.Contains("refresh=true", refused["redirect_browser_to"]!.GetValue<string>());
        Assert.DoesNotContain(await EmailSteps.OutboxAsync(portal, email), m => m.TemplateType == "email_change_valid");
    }
}
