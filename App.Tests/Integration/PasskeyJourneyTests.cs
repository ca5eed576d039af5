using System.Net;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;

namespace App.Tests.Integration;

public sealed class PasskeyJourneyTests : IDisposable
{
    private readonly PortalFactory portal = new();

    [Fact]
    public async Task Registers_signs_out_and_signs_in_again_with_the_same_passkey()
    {
        var authenticator = new SoftwareAuthenticator();
        using (var client = portal.NewClient())
        {
            var (response, body) = await Journeys.RegisterAsync(client, authenticator, "Ada@Example.com");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("ada@example.com", body["identity"]!["traits"]!["email"]!.GetValue<string>());
            Assert.Equal("passkey", body["session"]!["authentication_methods"]![0]!["method"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, (await client.WhoAmIAsync()).StatusCode);
        }
        using (var client = portal.NewClient())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
            var (response, body) = await Journeys.LoginAsync(client, authenticator);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("ada@example.com", body["session"]!["identity"]!["traits"]!["email"]!.GetValue<string>());
            var whoami = await client.WhoAmIAsync();
            Assert.Equal(HttpStatusCode.OK, whoami.StatusCode);
        }
    }

    public void Dispose() => portal.Dispose();
}
