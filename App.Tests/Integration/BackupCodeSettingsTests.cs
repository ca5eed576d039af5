using System.Net;
using System.Text.Json.Nodes;
using App.Data;
using App.Security;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// Backup codes on the settings flow over the Kratos API: Kratos's lookup_secret nodes, a new set
/// shown once and in force only after "confirm", kept only as HMACs, revealed without secrets,
/// replaced by a new set, disabled, and refused to a restricted session.
/// </summary>
public sealed class BackupCodeSettingsTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private const string NoCodes = "TestCompleteSettings-case=button_for_regeneration_is_displayed_when_identity_has_no_recovery_codes_yet-case=";
    private const string HasCodes = "TestCompleteSettings-case=hide_recovery_codes_behind_reveal_button_and_show_disable_button-case=";
    private const string ShownCodes = "TestCompleteSettings-type=regenerate_but_no_confirmation-type=browser.json";

    private PortalFactory Portal => fixture.Portal;

    /// <summary>The lookup_secret group and the CSRF node, less the portal's own count node: what Kratos's snapshots cover.</summary>
    private static IEnumerable<JsonObject> LookupPart(JsonObject flow) =>
        Wire.Nodes(flow).Where(n => (n["group"]!.GetValue<string>() == "lookup_secret" && n["attributes"]!["id"]?.GetValue<string>() != "lookup_secret_remaining")
            || Snapshots.Name(n) == "csrf_token");

    [Fact]
    public async Task Without_codes_the_flow_offers_Kratos_regenerate_button_in_browser_and_api_flows()
    {
        var (client, passkey, _) = await BackupCodeSteps.SignedUpAsync(Portal);
        using var _ = client;
        var browser = await client.CreateBrowserFlowAsync("settings");
        Snapshots.AssertSameNodes(Snapshots.Load(NoCodes + "browser.json"), LookupPart(browser));

        using var app = Portal.NewClient();
        var token = (await Steps.ApiLoginAsync(app, passkey))["session_token"]!.GetValue<string>();
        var api = await ApiSettingsFlowAsync(app, token);
        Snapshots.AssertSameNodes(Snapshots.Load(NoCodes + "api.json"), LookupPart(api));
    }

    [Fact]
    public async Task Regenerate_shows_ten_codes_once_with_confirm_and_stores_none_until_confirmed()
    {
        var (client, _, _) = await BackupCodeSteps.SignedUpAsync(Portal);
        using var _ = client;
        var flow = await client.CreateBrowserFlowAsync("settings");

        var response = await BackupCodeSteps.RegenerateAsync(client, flow);
        // Kratos answers a new step of the form with the flow and 200, not as an error.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shown = await Wire.ObjectAsync(response);
        Assert.Equal("show_form", shown["state"]!.GetValue<string>());
        var lookup = Wire.Nodes(shown).Where(n => n["group"]!.GetValue<string>() == "lookup_secret").ToList();
        Assert.Equal(["lookup_secret_codes", "lookup_secret_confirm"],
            lookup.Select(n => n["attributes"]!["name"]?.GetValue<string>() ?? n["attributes"]!["id"]!.GetValue<string>()));

        // The codes node has Kratos's shape: label 1050010, list 1050015 of 1050009 entries.
        var expected = Snapshots.Load(ShownCodes).Single(n => n["attributes"]!["id"]?.GetValue<string>() == "lookup_secret_codes");
        var codesNode = lookup[0].DeepClone().AsObject();
        Assert.Equal(expected["meta"]!.ToJsonString(), codesNode["meta"]!.ToJsonString());
        Assert.Equal(1050015, codesNode["attributes"]!["text"]!["id"]!.GetValue<int>());
        var codes = BackupCodeSteps.CodesIn(shown);
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[2-9a-hjkmnp-z]{8}$", c));
        Assert.All(BackupCodeSteps.Entries(shown), e => Assert.Equal(1050009, e["id"]!.GetValue<int>()));
        Assert.Equal(string.Join(", ", codes), codesNode["attributes"]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal("""{"type":"input","group":"lookup_secret","attributes":{"name":"lookup_secret_confirm","type":"submit","value":"true","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1050011,"text":"Confirm backup recovery codes","type":"info"}}}""",
            lookup[1].ToJsonString());

        // Not in force yet: a fresh flow still offers to generate, and no code signs in.
        var fresh = await client.CreateBrowserFlowAsync("settings");
        Assert.NotNull(PortalClient.Node(fresh, "lookup_secret_regenerate"));
        Assert.Null(PortalClient.Node(fresh, "lookup_secret_reveal"));
        await using var scope = Portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal(0, await db.BackupCodes.CountAsync(c => c.FlowId == Guid.Parse(PortalClient.Id(flow)) && c.ConfirmedAt != null));
    }

    [Fact]
    public async Task Confirm_puts_the_codes_in_force_stored_only_as_HMACs_with_the_portal_secret()
    {
        var (client, _, email) = await BackupCodeSteps.SignedUpAsync(Portal);
        using var _ = client;
        var flow = await client.CreateBrowserFlowAsync("settings");
        var shown = await Wire.ObjectAsync(await BackupCodeSteps.RegenerateAsync(client, flow));
        var codes = BackupCodeSteps.CodesIn(shown);

        var response = await BackupCodeSteps.ConfirmAsync(client, shown);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = await Wire.ObjectAsync(response);
        Assert.Equal("success", saved["state"]!.GetValue<string>());
        Assert.Contains(1050001, Wire.Ids(Wire.FlowMessages(saved)));
        Snapshots.AssertSameNodes(Snapshots.Load(HasCodes + "browser.json"), LookupPart(saved));
        var remaining = BackupCodeSteps.Remaining(saved)!;
        Assert.Equal(1059001, remaining["id"]!.GetValue<int>());
        Assert.Equal("10 of 10 backup codes left.", remaining["text"]!.GetValue<string>());
        // The form carries no code any more, and neither does the flow kept in the database.
        foreach (var code in codes) Assert.DoesNotContain(code, saved.ToJsonString());

        await using var scope = Portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var secrets = scope.ServiceProvider.GetRequiredService<Secrets>();
        var identityId = await db.IdentityIdentifiers.Where(x => x.Value == email).Select(x => x.IdentityId).SingleAsync();
        var rows = await db.BackupCodes.AsNoTracking().Where(c => c.IdentityId == identityId).OrderBy(c => c.Position).ToListAsync();
        Assert.Equal(10, rows.Count);
        Assert.All(rows, r => Assert.NotNull(r.ConfirmedAt));
        Assert.All(rows, r => Assert.Null(r.UsedAt));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(32, rows[i].CodeHmac.Length);
            Assert.True(await secrets.MatchesAsync("lookup_secret", identityId.ToString("N") + ":" + codes[i], rows[i].CodeHmac), $"row {i} is not the HMAC of code {i}");
        }
        var storedFlow = await db.Flows.AsNoTracking().SingleAsync(f => f.Id == Guid.Parse(PortalClient.Id(flow)));
        foreach (var code in codes) Assert.DoesNotContain(code, storedFlow.Ui);
        var audit = await db.AuditEvents.AsNoTracking().Where(e => e.IdentityId == identityId && e.Type == "settings.backup_codes_generated").ToListAsync();
        var generated = Assert.Single(audit);
        Assert.Equal("identity", generated.Actor);
        foreach (var code in codes) Assert.DoesNotContain(code, generated.Details ?? "");
    }

    [Fact]
    public async Task Reveal_after_confirm_shows_which_codes_were_used_and_nothing_secret()
    {
        var (client, _, email) = await BackupCodeSteps.SignedUpAsync(Portal);
        using var _ = client;
        var codes = await BackupCodeSteps.GenerateAndConfirmAsync(client);
        using (var other = Portal.NewClient())
            Assert.Equal(HttpStatusCode.OK, (await BackupCodeSteps.SignInAsync(other, email, codes[3])).StatusCode);

        var flow = await client.CreateBrowserFlowAsync("settings");
        var response = await BackupCodeSteps.RevealAsync(client, flow);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var revealed = await Wire.ObjectAsync(response);
        var body = revealed.ToJsonString();
        foreach (var code in codes) Assert.DoesNotContain(code, body);

        var entries = BackupCodeSteps.Entries(revealed);
        Assert.Equal(10, entries.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i == 3 ? 1050014 : 1059003), entries.Select(e => e["id"]!.GetValue<int>()));
        Assert.StartsWith("Secret was used at ", entries[3]["text"]!.GetValue<string>());
        Assert.EndsWith(" +0000 UTC", entries[3]["text"]!.GetValue<string>());
        Assert.True(entries[3]["context"]!["used_at_unix"]!.GetValue<long>() > 0);
        Assert.Equal("hidden, hidden, hidden, used, hidden, hidden, hidden, hidden, hidden, hidden",
            Wire.Nodes(revealed).Single(n => n["attributes"]!["id"]?.GetValue<string>() == "lookup_secret_codes")["attributes"]!["text"]!["text"]!.GetValue<string>());
        // As in Kratos: the list, then disable and regenerate.
        Assert.Equal(["lookup_secret_codes", "lookup_secret_disable", "lookup_secret_regenerate", "lookup_secret_remaining"],
            Wire.Nodes(revealed).Where(n => n["group"]!.GetValue<string>() == "lookup_secret")
                .Select(n => n["attributes"]!["name"]?.GetValue<string>() ?? n["attributes"]!["id"]!.GetValue<string>()));
        Assert.Equal("9 of 10 backup codes left.", BackupCodeSteps.Remaining(revealed)!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_new_set_replaces_the_old_one_only_once_it_is_confirmed()
    {
        var (client, _, email) = await BackupCodeSteps.SignedUpAsync(Portal);
        using var _ = client;
        var old = await BackupCodeSteps.GenerateAndConfirmAsync(client);

        // Regenerated but not confirmed: the old codes still work (Kratos's regenerate_but_no_confirmation).
        var flow = await client.CreateBrowserFlowAsync("settings");
        var shown = await Wire.ObjectAsync(await BackupCodeSteps.RegenerateAsync(client, flow));
        var fresh = BackupCodeSteps.CodesIn(shown);
        Assert.Empty(fresh.Intersect(old));
        using (var other = Portal.NewClient())
            Assert.Equal(HttpStatusCode.OK, (await BackupCodeSteps.SignInAsync(other, email, old[0])).StatusCode);
        using (var other = Portal.NewClient())
            Assert.Equal(HttpStatusCode.BadRequest, (await BackupCodeSteps.SignInAsync(other, email, fresh[0])).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await BackupCodeSteps.ConfirmAsync(client, shown)).StatusCode);
        using (var other = Portal.NewClient())
        {
            var refused = await Wire.AssertFlowAsync(await BackupCodeSteps.SignInAsync(other, email, old[1]));
            Assert.Equal([4000016], Wire.Ids(Wire.NodeMessages(refused, "lookup_secret")));
        }
        using (var other = Portal.NewClient())
            Assert.Equal(HttpStatusCode.OK, (await BackupCodeSteps.SignInAsync(other, email, fresh[1])).StatusCode);
        var settings = await client.CreateBrowserFlowAsync("settings");
        Assert.Equal("9 of 10 backup codes left.", BackupCodeSteps.Remaining(settings)!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_set_made_again_elsewhere_cannot_be_confirmed_from_the_first_flow()
    {
        var (client, _, _) = await BackupCodeSteps.SignedUpAsync(Portal);
        using var _ = client;
        var first = await Wire.ObjectAsync(await BackupCodeSteps.RegenerateAsync(client, await client.CreateBrowserFlowAsync("settings")));
        var second = await Wire.ObjectAsync(await BackupCodeSteps.RegenerateAsync(client, await client.CreateBrowserFlowAsync("settings")));

        var refused = await Wire.AssertErrorAsync(await BackupCodeSteps.ConfirmAsync(client, first), HttpStatusCode.BadRequest, null);
        Assert.Equal("You must (re-)generate recovery backup codes before you can save them.", refused["error"]!["reason"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await BackupCodeSteps.ConfirmAsync(client, second)).StatusCode);
        // Confirmed once, a second "I saved them" has nothing left to confirm.
        await Wire.AssertErrorAsync(await BackupCodeSteps.ConfirmAsync(client, second), HttpStatusCode.BadRequest, null);
    }

    [Fact]
    public async Task Reveal_or_confirm_without_codes_is_a_bad_request()
    {
        var (client, _, _) = await BackupCodeSteps.SignedUpAsync(Portal);
        using var _ = client;
        var flow = await client.CreateBrowserFlowAsync("settings");
        var error = await Wire.AssertErrorAsync(await BackupCodeSteps.RevealAsync(client, flow), HttpStatusCode.BadRequest, null);
        Assert.Equal("Can not reveal lookup codes because you have none.", error["error"]!["reason"]!.GetValue<string>());
        await Wire.AssertErrorAsync(await BackupCodeSteps.ConfirmAsync(client, flow), HttpStatusCode.BadRequest, null);
        // method=lookup_secret with no toggle is not this method's submission, as in Kratos.
        var none = await client.SubmitJsonAsync("settings", PortalClient.Id(flow), new JsonObject { ["method"] = "lookup_secret", ["csrf_token"] = PortalClient.Csrf(flow) });
        var shown = await Wire.AssertFlowAsync(none);
        Assert.Contains(4010004, Wire.Ids(Wire.FlowMessages(shown)));
    }

    [Fact]
    public async Task Disable_removes_the_codes_and_offers_to_generate_again()
    {
        var (client, _, email) = await BackupCodeSteps.SignedUpAsync(Portal);
        using var _ = client;
        var codes = await BackupCodeSteps.GenerateAndConfirmAsync(client);
        var flow = await client.CreateBrowserFlowAsync("settings");
        Assert.NotNull(PortalClient.Node(flow, "lookup_secret_disable"));

        var response = await BackupCodeSteps.DisableAsync(client, flow);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var disabled = await Wire.ObjectAsync(response);
        Snapshots.AssertSameNodes(Snapshots.Load(NoCodes + "browser.json"), LookupPart(disabled));
        Assert.Null(BackupCodeSteps.Remaining(disabled));
        using var other = Portal.NewClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await BackupCodeSteps.SignInAsync(other, email, codes[0])).StatusCode);

        await using var scope = Portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var identityId = await db.IdentityIdentifiers.Where(x => x.Value == email).Select(x => x.IdentityId).SingleAsync();
        Assert.Equal(0, await db.BackupCodes.CountAsync(c => c.IdentityId == identityId));
        Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.IdentityId == identityId && e.Type == "settings.backup_codes_disabled"));
    }

    [Fact]
    public async Task A_browser_form_post_is_answered_with_the_page_that_shows_the_codes()
    {
        var (client, _, _) = await BackupCodeSteps.SignedUpAsync(Portal);
        using var _ = client;
        var flow = await client.CreateBrowserFlowAsync("settings");
        var response = await client.SubmitFormAsync("settings", PortalClient.Id(flow), new Dictionary<string, string>
        {
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["method"] = "lookup_secret",
            ["lookup_secret_regenerate"] = "true",
        });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"{Portal.BaseUrl}/settings?flow={PortalClient.Id(flow)}", response.Headers.Location!.ToString());
        var shown = await client.GetFlowObjectAsync("settings", PortalClient.Id(flow));
        Assert.Equal(10, BackupCodeSteps.CodesIn(shown).Count);
        Assert.NotNull(PortalClient.Node(shown, "lookup_secret_confirm"));
    }

    [Fact]
    public async Task An_old_session_must_confirm_it_is_you_before_generating()
    {
        var clock = new FakeClock();
        using var portal = new PortalFactory { Clock = clock };
        var (client, _, _) = await BackupCodeSteps.SignedUpAsync(portal);
        using var _ = client;
        clock.Advance(TimeSpan.FromMinutes(61));
        var flow = await client.CreateBrowserFlowAsync("settings");
        var error = await Wire.AssertErrorAsync(await BackupCodeSteps.RegenerateAsync(client, flow), HttpStatusCode.Forbidden, "session_refresh_required");
        Assert.Contains("refresh=true", error["redirect_browser_to"]!.GetValue<string>());
    }

    private async Task<JsonObject> ApiSettingsFlowAsync(PortalClient client, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/self-service/settings/api");
        request.Headers.Add("X-Session-Token", token);
        var response = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Wire.ObjectAsync(response);
    }
}
