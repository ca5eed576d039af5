using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Registration with <c>style: profile_first</c>: the traits are checked on the first screen, the
/// passkey is made on the second, and the identity exists only once the passkey does.
/// </summary>
public sealed class ProfileFirstRegistrationTests(ProfileFirstFixture fixture) : IClassFixture<ProfileFirstFixture>
{
    private PortalFactory Portal => fixture.Portal;

    [Theory]
    [InlineData("browser")]
    [InlineData("api")]
    public async Task A_sign_up_in_two_steps_makes_the_identity_and_a_session(string type)
    {
        using var client = Portal.NewClient();
        var authenticator = new SoftwareAuthenticator();
        var email = ProfileFirst.NewEmail("two-steps-" + type);

        var (response, body) = await SignUpAsync(client, authenticator, type, email);

        ProfileFirst.AssertOk(response, body);
        Assert.Equal(email, body["identity"]!["traits"]!["email"]!.GetValue<string>());
        Assert.Equal("passkey", body["session"]!["authentication_methods"]![0]!["method"]!.GetValue<string>());
        var token = type == "api" ? body["session_token"]!.GetValue<string>() : null;
        Assert.Equal(HttpStatusCode.OK, (await client.WhoAmIAsync(token)).StatusCode);
        Assert.Equal(1, await ProfileFirst.IdentitiesWithAsync(Portal, email));

        using var later = Portal.NewClient();
        var (login, signedIn) = await Journeys.LoginAsync(later, authenticator);
        ProfileFirst.AssertOk(login, signedIn);
    }

    [Theory]
    [InlineData("screen", "previous")]
    [InlineData("method", "profile:back")]
    public async Task Back_returns_to_the_first_screen_with_the_traits_kept(string field, string value)
    {
        using var client = Portal.NewClient();
        var flow = await ProfileFirst.StartAsync(client, "browser");
        var email = ProfileFirst.NewEmail("back");
        var credentials = await ProfileFirst.SubmitProfileAsync(client, flow,
            new JsonObject { ["email"] = email, ["name"] = new JsonObject { ["last"] = "Lovelace" } });

        var back = await Wire.AssertFlowAsync(await client.SubmitJsonAsync("registration", PortalClient.Id(flow),
            new JsonObject { [field] = value, ["csrf_token"] = PortalClient.Csrf(credentials) }));

        Assert.Equal(email, PortalClient.NodeValue(back, "traits.email"));
        Assert.Equal("Lovelace", PortalClient.NodeValue(back, "traits.name.last"));
        Assert.Equal("email", ProfileFirst.InputType(PortalClient.Node(back, "traits.email")!));
        Assert.Null(PortalClient.Node(back, "passkey_register"));
        Assert.Null(PortalClient.Node(back, "screen"));
        Assert.Equal(0, await ProfileFirst.IdentitiesWithAsync(Portal, email));
    }

    [Theory]
    [InlineData("browser")]
    [InlineData("api")]
    public async Task Invalid_traits_on_the_first_screen_show_errors_and_make_no_identity(string type)
    {
        using var client = Portal.NewClient();
        var flow = await ProfileFirst.StartAsync(client, type);
        var before = await ProfileFirst.IdentityCountAsync(Portal);

        var refused = await ProfileFirst.SubmitProfileAsync(client, flow,
            new JsonObject { ["email"] = "not-an-email", ["name"] = new JsonObject { ["first"] = "Ada" } });

        Assert.Equal([4000040], Wire.Ids(Wire.NodeMessages(refused, "traits.email")));
        Assert.Equal("not-an-email", PortalClient.NodeValue(refused, "traits.email"));
        Assert.Equal("Ada", PortalClient.NodeValue(refused, "traits.name.first"));
        Assert.Equal("email", ProfileFirst.InputType(PortalClient.Node(refused, "traits.email")!));
        Assert.Empty(ProfileFirst.Groups(refused, "passkey", "webauthn"));
        Assert.Equal("profile", PortalClient.NodeValue(refused, "method"));
        Assert.Equal(before, await ProfileFirst.IdentityCountAsync(Portal));
    }

    [Fact]
    public async Task The_first_screen_takes_no_passkey()
    {
        using var client = Portal.NewClient();
        var flow = await ProfileFirst.StartAsync(client, "browser");
        var email = ProfileFirst.NewEmail("skipped");

        var refused = await Wire.AssertFlowAsync(await client.SubmitJsonAsync("registration", PortalClient.Id(flow),
            Steps.RegistrationBody(flow, email, "{\"id\":\"x\"}")));

        Assert.Equal([4010003], Wire.Ids(Wire.FlowMessages(refused)));
        Assert.Empty(ProfileFirst.Groups(refused, "passkey", "webauthn"));
        Assert.Equal(0, await ProfileFirst.IdentitiesWithAsync(Portal, email));
    }

    [Fact]
    public async Task The_credential_screen_keeps_the_traits_the_first_screen_checked()
    {
        using var client = Portal.NewClient();
        var flow = await ProfileFirst.StartAsync(client, "browser");
        var email = ProfileFirst.NewEmail("locked");
        var other = ProfileFirst.NewEmail("swapped");
        var credentials = await ProfileFirst.SubmitProfileAsync(client, flow, ProfileFirst.Email(email));
        var credential = new SoftwareAuthenticator().Create(PortalClient.NodeValue(credentials, "passkey_create_data"), Portal.Origin);

        var response = await client.SubmitJsonAsync("registration", PortalClient.Id(flow), Steps.RegistrationBody(credentials, other, credential));

        var body = await Wire.ObjectAsync(response);
        ProfileFirst.AssertOk(response, body);
        Assert.Equal(email, body["identity"]!["traits"]!["email"]!.GetValue<string>());
        Assert.Equal(0, await ProfileFirst.IdentitiesWithAsync(Portal, other));
    }

    [Fact]
    public async Task A_taken_address_is_told_on_the_credential_screen_as_a_message_of_the_form()
    {
        var email = ProfileFirst.NewEmail("taken");
        using (var first = Portal.NewClient())
        {
            var (response, body) = await SignUpAsync(first, new SoftwareAuthenticator(), "browser", email);
            ProfileFirst.AssertOk(response, body);
        }
        using var client = Portal.NewClient();
        var flow = await ProfileFirst.StartAsync(client, "browser");
        var credentials = await ProfileFirst.SubmitProfileAsync(client, flow, ProfileFirst.Email(email));
        var credential = new SoftwareAuthenticator().Create(PortalClient.NodeValue(credentials, "passkey_create_data"), Portal.Origin);

        var refused = await Wire.AssertFlowAsync(await client.SubmitJsonAsync("registration", PortalClient.Id(flow),
            Steps.RegistrationBody(credentials, email, credential)));

        // The address is a hidden input on this screen, which could not show the message.
        Assert.Contains(4000007, Wire.Ids(Wire.FlowMessages(refused)));
        Assert.Empty(Wire.NodeMessages(refused, "traits.email"));
        Assert.Equal("hidden", ProfileFirst.InputType(PortalClient.Node(refused, "traits.email")!));
        Assert.Equal(1, await ProfileFirst.IdentitiesWithAsync(Portal, email));
    }

    /// <summary>The first screen, then the passkey, as an SPA or a native app does it.</summary>
    private async Task<(HttpResponseMessage, JsonObject)> SignUpAsync(PortalClient client, SoftwareAuthenticator authenticator, string type, string email)
    {
        var flow = await ProfileFirst.StartAsync(client, type);
        var credentials = await ProfileFirst.SubmitProfileAsync(client, flow, ProfileFirst.Email(email));
        Assert.Equal(0, await ProfileFirst.IdentitiesWithAsync(Portal, email));
        var credential = authenticator.Create(PortalClient.NodeValue(credentials, "passkey_create_data"), Portal.Origin);
        var response = await client.SubmitJsonAsync("registration", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "passkey",
            ["csrf_token"] = PortalClient.Csrf(credentials),
            ["traits"] = new JsonObject { ["email"] = PortalClient.NodeValue(credentials, "traits.email") },
            ["passkey_register"] = credential,
        });
        return (response, await Wire.ObjectAsync(response));
    }
}

/// <summary>The default, one-step registration knows no profile screen, as Kratos's <c>unified</c> style does not.</summary>
public sealed class UnifiedRegistrationStyleTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("method", "profile")]
    [InlineData("screen", "previous")]
    public async Task A_profile_submission_finds_no_strategy(string field, string value)
    {
        using var client = fixture.Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("registration");
        var email = ProfileFirst.NewEmail("unified");
        Assert.Null(PortalClient.Node(flow, "screen"));
        Assert.DoesNotContain(Wire.Nodes(flow), n => n["group"]!.GetValue<string>() == "profile");

        var refused = await Wire.AssertFlowAsync(await client.SubmitJsonAsync("registration", PortalClient.Id(flow), new JsonObject
        {
            [field] = value, ["csrf_token"] = PortalClient.Csrf(flow), ["traits"] = ProfileFirst.Email(email),
        }));

        Assert.Equal([4010003], Wire.Ids(Wire.FlowMessages(refused)));
        Assert.NotNull(PortalClient.Node(refused, "passkey_register"));
        Assert.Equal(0, await ProfileFirst.IdentitiesWithAsync(fixture.Portal, email));
    }
}
