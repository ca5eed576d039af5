using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Asking for a passkey (method=passkey, no answer yet) on a login flow with no address field, such
/// as a second-factor flow, or one that moved on to its email code, shows the flow again; the
/// second-factor case once answered 500.
/// </summary>
public sealed class PasskeyAfterCodeTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("browser")]
    [InlineData("api")]
    public async Task A_passkey_asked_for_after_the_code_was_sent_shows_the_flow(string type)
    {
        using var client = fixture.Portal.NewClient();
        var flow = type == "browser" ? await client.CreateBrowserFlowAsync("login") : await client.CreateApiFlowAsync("login");
        var id = PortalClient.Id(flow);
        var csrf = type == "browser" ? PortalClient.Csrf(flow) : null;
        var sent = await client.SubmitJsonAsync("login", id, new JsonObject { ["method"] = "code", ["csrf_token"] = csrf, ["identifier"] = "nobody@example.com" });
        Assert.Equal(HttpStatusCode.BadRequest, sent.StatusCode);

        var asked = await client.SubmitJsonAsync("login", id, new JsonObject { ["method"] = "passkey", ["csrf_token"] = csrf });
        Assert.True(asked.StatusCode == HttpStatusCode.BadRequest, await asked.Content.ReadAsStringAsync());
        Assert.Equal(id, (await Wire.ObjectAsync(asked))["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_passkey_asked_for_on_a_second_factor_flow_shows_the_flow()
    {
        using var portal = SecondFactorSteps.StartPortal();
        var (account, _, _) = await SecondFactorSteps.LegacyWithKeyAsync(portal, "passkey-on-aal2");
        var (client, _) = await SecondFactorSteps.PasswordFirstFactorAsync(portal, account);
        var flow = await client.CreateBrowserFlowAsync("login", "?aal=aal2");

        var asked = await client.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject { ["method"] = "passkey", ["csrf_token"] = PortalClient.Csrf(flow) });
        Assert.True(asked.StatusCode == HttpStatusCode.BadRequest, await asked.Content.ReadAsStringAsync());
        Assert.DoesNotContain(Wire.Nodes(await Wire.ObjectAsync(asked)), n => n["group"]!.GetValue<string>() == "passkey");
    }
}
