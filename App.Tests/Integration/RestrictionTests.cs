using System.Net;
using System.Text.Json.Nodes;
using App.Data;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// After an email sign-in, a high-value account must save a new passkey before anything else:
/// the session is restricted until it does, whoami says so, and settings refuse everything else.
/// </summary>
public sealed class RestrictionTests
{
    private static PortalFactory Portal(string policy) => new(new Dictionary<string, string?>
    {
        ["selfservice.methods.code.config.require_passkey_after_sign_in"] = policy,
    });

    private static async Task<string> RegisteredAsync(PortalFactory portal)
    {
        var email = $"restricted-{Guid.NewGuid():N}@example.com";
        await Steps.RegisterAsync(portal, new SoftwareAuthenticator(), email);
        return email;
    }

    /// <summary>Signs in by emailed code through the SPA API; returns the success body.</summary>
    private static async Task<JsonObject> CodeSignInAsync(PortalClient client, string email)
    {
        var flow = await client.CreateBrowserFlowAsync("login");
        var sent = await Wire.AssertFlowAsync(await EmailSteps.SendAsync(client, flow, email));
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(client.Factory, email));
        var response = await EmailSteps.SubmitCodeAsync(client, sent, code);
        var body = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    [Fact]
    public async Task A_restricted_session_says_so_is_sent_to_settings_and_may_only_add_a_passkey()
    {
        using var portal = Portal("always");
        var email = await RegisteredAsync(portal);
        using var client = portal.NewClient();
        var success = await CodeSignInAsync(client, email);

        var settingsUrl = portal.BaseUrl + "/self-service/settings/browser";
        Assert.Equal(settingsUrl, success["continue_with"]![0]!["redirect_browser_to"]!.GetValue<string>());
        var restriction = success["session"]!["restriction"]!;
        Assert.Equal("passkey_enrolment_required", restriction["id"]!.GetValue<string>());
        Assert.Equal(settingsUrl, restriction["settings_url"]!.GetValue<string>());
        Assert.Contains("Add passkey", restriction["reason"]!.GetValue<string>());

        var whoami = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.Equal("passkey_enrolment_required", whoami["restriction"]!["id"]!.GetValue<string>());

        // Anything but adding a passkey is refused, with what to do.
        var flow = await client.CreateBrowserFlowAsync("settings");
        var refused = await SettingsSteps.RemoveAsync(client, flow, PortalClient.NodeValue(flow, "passkey_remove"));
        var error = await Wire.AssertErrorAsync(refused, HttpStatusCode.Forbidden, "session_passkey_enrolment_required");
        Assert.Equal(settingsUrl, error["redirect_browser_to"]!.GetValue<string>());
        Assert.Contains("Add passkey", error["error"]!["reason"]!.GetValue<string>());

        // Saving a new passkey lifts it, and the session records the passkey.
        var added = await SettingsSteps.AddPasskeyAsync(client, flow, new SoftwareAuthenticator());
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var lifted = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.Null(lifted["restriction"]);
        Assert.Equal(["code", "passkey"], lifted["authentication_methods"]!.AsArray().Select(m => m!["method"]!.GetValue<string>()));
        Assert.Equal(["session.restriction_lifted", "settings.passkey_added", "settings.refused"], (await AuditAsync(portal)).Order());
    }

    [Fact]
    public async Task By_default_only_accounts_an_administrator_flagged_are_restricted()
    {
        using var portal = Portal("flagged");
        var plain = await RegisteredAsync(portal);
        var flagged = await RegisteredAsync(portal);
        await Steps.FlagForPasskeyAfterEmailAsync(portal, flagged);

        using var first = portal.NewClient();
        Assert.Null((await CodeSignInAsync(first, plain))["session"]!["restriction"]);
        using var second = portal.NewClient();
        Assert.Equal("passkey_enrolment_required", (await CodeSignInAsync(second, flagged))["session"]!["restriction"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task With_never_even_a_flagged_account_is_not_restricted()
    {
        using var portal = Portal("never");
        var email = await RegisteredAsync(portal);
        await Steps.FlagForPasskeyAfterEmailAsync(portal, email);
        using var client = portal.NewClient();
        var success = await CodeSignInAsync(client, email);
        Assert.Null(success["session"]!["restriction"]);
        Assert.Equal(portal.BaseUrl + "/welcome", success["continue_with"]![0]!["redirect_browser_to"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_passkey_sign_in_is_never_restricted()
    {
        using var portal = Portal("always");
        var phone = new SoftwareAuthenticator();
        await Steps.RegisterAsync(portal, phone, $"passkey-{Guid.NewGuid():N}@example.com");
        using var client = portal.NewClient();
        var (response, body) = await Journeys.LoginAsync(client, phone);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(body["session"]!["restriction"]);
    }

    [Fact]
    public async Task A_browser_is_sent_to_settings_with_its_return_to_and_the_welcome_page_sends_it_back_there()
    {
        using var portal = Portal("always");
        var email = await RegisteredAsync(portal);
        using var client = portal.NewClient();
        var returnTo = portal.BaseUrl + "/welcome?from=app";
        var flow = await client.CreateBrowserFlowAsync("login", "?return_to=" + Uri.EscapeDataString(returnTo));
        var sent = await Wire.AssertFlowAsync(await EmailSteps.SendAsync(client, flow, email));
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));

        var response = await client.SubmitFormAsync("login", PortalClient.Id(sent), new Dictionary<string, string>
        {
            ["method"] = "code", ["csrf_token"] = PortalClient.Csrf(sent), ["identifier"] = email, ["code"] = code,
        });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(portal.BaseUrl + "/self-service/settings/browser?return_to=" + Uri.EscapeDataString(returnTo), response.Headers.Location!.ToString());

        var welcome = await client.Http.GetAsync("/welcome");
        Assert.InRange((int)welcome.StatusCode, 300, 399);
        Assert.EndsWith("/self-service/settings/browser", welcome.Headers.Location!.ToString());

        // The settings page says why, and offers only "Add passkey".
        var settings = await client.Http.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.SeeOther, settings.StatusCode);
        var page = await client.Http.GetStringAsync(settings.Headers.Location);
        Assert.Contains("save a new passkey on this device", page);
        Assert.Contains("Add passkey", page);
    }

    private static async Task<List<string>> AuditAsync(PortalFactory portal)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.AuditEvents.Where(e => e.Type.StartsWith("settings.") || e.Type.StartsWith("session.restriction"))
            .Select(e => e.Type).ToListAsync();
    }
}
