using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// A two-step registration's screens against the node lists Kratos v26.2.0's own tests expect
/// (ui-snapshots/profile TestTwoStepRegistration-*, and passkey's PopulateRegistrationMethod
/// Profile/Credentials). Kratos's test also has an OIDC provider, the code and password methods and
/// its own schema; this portal has none of those methods, and its traits are asserted on their own.
/// </summary>
public sealed class ProfileFirstSnapshotTests(ProfileFirstFixture fixture) : IClassFixture<ProfileFirstFixture>
{
    private const string TwoStep = "TestTwoStepRegistration-initial_form_is_populated_with_identity_traits-type=browser-";
    private const string PasskeyOnProfileScreen = "TestPopulateRegistrationMethod-method=PopulateRegistrationMethodProfile.json";

    private PortalFactory Portal => fixture.Portal;

    [Theory]
    [InlineData("browser")]
    [InlineData("api")]
    public async Task The_first_screen_is_the_traits_and_Sign_up_with_no_passkey_nodes(string type)
    {
        using var client = Portal.NewClient();
        var flow = await ProfileFirst.StartAsync(client, type);

        Snapshots.AssertSameNodes(Comparable(Snapshots.Load(TwoStep + "empty_flow.json")), Comparable(Wire.Nodes(flow)));
        // The passkey method's part of Kratos's profile screen is the CSRF token alone.
        Snapshots.AssertSameNodes(Snapshots.Load(PasskeyOnProfileScreen), PasskeyPart(flow));
        var traits = ProfileFirst.Traits(flow).ToList();
        Assert.Equal(["traits.email", "traits.name.first", "traits.name.last"], traits.Select(Snapshots.Name));
        Assert.Equal(["email", "text", "text"], traits.Select(ProfileFirst.InputType));
        Assert.All(traits, t => Assert.Null(t["attributes"]!["value"]));
        Assert.Equal("profile", Wire.Nodes(flow).Last()["attributes"]!["value"]!.GetValue<string>());
        Assert.Empty(Wire.FlowMessages(flow));
    }

    [Theory]
    [InlineData("browser")]
    [InlineData("api")]
    public async Task Sending_the_profile_shows_the_credential_screen_as_Kratos_does(string type)
    {
        using var client = Portal.NewClient();
        var flow = await ProfileFirst.StartAsync(client, type);
        var email = ProfileFirst.NewEmail("two-step");

        var next = await ProfileFirst.SubmitProfileAsync(client, flow,
            new JsonObject { ["email"] = email, ["name"] = new JsonObject { ["first"] = "Ada" } });

        Assert.Equal(PortalClient.Id(flow), PortalClient.Id(next));
        Assert.Equal("choose_method", next["state"]!.GetValue<string>());
        Assert.False(next.ContainsKey("active"), "Kratos names the active method only once one succeeded.");
        if (type == "browser")
            Snapshots.AssertSameNodes(Comparable(Snapshots.Load(TwoStep + "select_credentials.json")), Comparable(Wire.Nodes(next)));
        Snapshots.AssertSameNodes(Snapshots.Load($"TestPopulateRegistrationMethod-method=PopulateRegistrationMethodCredentials-type={type}.json"), PasskeyPart(next));
        Snapshots.AssertSameNodes(ProfileGroup(Snapshots.Load(TwoStep + "select_credentials.json")), ProfileGroup(Wire.Nodes(next)));
        Assert.Equal("screen", Snapshots.Name(Wire.Nodes(next).Last()));

        var traits = ProfileFirst.Traits(next).ToList();
        Assert.All(traits, t => Assert.Equal("hidden", ProfileFirst.InputType(t)));
        Assert.Equal(email, PortalClient.NodeValue(next, "traits.email"));
        Assert.Equal("Ada", PortalClient.NodeValue(next, "traits.name.first"));
        Assert.Null(PortalClient.Node(next, "traits.name.last")!["attributes"]!["value"]);
        Assert.Equal([1040009], Wire.Ids(Wire.FlowMessages(next)));

        // The passkey is made for the address the first screen took.
        var user = Wire.ParseObject(PortalClient.NodeValue(next, "passkey_create_data"))["credentialOptions"]!["publicKey"]!["user"]!;
        Assert.Equal(email, user["name"]!.GetValue<string>());
        Assert.Equal(0, await ProfileFirst.IdentitiesWithAsync(Portal, email));
    }

    [Fact]
    public async Task Back_shows_the_profile_screen_with_the_traits_and_a_second_send_the_credentials_again()
    {
        using var client = Portal.NewClient();
        var flow = await ProfileFirst.StartAsync(client, "browser");
        var email = ProfileFirst.NewEmail("back");
        var credentials = await ProfileFirst.SubmitProfileAsync(client, flow, ProfileFirst.Email(email));

        var back = await Wire.AssertFlowAsync(await client.SubmitJsonAsync("registration", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "profile", ["screen"] = "previous", ["csrf_token"] = PortalClient.Csrf(credentials),
        }));

        // Kratos's snapshot lists the Sign up button twice; it is one button.
        var kratos = Snapshots.Load(TwoStep + "return_to_profile.json").DistinctBy(Snapshots.Key);
        Snapshots.AssertSameNodes(Comparable(kratos), Comparable(Wire.Nodes(back)));
        Assert.Empty(PasskeyPart(back).Where(n => Snapshots.Name(n) != "csrf_token"));
        Assert.Equal(["email", "text", "text"], ProfileFirst.Traits(back).Select(ProfileFirst.InputType));
        Assert.Equal(email, PortalClient.NodeValue(back, "traits.email"));
        Assert.Empty(Wire.FlowMessages(back));

        var again = await ProfileFirst.SubmitProfileAsync(client, back, ProfileFirst.Email(email));
        Snapshots.AssertSameNodes(Comparable(Snapshots.Load(TwoStep + "select_credentials_again.json")), Comparable(Wire.Nodes(again)));
        Assert.Equal(email, PortalClient.NodeValue(again, "traits.email"));
    }

    /// <summary>What both sides have: no OIDC, code or password method here, and each side's own traits.</summary>
    private static IEnumerable<JsonObject> Comparable(IEnumerable<JsonObject> nodes) => nodes.Where(n =>
        n["group"]!.GetValue<string>() is not ("oidc" or "code" or "password")
        && Snapshots.Name(n)?.StartsWith("traits.", StringComparison.Ordinal) != true);

    private static IEnumerable<JsonObject> PasskeyPart(JsonObject flow) =>
        Wire.Nodes(flow).Where(n => n["group"]!.GetValue<string>() is "passkey" or "webauthn" || Snapshots.Name(n) == "csrf_token");

    private static IEnumerable<JsonObject> ProfileGroup(IEnumerable<JsonObject> nodes) =>
        nodes.Where(n => n["group"]!.GetValue<string>() == "profile");
}
