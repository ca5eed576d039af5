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
/// "Save another passkey for a backup?" over the settings flow: asked while an account has one
/// passkey, aimed at a phone or a hardware key by the creation options, and "Later" asked once more
/// after a later sign-in, then never. A browser's sign-up passes by it on its way to return_to.
/// </summary>
public sealed class BackupPasskeyTests : IDisposable
{
    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    private async Task<(PortalClient Client, SoftwareAuthenticator Laptop)> SignedUpAsync()
    {
        var client = portal.NewClient();
        var laptop = new SoftwareAuthenticator();
        var (response, _) = await Journeys.RegisterAsync(client, laptop, $"backup-{Guid.NewGuid():N}@example.com");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (client, laptop);
    }

    private static bool Asks(JsonObject flow) => Wire.Nodes(flow).Any(n => n["attributes"]!["id"]?.GetValue<string>() == "passkey_backup_prompt");

    private static Task<HttpResponseMessage> SubmitAsync(PortalClient client, JsonObject flow, string field, string value) =>
        client.SubmitJsonAsync("settings", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "passkey",
            ["csrf_token"] = PortalClient.Csrf(flow),
            [field] = value,
        });

    private static JsonNode PublicKey(JsonObject flow) => Wire.ParseObject(PortalClient.NodeValue(flow, "passkey_create_data"))["publicKey"]!;

    [Fact]
    public async Task One_passkey_is_asked_about_with_three_choices_and_a_second_one_ends_the_question()
    {
        var (client, _) = await SignedUpAsync();
        using var _ = client;
        var flow = await client.CreateBrowserFlowAsync("settings");

        Assert.True(Asks(flow));
        var prompt = Wire.Nodes(flow).Single(n => n["attributes"]!["id"]?.GetValue<string>() == "passkey_backup_prompt");
        Assert.Equal("✓ Passkey saved to this device. Save another passkey for a backup?", prompt["attributes"]!["text"]!["text"]!.GetValue<string>());
        var choices = Wire.Nodes(flow).Where(n => n["attributes"]!["name"]?.GetValue<string>() is "passkey_backup" or "passkey_backup_later")
            .Select(n => (n["attributes"]!["value"]!.GetValue<string>(), n["meta"]!["label"]!["text"]!.GetValue<string>())).ToList();
        Assert.Equal([("hybrid", "On phone"), ("security-key", "On hardware key"), ("true", "Later")], choices);
        // With one passkey and no backup codes the flow also warns.
        Assert.Contains(Wire.Nodes(flow), n => n["attributes"]!["id"]?.GetValue<string>() == "passkey_single_warning");

        var added = await SettingsSteps.AddPasskeyAsync(client, flow, new SoftwareAuthenticator());
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var after = await Wire.ObjectAsync(added);
        Assert.False(Asks(after));
        Assert.DoesNotContain(Wire.Nodes(after), n => n["attributes"]!["id"]?.GetValue<string>() == "passkey_single_warning");
    }

    [Fact]
    public async Task On_phone_asks_for_hybrid_and_on_hardware_key_for_a_cross_platform_security_key_with_the_passkey_excluded()
    {
        var (client, laptop) = await SignedUpAsync();
        using var _ = client;
        var flow = await client.CreateBrowserFlowAsync("settings");
        var plain = PublicKey(flow);
        Assert.Null(plain["hints"]);
        Assert.Null(plain["authenticatorSelection"]!["authenticatorAttachment"]);

        var phone = await Wire.ObjectAsync(await SubmitAsync(client, flow, "passkey_backup", "hybrid"));
        var hybrid = PublicKey(phone);
        Assert.Equal(["hybrid"], hybrid["hints"]!.AsArray().Select(h => h!.GetValue<string>()));
        // A phone over hybrid is a roaming authenticator too.
        Assert.Equal("cross-platform", hybrid["authenticatorSelection"]!["authenticatorAttachment"]!.GetValue<string>());
        Assert.Equal([Authenticator.Base64Url.Encode(laptop.Credentials.Single().Id)],
            hybrid["excludeCredentials"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()));

        var keyAnswer = await SubmitAsync(client, phone, "passkey_backup", "security-key");
        Assert.Equal(HttpStatusCode.OK, keyAnswer.StatusCode);
        var key = await Wire.ObjectAsync(keyAnswer);
        var roaming = PublicKey(key);
        Assert.Equal(["security-key"], roaming["hints"]!.AsArray().Select(h => h!.GetValue<string>()));
        Assert.Equal("cross-platform", roaming["authenticatorSelection"]!["authenticatorAttachment"]!.GetValue<string>());
        Assert.Equal("required", roaming["authenticatorSelection"]!["residentKey"]!.GetValue<string>());

        // The aimed options are the flow's ceremony: the key's credential is saved like any other.
        var saved = await SettingsSteps.AddPasskeyAsync(client, key, new SoftwareAuthenticator());
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(2, Wire.Nodes(await Wire.ObjectAsync(saved)).Count(n => n["attributes"]!["name"]?.GetValue<string>() == "passkey_remove"));
    }

    [Fact]
    public async Task An_unknown_target_is_a_400_with_the_form_not_a_500()
    {
        var (client, _) = await SignedUpAsync();
        using var _ = client;
        var flow = await client.CreateBrowserFlowAsync("settings");
        var answer = await SubmitAsync(client, flow, "passkey_backup", "carrier-pigeon");
        var body = await Wire.AssertFlowAsync(answer);
        Assert.Contains(Wire.FlowMessages(body), m => m["text"]!.GetValue<string>() == "Choose a phone or a hardware key.");
    }

    [Fact]
    public async Task Later_is_asked_once_more_after_a_later_sign_in_and_then_never()
    {
        var (client, laptop) = await SignedUpAsync();
        using var _ = client;
        var flow = await client.CreateBrowserFlowAsync("settings");
        Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(client, flow, "passkey_backup_later", "true")).StatusCode);
        // Not again in this session.
        Assert.False(Asks(await client.CreateBrowserFlowAsync("settings")));

        using var second = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await Journeys.LoginAsync(second, laptop)).Response.StatusCode);
        var again = await second.CreateBrowserFlowAsync("settings");
        Assert.True(Asks(again));
        Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(second, again, "passkey_backup_later", "true")).StatusCode);

        using var third = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await Journeys.LoginAsync(third, laptop)).Response.StatusCode);
        Assert.False(Asks(await third.CreateBrowserFlowAsync("settings")));

        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var declines = await db.AuditEvents.Where(e => e.Type == "settings.backup_passkey_declined").Select(e => e.Details!).ToListAsync();
        Assert.Equal(2, declines.Count);
        Assert.Contains(declines, d => d.Contains("\"declines\":2"));
    }

    [Fact]
    public async Task A_browser_sign_up_goes_by_the_settings_page_on_its_way_to_return_to_and_a_JSON_client_keeps_Kratos_answer()
    {
        using var browser = portal.NewClient();
        var returnTo = portal.BaseUrl + "/welcome?from=signup";
        var flow = await browser.CreateBrowserFlowAsync("registration", "?return_to=" + Uri.EscapeDataString(returnTo));
        var laptop = new SoftwareAuthenticator();
        var answer = await browser.SubmitFormAsync("registration", PortalClient.Id(flow), new Dictionary<string, string>
        {
            ["method"] = "passkey",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["traits.email"] = "browser-signup@example.com",
            ["passkey_register"] = laptop.Create(PortalClient.NodeValue(flow, "passkey_create_data"), portal.Origin),
        });
        Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        Assert.Equal(portal.BaseUrl + "/self-service/settings/browser?return_to=" + Uri.EscapeDataString(returnTo), answer.Headers.Location!.ToString());

        // The settings flow it starts continues to the same place.
        var settings = await browser.CreateBrowserFlowAsync("settings", "?return_to=" + Uri.EscapeDataString(returnTo));
        Assert.True(Asks(settings));
        Assert.Equal(returnTo, settings["return_to"]!.GetValue<string>());

        using var spa = portal.NewClient();
        var (json, body) = await Journeys.RegisterAsync(spa, new SoftwareAuthenticator(), "spa-signup@example.com");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("redirect_browser_to", body["continue_with"]![0]!["action"]!.GetValue<string>());
        Assert.DoesNotContain("/settings", body["continue_with"]![0]!["redirect_browser_to"]!.GetValue<string>());
    }
}
