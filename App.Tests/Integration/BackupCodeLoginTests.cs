using System.Net;
using System.Text.Json.Nodes;
using App.Credentials.LookupSecrets;
using App.Data;
using App.Identities;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// Signing in with a backup code over the Kratos API: Kratos's lookup_secret login nodes, a session
/// restricted until a new passkey is saved, each code once, only saved codes, and the audit trail.
/// </summary>
public sealed class BackupCodeLoginTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private const string LoginSnapshot = "TestCompleteLogin-case=lookup_payload_is_set_when_identity_has_lookup.json";

    private PortalFactory Portal => fixture.Portal;

    /// <summary>The lookup_secret group and the CSRF node: what Kratos's login snapshot covers.</summary>
    private static IEnumerable<JsonObject> LookupPart(JsonObject flow) =>
        Wire.Nodes(flow).Where(n => n["group"]!.GetValue<string>() == "lookup_secret" || Snapshots.Name(n) == "csrf_token");

    [Fact]
    public async Task The_login_flow_carries_Kratos_lookup_secret_nodes_beside_the_address()
    {
        using var client = Portal.NewClient();
        var browser = await client.CreateBrowserFlowAsync("login");
        Snapshots.AssertSameNodes(Snapshots.Load(LoginSnapshot), LookupPart(browser));
        // Kratos asks for a backup code only as a second factor; as a first one it needs the address.
        var identifier = PortalClient.Node(browser, "identifier")!;
        Assert.Equal("default", identifier["group"]!.GetValue<string>());
        Assert.True(identifier["attributes"]!["required"]!.GetValue<bool>());

        Snapshots.AssertSameNodes(Snapshots.Load(LoginSnapshot), LookupPart(await client.CreateApiFlowAsync("login")));
    }

    [Fact]
    public async Task A_backup_code_signs_in_once_to_a_session_that_must_save_a_passkey_first()
    {
        var (owner, _, email) = await BackupCodeSteps.SignedUpAsync(Portal);
        var codes = await BackupCodeSteps.GenerateAndConfirmAsync(owner);
        owner.Dispose();

        using var client = Portal.NewClient();
        // As typed from paper: capitals and a space do not matter.
        var typed = codes[2][..4].ToUpperInvariant() + " " + codes[2][4..];
        var response = await BackupCodeSteps.SignInAsync(client, email, typed);
        var success = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, success.ToJsonString());

        var settingsUrl = Portal.BaseUrl + "/self-service/settings/browser";
        Assert.Equal(settingsUrl, success["continue_with"]![0]!["redirect_browser_to"]!.GetValue<string>());
        var session = success["session"]!;
        Assert.Equal("passkey_enrolment_required", session["restriction"]!["id"]!.GetValue<string>());
        Assert.Equal(settingsUrl, session["restriction"]!["settings_url"]!.GetValue<string>());
        Assert.Equal("aal1", session["authenticator_assurance_level"]!.GetValue<string>());
        Assert.Equal(["lookup_secret"], session["authentication_methods"]!.AsArray().Select(m => m!["method"]!.GetValue<string>()));
        var whoami = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.Equal(email, whoami["identity"]!["traits"]!["email"]!.GetValue<string>());
        Assert.Equal("passkey_enrolment_required", whoami["restriction"]!["id"]!.GetValue<string>());

        // The same code again, from anywhere, is refused like any wrong code.
        using var again = Portal.NewClient();
        var refused = await Wire.AssertFlowAsync(await BackupCodeSteps.SignInAsync(again, email, codes[2]));
        Assert.Equal([4000016], Wire.Ids(Wire.NodeMessages(refused, "lookup_secret")));
        Assert.Equal("", PortalClient.NodeValue(refused, "lookup_secret"));
        Assert.Equal(email, PortalClient.NodeValue(refused, "identifier"));
        Assert.Equal(401, (int)(await again.WhoAmIAsync()).StatusCode);

        var identityId = await IdentityIdAsync(email);
        await using var scope = Portal.Services.CreateAsyncScope();
        Assert.Equal(9, await scope.ServiceProvider.GetRequiredService<BackupCodeStore>().RemainingAsync(identityId));
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var events = await db.AuditEvents.AsNoTracking().Where(e => e.IdentityId == identityId && e.Type.StartsWith("login."))
            .Select(e => new { e.Type, e.Details, e.Actor }).ToListAsync();
        Assert.Equal(["login.backup_code_refused", "login.backup_code_used", "login.succeeded"], events.Select(e => e.Type).Order());
        Assert.Contains("\"remaining\":9", events.Single(e => e.Type == "login.backup_code_used").Details);
        Assert.Contains("\"reason\":\"wrong_code\"", events.Single(e => e.Type == "login.backup_code_refused").Details);
        Assert.All(events, e => Assert.DoesNotContain(codes[2], e.Details ?? ""));
    }

    [Fact]
    public async Task Codes_not_yet_saved_do_not_sign_in()
    {
        var (owner, _, email) = await BackupCodeSteps.SignedUpAsync(Portal);
        using var _ = owner;
        var shown = await Wire.ObjectAsync(await BackupCodeSteps.RegenerateAsync(owner, await owner.CreateBrowserFlowAsync("settings")));
        var codes = BackupCodeSteps.CodesIn(shown);

        using var client = Portal.NewClient();
        var refused = await Wire.AssertFlowAsync(await BackupCodeSteps.SignInAsync(client, email, codes[0]));
        Assert.Equal([4000016], Wire.Ids(Wire.NodeMessages(refused, "lookup_secret")));

        // Once saved, the very same code works.
        Assert.Equal(HttpStatusCode.OK, (await BackupCodeSteps.ConfirmAsync(owner, shown)).StatusCode);
        using var later = Portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await BackupCodeSteps.SignInAsync(later, email, codes[0])).StatusCode);
    }

    [Fact]
    public async Task A_restricted_session_may_only_save_a_passkey_and_then_manage_backup_codes_again()
    {
        var (owner, _, email) = await BackupCodeSteps.SignedUpAsync(Portal);
        var codes = await BackupCodeSteps.GenerateAndConfirmAsync(owner);

        using var client = Portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await BackupCodeSteps.SignInAsync(client, email, codes[0])).StatusCode);
        var flow = await client.CreateBrowserFlowAsync("settings");

        foreach (var toggle in new[] { "lookup_secret_regenerate", "lookup_secret_reveal", "lookup_secret_disable" })
            await Wire.AssertErrorAsync(await BackupCodeSteps.SubmitAsync(client, flow, toggle), HttpStatusCode.Forbidden, "session_passkey_enrolment_required");
        var remove = await SettingsSteps.RemoveAsync(client, flow, PortalClient.NodeValue(flow, "passkey_remove"));
        var error = await Wire.AssertErrorAsync(remove, HttpStatusCode.Forbidden, "session_passkey_enrolment_required");
        Assert.Contains("without a passkey", error["error"]!["reason"]!.GetValue<string>());
        // Nor may it sign the owner out elsewhere.
        await Wire.AssertErrorAsync(await client.Http.DeleteAsync("/sessions"), HttpStatusCode.Forbidden, "session_passkey_enrolment_required");
        Assert.Equal(HttpStatusCode.OK, (await owner.WhoAmIAsync()).StatusCode);
        owner.Dispose();
        // The codes stayed as they were.
        Assert.Equal(9, await RemainingAsync(email));

        // A new passkey lifts the restriction; from then on the codes can be managed again.
        Assert.Equal(HttpStatusCode.OK, (await SettingsSteps.AddPasskeyAsync(client, flow, new SoftwareAuthenticator())).StatusCode);
        var lifted = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.Null(lifted["restriction"]);
        Assert.Equal(["lookup_secret", "passkey"], lifted["authentication_methods"]!.AsArray().Select(m => m!["method"]!.GetValue<string>()));
        var fresh = await client.CreateBrowserFlowAsync("settings");
        Assert.Equal(HttpStatusCode.OK, (await BackupCodeSteps.RegenerateAsync(client, fresh)).StatusCode);
    }

    [Fact]
    public async Task Two_codes_left_is_recorded_and_settings_warns()
    {
        using var portal = new PortalFactory();
        var (owner, _, email) = await BackupCodeSteps.SignedUpAsync(portal);
        using var _ = owner;
        var codes = await BackupCodeSteps.GenerateAndConfirmAsync(owner);
        for (var i = 0; i < 7; i++)
        {
            using var client = portal.NewClient();
            Assert.Equal(HttpStatusCode.OK, (await BackupCodeSteps.SignInAsync(client, email, codes[i])).StatusCode);
        }
        var three = await owner.CreateBrowserFlowAsync("settings");
        Assert.Equal(1059001, BackupCodeSteps.Remaining(three)!["id"]!.GetValue<int>());
        Assert.Equal(0, await CountAsync(portal, email, "security.backup_codes_low"));

        using (var client = portal.NewClient())
            Assert.Equal(HttpStatusCode.OK, (await BackupCodeSteps.SignInAsync(client, email, codes[7])).StatusCode);
        var low = await CountAsync(portal, email, "security.backup_codes_low");
        Assert.Equal(1, low);
        var two = BackupCodeSteps.Remaining(await owner.CreateBrowserFlowAsync("settings"))!;
        Assert.Equal(1059002, two["id"]!.GetValue<int>());
        Assert.Equal("Only 2 of 10 backup codes left. Generate new ones before they run out.", two["text"]!.GetValue<string>());
        Assert.Equal(2, two["context"]!["remaining"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_form_post_lands_a_browser_on_settings_and_a_wrong_code_back_on_the_backup_code_form()
    {
        var (owner, _, email) = await BackupCodeSteps.SignedUpAsync(Portal);
        var codes = await BackupCodeSteps.GenerateAndConfirmAsync(owner);
        owner.Dispose();
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        Dictionary<string, string> Form(string code) => new()
        {
            ["csrf_token"] = PortalClient.Csrf(flow), ["method"] = "lookup_secret", ["identifier"] = email, ["lookup_secret"] = code,
        };

        var wrong = await client.SubmitFormAsync("login", PortalClient.Id(flow), Form("notacode"));
        Assert.Equal(HttpStatusCode.SeeOther, wrong.StatusCode);
        Assert.Equal($"{Portal.BaseUrl}/login?flow={PortalClient.Id(flow)}", wrong.Headers.Location!.ToString());
        var page = await client.Http.GetStringAsync(wrong.Headers.Location);
        Assert.Contains("<h1>Use a backup code</h1>", page);
        Assert.Contains("That backup code does not work for this email", page);
        Assert.Contains($"value=\"{email}\"", page);
        Assert.DoesNotContain("notacode", page);

        var right = await client.SubmitFormAsync("login", PortalClient.Id(flow), Form(codes[0]));
        Assert.Equal(HttpStatusCode.SeeOther, right.StatusCode);
        Assert.Equal(Portal.BaseUrl + "/self-service/settings/browser", right.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_refresh_sign_in_offers_no_backup_code_and_takes_none()
    {
        var (owner, _, email) = await BackupCodeSteps.SignedUpAsync(Portal);
        using var _ = owner;
        var codes = await BackupCodeSteps.GenerateAndConfirmAsync(owner);
        var refresh = await owner.CreateBrowserFlowAsync("login", "?refresh=true");
        Assert.Empty(Wire.Nodes(refresh).Where(n => n["group"]!.GetValue<string>() == "lookup_secret"));

        var response = await BackupCodeSteps.SignInAsync(owner, refresh, email, codes[0]);
        var shown = await Wire.AssertFlowAsync(response);
        Assert.Contains(4010002, Wire.Ids(Wire.FlowMessages(shown)));
        Assert.Equal(10, await RemainingAsync(email));
    }

    [Fact]
    public async Task A_deactivated_account_is_refused_as_a_wrong_code_is()
    {
        var (owner, _, email) = await BackupCodeSteps.SignedUpAsync(Portal);
        var codes = await BackupCodeSteps.GenerateAndConfirmAsync(owner);
        owner.Dispose();
        await using (var scope = Portal.Services.CreateAsyncScope())
        {
            var id = await IdentityIdAsync(email);
            await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Identities.Where(i => i.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.State, IdentityStates.Inactive));
        }
        using var client = Portal.NewClient();
        var refused = await Wire.AssertFlowAsync(await BackupCodeSteps.SignInAsync(client, email, codes[0]));
        Assert.Equal([4000016], Wire.Ids(Wire.NodeMessages(refused, "lookup_secret")));
        Assert.Equal(10, await RemainingAsync(email));
    }

    private async Task<Guid> IdentityIdAsync(string email)
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().IdentityIdentifiers
            .Where(x => x.Value == email).Select(x => x.IdentityId).SingleAsync();
    }

    private async Task<int> RemainingAsync(string email)
    {
        var id = await IdentityIdAsync(email);
        await using var scope = Portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BackupCodeStore>().RemainingAsync(id);
    }

    private static async Task<int> CountAsync(PortalFactory portal, string email, string type)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var id = await db.IdentityIdentifiers.Where(x => x.Value == email).Select(x => x.IdentityId).SingleAsync();
        return await db.AuditEvents.CountAsync(e => e.IdentityId == id && e.Type == type);
    }
}
