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
/// What the settings flow tells of each passkey beyond Kratos's name and date (its model, whether it
/// syncs, when and on which device it last signed in), and renaming one, the portal's addition.
/// </summary>
public sealed class PasskeyDetailsTests : IDisposable
{
    private const string Chrome = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private static readonly Guid ICloud = Guid.Parse("fbfc3007-154e-4ecc-8c0b-6e020557d7bd");

    private readonly PortalFactory portal = new();

    public void Dispose() => portal.Dispose();

    private static JsonObject Remove(JsonObject flow) =>
        Wire.Nodes(flow).Single(n => n["attributes"]!["name"]?.GetValue<string>() == "passkey_remove");

    private static Task<HttpResponseMessage> RenameAsync(PortalClient client, JsonObject flow, string hexId, string name) =>
        client.SubmitJsonAsync("settings", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "passkey",
            ["csrf_token"] = PortalClient.Csrf(flow),
            ["passkey_rename"] = hexId,
            ["passkey_rename_name"] = name,
        });

    [Fact]
    public async Task The_remove_node_tells_the_model_sync_and_the_device_of_the_last_sign_in()
    {
        var laptop = new SoftwareAuthenticator(aaguid: ICloud);
        using var client = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await Journeys.RegisterAsync(client, laptop, "details@example.com")).Response.StatusCode);
        var before = Remove(await client.CreateBrowserFlowAsync("settings"))["meta"]!["label"]!["context"]!;
        Assert.Equal(ICloud.ToString(), before["aaguid"]!.GetValue<string>());
        Assert.Null(before["last_used_at"]);

        using var later = portal.NewClient();
        later.Http.DefaultRequestHeaders.UserAgent.ParseAdd(Chrome);
        Assert.Equal(HttpStatusCode.OK, (await Journeys.LoginAsync(later, laptop)).Response.StatusCode);
        var after = Remove(await later.CreateBrowserFlowAsync("settings"))["meta"]!["label"]!["context"]!;
        Assert.Equal(Chrome, after["last_used_user_agent"]!.GetValue<string>());
        Assert.True(DateTime.Parse(after["last_used_at"]!.GetValue<string>()) > DateTime.UtcNow.AddMinutes(-5));
        // A discoverable passkey of the software authenticator is synced (BE and BS set).
        Assert.True(after["backed_up"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_passkey_is_renamed_trimmed_and_audited_and_a_name_out_of_bounds_is_refused()
    {
        var laptop = new SoftwareAuthenticator();
        using var client = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await Journeys.RegisterAsync(client, laptop, "rename@example.com")).Response.StatusCode);
        var flow = await client.CreateBrowserFlowAsync("settings");
        var id = Convert.ToHexStringLower(laptop.Credentials.Single().Id);
        var old = Remove(flow)["meta"]!["label"]!["context"]!["display_name"]!.GetValue<string>();

        var renamed = await RenameAsync(client, flow, id, "  Work laptop  ");
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var body = await Wire.ObjectAsync(renamed);
        Assert.Equal("success", body["state"]!.GetValue<string>());
        Assert.Equal("Work laptop", Remove(body)["meta"]!["label"]!["context"]!["display_name"]!.GetValue<string>());

        foreach (var bad in new[] { "   ", new string('x', 65) })
        {
            var refused = await Wire.AssertFlowAsync(await RenameAsync(client, await client.CreateBrowserFlowAsync("settings"), id, bad));
            Assert.Contains(4069101, Wire.Ids(Wire.FlowMessages(refused)));
            Assert.Equal("Work laptop", Remove(refused)["meta"]!["label"]!["context"]!["display_name"]!.GetValue<string>());
        }
        Assert.Equal(HttpStatusCode.OK, (await RenameAsync(client, await client.CreateBrowserFlowAsync("settings"), id, new string('y', 64))).StatusCode);

        // Someone else's passkey id, or none, names nothing.
        var unknown = await Wire.AssertFlowAsync(await RenameAsync(client, await client.CreateBrowserFlowAsync("settings"), "00ff", "Mine now"));
        Assert.Contains(Wire.FlowMessages(unknown), m => m["text"]!.GetValue<string>() == "That passkey is not saved on this account.");

        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var events = await db.AuditEvents.Where(e => e.Type == "settings.passkey_renamed").OrderBy(e => e.Id).Select(e => e.Details!).ToListAsync();
        Assert.Equal(2, events.Count);
        Assert.Contains($"\"from\":\"{old}\"", events[0]);
        Assert.Contains("\"to\":\"Work laptop\"", events[0]);
    }

    [Fact]
    public async Task The_same_authenticator_added_twice_is_refused_with_a_message_not_a_500()
    {
        var laptop = new SoftwareAuthenticator();
        using var client = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await Journeys.RegisterAsync(client, laptop, "twice@example.com")).Response.StatusCode);
        var flow = await client.CreateBrowserFlowAsync("settings");
        // The flow excludes the saved credential, so an honest authenticator refuses at once:
        Assert.Throws<InvalidOperationException>(() => laptop.Create(PortalClient.NodeValue(flow, "passkey_create_data"), portal.Origin));
        // one that ignores excludeCredentials sends the same credential id again.
        var again = new SoftwareAuthenticator().Create(PortalClient.NodeValue(flow, "passkey_create_data"), portal.Origin,
            new CeremonyTweaks { CredentialId = laptop.Credentials.First().Id });
        var answer = await SettingsSteps.AddCredentialAsync(client, flow, again);
        var body = await Wire.AssertFlowAsync(answer);
        Assert.Contains(Wire.NodeMessages(body, "passkey_settings_register"), m => m["text"]!.GetValue<string>() == "This passkey is already saved.");
    }
}
