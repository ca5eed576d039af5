using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>The registration offers Kratos's algorithms, and an EdDSA passkey works end to end.</summary>
public sealed class AlgorithmTests : IDisposable
{
    private readonly PortalFactory portal = new();

    [Fact]
    public async Task Registration_offers_go_webauthns_defaults_in_order()
    {
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("registration");
        var options = Wire.ParseObject(PortalClient.NodeValue(flow, "passkey_create_data"))["credentialOptions"]!["publicKey"]!;

        var offered = options["pubKeyCredParams"]!.AsArray().Select(p => p!["alg"]!.GetValue<int>());
        Assert.Equal([-7, -35, -36, -257, -258, -259, -37, -38, -39, -8], offered);
        Assert.All(options["pubKeyCredParams"]!.AsArray(), p => Assert.Equal("public-key", p!["type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_eddsa_passkey_registers_and_signs_in()
    {
        var authenticator = new SoftwareAuthenticator(algorithm: CredentialKey.EdDsa);
        using (var client = portal.NewClient())
        {
            var (registered, body) = await Journeys.RegisterAsync(client, authenticator, "ed@example.com");
            Assert.True(registered.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        }
        Assert.Equal(CredentialKey.EdDsa, authenticator.Credentials.Single().Key.Algorithm);

        using var later = portal.NewClient();
        var (login, loginBody) = await Journeys.LoginAsync(later, authenticator);
        Assert.True(login.StatusCode == HttpStatusCode.OK, loginBody.ToJsonString());
        Assert.Equal("ed@example.com", loginBody["session"]!["identity"]!["traits"]!["email"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await later.WhoAmIAsync()).StatusCode);
    }

    [Fact]
    public async Task A_bad_eddsa_signature_is_refused()
    {
        var authenticator = new SoftwareAuthenticator(algorithm: CredentialKey.EdDsa);
        using (var client = portal.NewClient())
            Assert.Equal(HttpStatusCode.OK, (await Journeys.RegisterAsync(client, authenticator, "ed-bad@example.com")).Response.StatusCode);

        using var later = portal.NewClient();
        var (login, body) = await Journeys.LoginAsync(later, authenticator, new CeremonyTweaks { CorruptSignature = true });
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Wire.AssertHasErrorMessage(body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await later.WhoAmIAsync()).StatusCode);
    }

    public void Dispose() => portal.Dispose();
}
