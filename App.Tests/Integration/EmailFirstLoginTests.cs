using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Security keys that cannot be discovered sign in email-first: the address is posted without an
/// assertion and the flow comes back with allowCredentials. Unknown addresses get the same shape
/// with a stable decoy, so the answer never says whether an account exists.
/// </summary>
public sealed class EmailFirstLoginTests : IAsyncLifetime
{
    private const string Email = "key-holder@example.com";
    private readonly PortalFactory portal = new();
    private readonly SoftwareAuthenticator securityKey = new(discoverable: false);

    public async Task InitializeAsync() => await Steps.RegisterAsync(portal, securityKey, Email);

    public Task DisposeAsync()
    {
        portal.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_non_discoverable_key_cannot_answer_a_discoverable_request()
    {
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        Assert.Throws<InvalidOperationException>(() => securityKey.Get(PortalClient.NodeValue(flow, "passkey_challenge"), portal.Origin));
    }

    [Theory]
    [InlineData("browser")]
    [InlineData("api")]
    public async Task Posting_the_address_lists_the_identitys_credential_and_the_key_then_signs_in(string type)
    {
        using var client = portal.NewClient();
        var flow = type == "browser" ? await client.CreateBrowserFlowAsync("login") : await client.CreateApiFlowAsync("login");
        var response = await client.SubmitJsonAsync("login", PortalClient.Id(flow), Identify(flow, "Key-Holder@Example.com"));

        var step = await Wire.AssertFlowAsync(response);
        Assert.Equal(PortalClient.Id(flow), PortalClient.Id(step));
        var publicKey = PublicKey(step);
        var allowed = AllowedIds(publicKey);
        Assert.Equal([securityKey.Credentials.Single().IdBase64Url], allowed);
        Assert.Equal("localhost", publicKey["rpId"]!.GetValue<string>());
        Assert.Equal("required", publicKey["userVerification"]!.GetValue<string>());
        Assert.NotEqual(Challenge(PortalClient.NodeValue(flow, "passkey_challenge")), publicKey["challenge"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);

        // The key answers the listed request, without a user handle, as a non-discoverable key does.
        var assertion = securityKey.Get(PortalClient.NodeValue(step, "passkey_challenge"), portal.Origin);
        Assert.Null(JsonNode.Parse(assertion)!["response"]!["userHandle"]);
        var body = new JsonObject { ["method"] = "passkey", ["passkey_login"] = assertion };
        if (type == "browser") body["csrf_token"] = PortalClient.Csrf(step);
        var signedIn = await client.SubmitJsonAsync("login", PortalClient.Id(flow), body);
        var success = await Wire.ObjectAsync(signedIn);
        Assert.True(signedIn.StatusCode == HttpStatusCode.OK, success.ToJsonString());
        Assert.Equal(Email, success["session"]!["identity"]!["traits"]!["email"]!.GetValue<string>());
        if (type == "browser") Assert.Equal(HttpStatusCode.OK, (await client.WhoAmIAsync()).StatusCode);
        else Assert.Equal(HttpStatusCode.OK, (await client.WhoAmIAsync(success["session_token"]!.GetValue<string>())).StatusCode);
    }

    [Fact]
    public async Task The_listed_request_is_bound_to_that_identity()
    {
        // Another account's discoverable passkey cannot answer a request made for this address.
        var other = new SoftwareAuthenticator();
        await Steps.RegisterAsync(portal, other, "someone-else@example.com");

        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var step = await Wire.AssertFlowAsync(await client.SubmitJsonAsync("login", PortalClient.Id(flow), Identify(flow, Email)));
        var foreign = other.Get(PortalClient.NodeValue(step, "passkey_challenge"), portal.Origin,
            new CeremonyTweaks { Credential = other.Credentials.Single() });
        var refused = await client.SubmitJsonAsync("login", PortalClient.Id(flow), Steps.LoginBody(step, foreign));
        var after = await Wire.AssertFlowAsync(refused);
        Wire.AssertHasErrorMessage(after);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_shape_with_a_stable_decoy()
    {
        using var client = portal.NewClient();

        var known = PublicKey(await IdentifyAsync(client, Email));
        var unknown1 = PublicKey(await IdentifyAsync(client, "nobody@example.com"));
        var unknown2 = PublicKey(await IdentifyAsync(client, "nobody@example.com"));
        var unknownOtherCase = PublicKey(await IdentifyAsync(client, "NoBody@Example.com"));
        var another = PublicKey(await IdentifyAsync(client, "someone-unknown@example.com"));

        // Same members, same descriptor shape, same id length as a real credential.
        Assert.Equal(Members(known), Members(unknown1));
        var realDescriptor = known["allowCredentials"]!.AsArray().Single()!.AsObject();
        var decoyDescriptor = unknown1["allowCredentials"]!.AsArray().First()!.AsObject();
        Assert.Equal(Members(realDescriptor), Members(decoyDescriptor));
        Assert.Equal(realDescriptor["type"]!.GetValue<string>(), decoyDescriptor["type"]!.GetValue<string>());
        Assert.Equal(realDescriptor["transports"]?.ToJsonString(), decoyDescriptor["transports"]?.ToJsonString());
        Assert.Equal(Base64Url.Decode(realDescriptor["id"]!.GetValue<string>()).Length, Base64Url.Decode(decoyDescriptor["id"]!.GetValue<string>()).Length);

        // Stable for one address, different for another, and never the real credential.
        Assert.Equal(AllowedIds(unknown1), AllowedIds(unknown2));
        Assert.Equal(AllowedIds(unknown1), AllowedIds(unknownOtherCase));
        Assert.NotEqual(AllowedIds(unknown1), AllowedIds(another));
        Assert.DoesNotContain(securityKey.Credentials.Single().IdBase64Url, AllowedIds(unknown1));
        Assert.NotEqual(unknown1["challenge"]!.GetValue<string>(), unknown2["challenge"]!.GetValue<string>());
    }

    [Fact]
    public async Task Decoys_list_one_or_two_passkeys_as_real_accounts_do()
    {
        using var client = portal.NewClient();
        var counts = new List<int>();
        for (var i = 0; i < 40; i++) // all alike by chance: (2/3)^40, about 1 in 10 million
            counts.Add(AllowedIds(PublicKey(await IdentifyAsync(client, $"nobody-{i}@example.com"))).Count());
        Assert.All(counts, c => Assert.InRange(c, 1, 2));
        Assert.Contains(1, counts);
        Assert.Contains(2, counts);
    }

    [Fact]
    public async Task An_assertion_to_a_decoy_request_is_refused_and_the_flow_recovers()
    {
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var step = await Wire.AssertFlowAsync(await client.SubmitJsonAsync("login", PortalClient.Id(flow), Identify(flow, "ghost@example.com")));

        // The key holder's key answers the decoy challenge anyway (as a confused client might).
        var assertion = securityKey.Get(PortalClient.NodeValue(step, "passkey_challenge"), portal.Origin,
            new CeremonyTweaks { Credential = securityKey.Credentials.Single() });
        var refused = await client.SubmitJsonAsync("login", PortalClient.Id(flow), Steps.LoginBody(step, assertion));
        var after = await Wire.AssertFlowAsync(refused);
        Wire.AssertHasErrorMessage(after);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);

        var again = await Wire.AssertFlowAsync(await client.SubmitJsonAsync("login", PortalClient.Id(flow), Identify(after, Email)));
        var good = securityKey.Get(PortalClient.NodeValue(again, "passkey_challenge"), portal.Origin);
        Assert.Equal(HttpStatusCode.OK, (await client.SubmitJsonAsync("login", PortalClient.Id(flow), Steps.LoginBody(again, good))).StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not an address")]
    public async Task A_blank_or_odd_identifier_is_answered_without_an_error_status_beyond_400(string identifier)
    {
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var response = await client.SubmitJsonAsync("login", PortalClient.Id(flow), Identify(flow, identifier));
        var step = await Wire.AssertFlowAsync(response);
        Assert.NotNull(PortalClient.Node(step, "passkey_challenge"));
    }

    [Fact]
    public async Task A_very_long_identifier_is_answered_with_a_flow()
    {
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var response = await client.SubmitJsonAsync("login", PortalClient.Id(flow), Identify(flow, new string('a', 5000) + "@example.com"));
        await Wire.AssertFlowAsync(response);
    }

    private async Task<JsonObject> IdentifyAsync(PortalClient client, string identifier)
    {
        var flow = await client.CreateBrowserFlowAsync("login");
        return await Wire.AssertFlowAsync(await client.SubmitJsonAsync("login", PortalClient.Id(flow), Identify(flow, identifier)));
    }

    private static JsonObject Identify(JsonObject flow, string identifier)
    {
        var body = new JsonObject { ["method"] = "passkey", ["identifier"] = identifier, ["passkey_login"] = "" };
        if (flow["type"]!.GetValue<string>() == "browser") body["csrf_token"] = PortalClient.Csrf(flow);
        return body;
    }

    private static JsonObject PublicKey(JsonObject flow) =>
        Wire.ParseObject(PortalClient.NodeValue(flow, "passkey_challenge"))["publicKey"]!.AsObject();

    private static List<string> AllowedIds(JsonObject publicKey) =>
        publicKey["allowCredentials"]?.AsArray().Select(c => c!["id"]!.GetValue<string>()).ToList() ?? [];

    private static List<string> Members(JsonObject o) => o.Select(p => p.Key).Order().ToList();

    private static string Challenge(string options) => Wire.ParseObject(options)["publicKey"]!["challenge"]!.GetValue<string>();
}
