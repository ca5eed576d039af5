using System.Net;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Related origins (WebAuthn L3 §5.11): <c>/.well-known/webauthn</c> lists them, and a ceremony run
/// on one of them is accepted, while one from an origin nobody listed is refused.
/// </summary>
public sealed class RelatedOriginsTests
{
    private const string Shop = "https://shop.example.org";

    [Fact]
    public async Task The_well_known_file_lists_the_related_origins_as_cacheable_json()
    {
        using var portal = new PortalFactory(new Dictionary<string, string?> { ["selfservice.methods.passkey.config.rp.related_origins.0"] = Shop + "/" });
        using var client = portal.NewClient();
        var answer = await client.Http.GetAsync("/.well-known/webauthn");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("application/json", answer.Content.Headers.ContentType!.MediaType);
        Assert.Contains("public", answer.Headers.CacheControl!.ToString());
        Assert.True(answer.Headers.CacheControl.MaxAge > TimeSpan.Zero);
        var body = await Wire.ObjectAsync(answer);
        Assert.Equal(["origins"], body.Select(p => p.Key));
        Assert.Equal([Shop], body["origins"]!.AsArray().Select(o => o!.GetValue<string>()));
    }

    [Fact]
    public async Task Without_related_origins_there_is_no_file()
    {
        using var portal = new PortalFactory();
        using var client = portal.NewClient();
        await Wire.AssertErrorAsync(await client.Http.GetAsync("/.well-known/webauthn"), HttpStatusCode.NotFound, null);
    }

    [Fact]
    public async Task A_ceremony_from_a_related_origin_is_accepted_and_one_from_an_unlisted_origin_refused()
    {
        using var portal = new PortalFactory(new Dictionary<string, string?> { ["selfservice.methods.passkey.config.rp.related_origins.0"] = Shop });
        var shopper = new SoftwareAuthenticator();
        using (var client = portal.NewClient())
        {
            var flow = await client.CreateBrowserFlowAsync("registration");
            var credential = shopper.Create(PortalClient.NodeValue(flow, "passkey_create_data"), Shop);
            var answer = await client.SubmitJsonAsync("registration", PortalClient.Id(flow), new()
            {
                ["method"] = "passkey",
                ["csrf_token"] = PortalClient.Csrf(flow),
                ["traits"] = new System.Text.Json.Nodes.JsonObject { ["email"] = "shopper@example.com" },
                ["passkey_register"] = credential,
            });
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        using var stranger = portal.NewClient();
        var login = await stranger.CreateBrowserFlowAsync("login");
        var assertion = shopper.Get(PortalClient.NodeValue(login, "passkey_challenge"), "https://evil.example.net");
        var refused = await stranger.SubmitJsonAsync("login", PortalClient.Id(login), new()
        {
            ["method"] = "passkey",
            ["csrf_token"] = PortalClient.Csrf(login),
            ["passkey_login"] = assertion,
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Wire.AssertHasErrorMessage(await Wire.ObjectAsync(refused));

        using var fromShop = portal.NewClient();
        login = await fromShop.CreateBrowserFlowAsync("login");
        var accepted = await fromShop.SubmitJsonAsync("login", PortalClient.Id(login), new()
        {
            ["method"] = "passkey",
            ["csrf_token"] = PortalClient.Csrf(login),
            ["passkey_login"] = shopper.Get(PortalClient.NodeValue(login, "passkey_challenge"), Shop),
        });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }
}
