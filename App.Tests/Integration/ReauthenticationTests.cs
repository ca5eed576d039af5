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
/// Settings changes need a recent sign-in (<c>privileged_session_max_age</c>, 1h by default). An
/// older session confirms it is still its owner through a refresh sign-in, which keeps the session
/// and only ever accepts the signed-in identity.
/// </summary>
public sealed class ReauthenticationTests : IDisposable
{
    private readonly FakeClock clock = new();
    private readonly PortalFactory portal;

    public ReauthenticationTests() => portal = new PortalFactory { Clock = clock };

    public void Dispose() => portal.Dispose();

    private async Task<(PortalClient Client, SoftwareAuthenticator Phone, SoftwareAuthenticator Laptop, string Email)> TwoPasskeysAsync()
    {
        var client = portal.NewClient();
        var phone = new SoftwareAuthenticator();
        var email = $"refresh-{Guid.NewGuid():N}@example.com";
        var (registered, _) = await Journeys.RegisterAsync(client, phone, email);
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        var laptop = new SoftwareAuthenticator();
        var added = await SettingsSteps.AddPasskeyAsync(client, await client.CreateBrowserFlowAsync("settings"), laptop);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        return (client, phone, laptop, email);
    }

    private string RefreshUrlFor(JsonObject settingsFlow) =>
        portal.BaseUrl + "/self-service/login/browser?refresh=true&return_to="
        + Uri.EscapeDataString(portal.BaseUrl + "/settings?flow=" + PortalClient.Id(settingsFlow));

    [Fact]
    public async Task After_the_privileged_window_a_change_answers_session_refresh_required_and_changes_nothing()
    {
        var (client, phone, _, _) = await TwoPasskeysAsync();
        using var _ = client;
        clock.Advance(TimeSpan.FromMinutes(61));
        var flow = await client.CreateBrowserFlowAsync("settings");

        var error = await Wire.AssertErrorAsync(await SettingsSteps.RemoveAsync(client, flow, phone), HttpStatusCode.Forbidden, "session_refresh_required");
        Assert.Equal(RefreshUrlFor(flow), error["redirect_browser_to"]!.GetValue<string>());
        Assert.Equal(2, await PasskeyCountAsync());

        // A browser posting the form is sent to confirm it's them, and then back to this flow.
        var form = await client.SubmitFormAsync("settings", PortalClient.Id(flow), new Dictionary<string, string>
        {
            ["csrf_token"] = PortalClient.Csrf(flow), ["passkey_remove"] = Convert.ToHexStringLower(phone.Credentials.Single().Id),
        });
        Assert.Equal(HttpStatusCode.SeeOther, form.StatusCode);
        Assert.Equal(RefreshUrlFor(flow), form.Headers.Location!.ToString());
        Assert.Equal(2, await PasskeyCountAsync());
    }

    [Fact]
    public async Task A_refresh_with_the_accounts_passkey_keeps_the_session_and_allows_the_change()
    {
        var (client, phone, laptop, email) = await TwoPasskeysAsync();
        using var _ = client;
        var before = await Wire.ObjectAsync(await client.WhoAmIAsync());
        clock.Advance(TimeSpan.FromMinutes(61));

        var login = await client.CreateBrowserFlowAsync("login", "?refresh=true");
        Assert.True(login["refresh"]!.GetValue<bool>());
        Assert.Contains(1010003, Wire.Ids(Wire.FlowMessages(login)));
        Assert.Equal(email, PortalClient.NodeValue(login, "identifier"));
        var challenge = Wire.ParseObject(PortalClient.NodeValue(login, "passkey_challenge"))["publicKey"]!;
        var allowed = challenge["allowCredentials"]!.AsArray().Select(c => c!["id"]!.GetValue<string>()).Order();
        Assert.Equal(new[] { phone, laptop }.Select(a => Authenticator.Base64Url.Encode(a.Credentials.Single().Id)).Order(), allowed);

        var response = await client.SubmitJsonAsync("login", PortalClient.Id(login),
            Steps.LoginBody(login, phone.Get(PortalClient.NodeValue(login, "passkey_challenge"), portal.Origin)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.Equal(before["id"]!.GetValue<string>(), after["id"]!.GetValue<string>());
        Assert.True(after["authenticated_at"]!.GetValue<DateTime>() > before["authenticated_at"]!.GetValue<DateTime>());
        Assert.Equal(3, after["authentication_methods"]!.AsArray().Count);

        var flow = await client.CreateBrowserFlowAsync("settings");
        Assert.Equal(HttpStatusCode.OK, (await SettingsSteps.RemoveAsync(client, flow, phone)).StatusCode);
        Assert.Equal(1, await PasskeyCountAsync());
        Assert.Contains("session.refreshed", await AuditTypesAsync());
    }

    [Fact]
    public async Task A_refresh_with_another_accounts_passkey_is_refused_and_the_session_stays_as_it_was()
    {
        var (client, phone, _, _) = await TwoPasskeysAsync();
        using var _ = client;
        var stranger = new SoftwareAuthenticator();
        await Steps.RegisterAsync(portal, stranger, $"stranger-{Guid.NewGuid():N}@example.com");
        var before = await Wire.ObjectAsync(await client.WhoAmIAsync());
        clock.Advance(TimeSpan.FromMinutes(61));

        // The stranger's passkey answers a challenge it was not offered (as a forged client would).
        var login = await client.CreateBrowserFlowAsync("login", "?refresh=true");
        var assertion = stranger.Get(WithoutAllowCredentials(PortalClient.NodeValue(login, "passkey_challenge")), portal.Origin);
        var refused = await client.SubmitJsonAsync("login", PortalClient.Id(login), Steps.LoginBody(login, assertion));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var after = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.Equal(before["identity"]!["id"]!.GetValue<string>(), after["identity"]!["id"]!.GetValue<string>());
        Assert.Equal(before["authenticated_at"]!.GetValue<DateTime>(), after["authenticated_at"]!.GetValue<DateTime>());
        var flow = await client.CreateBrowserFlowAsync("settings");
        await Wire.AssertErrorAsync(await SettingsSteps.RemoveAsync(client, flow, phone), HttpStatusCode.Forbidden, "session_refresh_required");
    }

    [Fact]
    public async Task A_refresh_by_email_goes_to_the_signed_in_address_whatever_is_typed()
    {
        var (client, _, _, email) = await TwoPasskeysAsync();
        using var _ = client;
        clock.Advance(TimeSpan.FromMinutes(61));
        var login = await client.CreateBrowserFlowAsync("login", "?refresh=true");
        var sent = await Wire.AssertFlowAsync(await EmailSteps.SendAsync(client, login, "someone-else@example.com"));
        Assert.Empty(await EmailSteps.OutboxAsync(portal, "someone-else@example.com"));
        var code = EmailSteps.CodeIn(await EmailSteps.LatestEmailAsync(portal, email));

        Assert.Equal(HttpStatusCode.OK, (await EmailSteps.SubmitCodeAsync(client, sent, code)).StatusCode);
        var flow = await client.CreateBrowserFlowAsync("settings");
        Assert.Equal(HttpStatusCode.OK, (await SettingsSteps.RemoveAsync(client, flow, PortalClient.NodeValue(flow, "passkey_remove"))).StatusCode);
    }

    [Fact]
    public async Task Signed_in_without_refresh_the_login_flow_is_still_refused()
    {
        var (client, _, _, _) = await TwoPasskeysAsync();
        using var _ = client;
        var request = new HttpRequestMessage(HttpMethod.Get, "/self-service/login/browser?refresh=false");
        request.Headers.Accept.ParseAdd("application/json");
        await Wire.AssertErrorAsync(await client.Http.SendAsync(request), HttpStatusCode.BadRequest, "session_already_available");
    }

    [Fact]
    public async Task A_native_refresh_sign_in_answers_with_the_session_token_it_refreshed()
    {
        using var client = portal.NewClient();
        var phone = new SoftwareAuthenticator();
        var registration = await client.CreateApiFlowAsync("registration");
        var registered = await Wire.ObjectAsync(await client.SubmitJsonAsync("registration", PortalClient.Id(registration), new JsonObject
        {
            ["method"] = "passkey",
            ["traits"] = new JsonObject { ["email"] = $"native-refresh-{Guid.NewGuid():N}@example.com" },
            ["passkey_register"] = phone.Create(PortalClient.NodeValue(registration, "passkey_create_data"), portal.Origin),
        }));
        var token = registered["session_token"]!.GetValue<string>();
        clock.Advance(TimeSpan.FromMinutes(61));

        using var create = new HttpRequestMessage(HttpMethod.Get, "/self-service/login/api?refresh=true");
        create.Headers.Add("X-Session-Token", token);
        var flow = await Wire.ObjectAsync(await client.Http.SendAsync(create));
        using var submit = Wire.Json(HttpMethod.Post, "/self-service/login?flow=" + PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "passkey",
            ["passkey_login"] = phone.Get(PortalClient.NodeValue(flow, "passkey_challenge"), portal.Origin),
        }.ToJsonString());
        submit.Headers.Add("X-Session-Token", token);
        var response = await client.Http.SendAsync(submit);
        var body = await Wire.ObjectAsync(response);

        // A native app keeps using what session_token says, as after any native sign-in.
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(registered["session"]!["id"]!.GetValue<string>(), body["session"]!["id"]!.GetValue<string>());
        Assert.Equal(token, body["session_token"]?.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.WhoAmIAsync(token)).StatusCode);
    }

    private static string WithoutAllowCredentials(string challenge)
    {
        var root = Wire.ParseObject(challenge);
        root["publicKey"]!.AsObject().Remove("allowCredentials");
        return root.ToJsonString();
    }

    private async Task<int> PasskeyCountAsync()
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Passkeys.CountAsync();
    }

    private async Task<List<string>> AuditTypesAsync()
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEvents.Select(e => e.Type).ToListAsync();
    }
}
