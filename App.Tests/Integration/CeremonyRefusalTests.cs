using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>Two registered users, and a third whose signature counter the tests control.</summary>
public sealed class CeremonyFixture : IAsyncLifetime
{
    public PortalFactory Portal { get; } = new();
    public SoftwareAuthenticator Alice { get; } = new();
    public SoftwareAuthenticator Bob { get; } = new();
    public SoftwareAuthenticator Carol { get; } = new();

    public async Task InitializeAsync()
    {
        await Steps.RegisterAsync(Portal, Alice, "alice@example.com");
        await Steps.RegisterAsync(Portal, Bob, "bob@example.com");
        await Steps.RegisterAsync(Portal, Carol, "carol@example.com");
    }

    public Task DisposeAsync()
    {
        Portal.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Every way a WebAuthn response can be wrong is refused with a 4xx, never a 500, creates no
/// identity or session, and leaves the flow usable: the refusal hands out a new challenge
/// (the old one was single use) and a correct response to it succeeds.
/// </summary>
public sealed class CeremonyRefusalTests(CeremonyFixture fixture) : IClassFixture<CeremonyFixture>
{
    private PortalFactory Portal => fixture.Portal;
    private string Origin => fixture.Portal.Origin;

    // ---------------- sign-in ----------------

    public static TheoryData<string> LoginVectors => new()
    {
        "challenge_from_another_flow",
        "challenge_replaced_by_the_client",
        "wrong_origin",
        "origin_on_another_port",
        "wrong_rp_id_hash",
        "user_not_verified",
        "user_not_present",
        "bad_signature",
        "another_users_credential_claiming_this_user",
        "this_users_credential_claiming_another_user",
        "unknown_user_handle",
        "no_user_handle",
        "registration_client_data_type",
        "backup_eligibility_changed",
        "malformed_cbor_authenticator_data",
        "short_authenticator_data",
        "malformed_base64url_signature",
        "malformed_base64url_client_data",
        "malformed_base64url_authenticator_data",
        "malformed_base64url_id",
        "client_data_not_json",
        "credential_not_json",
        "credential_json_array",
        "credential_json_string",
        "credential_empty_object",
        "credential_without_response",
        "wrong_credential_type",
        "credential_with_duplicate_member",
    };

    [Theory]
    [MemberData(nameof(LoginVectors))]
    public async Task A_bad_assertion_is_refused_and_the_flow_then_accepts_a_good_one(string vector)
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var challenge = PortalClient.NodeValue(flow, "passkey_challenge");
        var assertion = await BadAssertionAsync(vector, client, challenge);

        var refused = await client.SubmitJsonAsync("login", PortalClient.Id(flow), Steps.LoginBody(flow, assertion));
        var after = await AssertRefusedAsync(refused, flow);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);

        await AssertLoginRecoversAsync(client, after, fixture.Alice, "alice@example.com");
    }

    [Fact]
    public async Task A_signature_counter_that_goes_back_is_refused()
    {
        using (var first = Portal.NewClient())
            Assert.Equal(HttpStatusCode.OK, (await Journeys.LoginAsync(first, fixture.Carol)).Response.StatusCode);
        var stored = fixture.Carol.Credentials.Single().SignCount;
        Assert.True(stored >= 1);

        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        foreach (var count in new uint[] { stored, stored - 1, 0 })
        {
            var assertion = fixture.Carol.Get(PortalClient.NodeValue(flow, "passkey_challenge"), Origin, new CeremonyTweaks { SignCount = count });
            var refused = await client.SubmitJsonAsync("login", PortalClient.Id(flow), Steps.LoginBody(flow, assertion));
            flow = await AssertRefusedAsync(refused, flow);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
        }
        await AssertLoginRecoversAsync(client, flow, fixture.Carol, "carol@example.com");
    }

    [Fact]
    public async Task An_assertion_that_signed_in_once_is_refused_when_replayed_to_the_same_or_a_fresh_flow()
    {
        // Native-app flows need no cookies, so the replay comes from a clean client like an attacker's.
        using var victim = Portal.NewClient();
        var flow = await victim.CreateApiFlowAsync("login");
        var assertion = fixture.Alice.Get(PortalClient.NodeValue(flow, "passkey_challenge"), Origin);
        var body = new JsonObject { ["method"] = "passkey", ["passkey_login"] = assertion };
        Assert.Equal(HttpStatusCode.OK, (await victim.SubmitJsonAsync("login", PortalClient.Id(flow), body)).StatusCode);

        using var attacker = Portal.NewClient();
        var sameFlow = await attacker.SubmitJsonAsync("login", PortalClient.Id(flow), (JsonObject)body.DeepClone());
        var sameBody = await Wire.AssertFlowAsync(sameFlow);
        Wire.AssertHasErrorMessage(sameBody);
        Assert.Null(sameBody["session_token"]);

        var fresh = await attacker.CreateApiFlowAsync("login");
        var freshResponse = await attacker.SubmitJsonAsync("login", PortalClient.Id(fresh), (JsonObject)body.DeepClone());
        var after = await AssertRefusedAsync(freshResponse, fresh);
        Assert.Null(after["session_token"]);

        // The browser variant: another browser replays the assertion into its own flow.
        using var browser = Portal.NewClient();
        var browserFlow = await browser.CreateBrowserFlowAsync("login");
        var replayed = await browser.SubmitJsonAsync("login", PortalClient.Id(browserFlow), Steps.LoginBody(browserFlow, assertion));
        var browserAfter = await AssertRefusedAsync(replayed, browserFlow);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.WhoAmIAsync()).StatusCode);
        await AssertLoginRecoversAsync(browser, browserAfter, fixture.Alice, "alice@example.com");
    }

    [Fact]
    public async Task A_challenge_is_single_use_so_an_assertion_made_before_a_failed_attempt_no_longer_works()
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var early = fixture.Alice.Get(PortalClient.NodeValue(flow, "passkey_challenge"), Origin);

        var junk = await client.SubmitJsonAsync("login", PortalClient.Id(flow), Steps.LoginBody(flow, "{\"id\":\"x\"}"));
        var after = await AssertRefusedAsync(junk, flow);

        var late = await client.SubmitJsonAsync("login", PortalClient.Id(flow), Steps.LoginBody(after, early));
        after = await AssertRefusedAsync(late, after);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
        await AssertLoginRecoversAsync(client, after, fixture.Alice, "alice@example.com");
    }

    [Fact]
    public async Task The_same_assertion_submitted_twice_concurrently_signs_in_at_most_once()
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateApiFlowAsync("login");
        var assertion = fixture.Alice.Get(PortalClient.NodeValue(flow, "passkey_challenge"), Origin);
        var body = new JsonObject { ["method"] = "passkey", ["passkey_login"] = assertion };

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            client.SubmitJsonAsync("login", PortalClient.Id(flow), (JsonObject)body.DeepClone())));
        Assert.All(responses, r => Assert.InRange((int)r.StatusCode, 200, 499));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
    }

    [Theory]
    [InlineData("bad_signature")]
    [InlineData("wrong_origin")]
    [InlineData("credential_not_json")]
    public async Task A_browser_form_with_a_bad_assertion_goes_back_to_the_form_with_an_error_and_a_new_challenge(string vector)
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var assertion = await BadAssertionAsync(vector, client, PortalClient.NodeValue(flow, "passkey_challenge"));
        var response = await client.SubmitFormAsync("login", PortalClient.Id(flow), new Dictionary<string, string>
        {
            ["method"] = "passkey", ["csrf_token"] = PortalClient.Csrf(flow), ["passkey_login"] = assertion,
        });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"{Portal.BaseUrl}/login?flow={PortalClient.Id(flow)}", response.Headers.Location!.ToString());
        Assert.Null(Steps.SetCookie(response, "ory_kratos_session"));

        var shown = await client.GetFlowObjectAsync("login", PortalClient.Id(flow));
        Wire.AssertHasErrorMessage(shown);
        Assert.NotEqual(Challenge(PortalClient.NodeValue(flow, "passkey_challenge")), Challenge(PortalClient.NodeValue(shown, "passkey_challenge")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
        await AssertLoginRecoversAsync(client, shown, fixture.Alice, "alice@example.com");
    }

    [Fact]
    public async Task A_browser_form_with_a_bad_attestation_goes_back_to_the_form_with_the_address_kept()
    {
        const string email = "form-refused@example.com";
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("registration");
        var credential = new SoftwareAuthenticator().Create(PortalClient.NodeValue(flow, "passkey_create_data"), Origin, new CeremonyTweaks { UserPresent = false });
        var response = await client.SubmitFormAsync("registration", PortalClient.Id(flow), new Dictionary<string, string>
        {
            ["method"] = "passkey", ["csrf_token"] = PortalClient.Csrf(flow), ["traits.email"] = email, ["passkey_register"] = credential,
        });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"{Portal.BaseUrl}/registration?flow={PortalClient.Id(flow)}", response.Headers.Location!.ToString());

        var shown = await client.GetFlowObjectAsync("registration", PortalClient.Id(flow));
        Wire.AssertHasErrorMessage(shown);
        Assert.Equal(email, PortalClient.Node(shown, "traits.email")!["attributes"]!["value"]?.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
        await AssertRegistrationRecoversAsync(client, shown, email);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("json_unannounced_length")]
    [InlineData("form")]
    public async Task A_huge_sign_in_body_is_413_and_the_flow_still_works(string how)
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var body = Steps.LoginBody(flow, Payloads.Oversized());
        var url = $"/self-service/login?flow={PortalClient.Id(flow)}";
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = how switch
            {
                "json" => new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
                "json_unannounced_length" => new UnannouncedLengthContent(body.ToJsonString(), "application/json").Init(),
                _ => new FormUrlEncodedContent(body.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>())),
            },
        };
        request.Headers.Accept.ParseAdd("application/json");
        var response = await client.Http.SendAsync(request);
        await Wire.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);

        var current = await client.GetFlowObjectAsync("login", PortalClient.Id(flow));
        await AssertLoginRecoversAsync(client, current, fixture.Alice, "alice@example.com");
    }

    // ---------------- sign-up ----------------

    public static TheoryData<string> RegistrationVectors => new()
    {
        "challenge_from_another_flow",
        "challenge_replaced_by_the_client",
        "wrong_origin",
        "origin_on_another_port",
        "wrong_rp_id_hash",
        "user_not_verified",
        "user_not_present",
        "sign_in_client_data_type",
        "malformed_cbor_attestation_object",
        "attestation_object_with_random_auth_data",
        "malformed_base64url_attestation_object",
        "malformed_base64url_client_data",
        "malformed_base64url_id",
        "id_not_matching_the_attested_credential",
        "client_data_not_json",
        "credential_not_json",
        "credential_json_array",
        "credential_empty_object",
        "credential_without_response",
        "wrong_credential_type",
        "credential_with_duplicate_member",
        "extension_results_with_duplicate_member",
    };

    [Theory]
    [MemberData(nameof(RegistrationVectors))]
    public async Task A_bad_attestation_is_refused_creates_nothing_and_the_flow_then_accepts_a_good_one(string vector)
    {
        var email = $"reg-{vector.Replace('_', '-')}@example.com";
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("registration");
        var createData = PortalClient.NodeValue(flow, "passkey_create_data");
        var credential = await BadAttestationAsync(vector, client, createData);

        var refused = await client.SubmitJsonAsync("registration", PortalClient.Id(flow), Steps.RegistrationBody(flow, email, credential));
        var after = await AssertRefusedAsync(refused, flow, "passkey_create_data");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
        Assert.Null(Steps.SetCookie(refused, "ory_kratos_session"));

        await AssertRegistrationRecoversAsync(client, after, email);
    }

    [Fact]
    public async Task An_attestation_that_registered_once_is_refused_when_replayed()
    {
        var authenticator = new SoftwareAuthenticator();
        using var first = Portal.NewClient();
        var flow = await first.CreateBrowserFlowAsync("registration");
        var credential = authenticator.Create(PortalClient.NodeValue(flow, "passkey_create_data"), Origin);
        Assert.Equal(HttpStatusCode.OK,
            (await first.SubmitJsonAsync("registration", PortalClient.Id(flow), Steps.RegistrationBody(flow, "replay-one@example.com", credential))).StatusCode);

        using var second = Portal.NewClient();
        var other = await second.CreateBrowserFlowAsync("registration");
        var replayed = await second.SubmitJsonAsync("registration", PortalClient.Id(other), Steps.RegistrationBody(other, "replay-two@example.com", credential));
        var after = await AssertRefusedAsync(replayed, other, "passkey_create_data");
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.WhoAmIAsync()).StatusCode);
        await AssertRegistrationRecoversAsync(second, after, "replay-two@example.com");
    }

    [Theory]
    [InlineData("json")]
    [InlineData("json_unannounced_length")]
    [InlineData("form")]
    public async Task A_huge_sign_up_body_is_413_and_the_flow_still_works(string how)
    {
        var email = $"huge-{how.Replace('_', '-')}@example.com";
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("registration");
        var body = Steps.RegistrationBody(flow, email, Payloads.Oversized());
        var url = $"/self-service/registration?flow={PortalClient.Id(flow)}";
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = how switch
            {
                "json" => new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
                "json_unannounced_length" => new UnannouncedLengthContent(body.ToJsonString(), "application/json").Init(),
                _ => new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["method"] = "passkey", ["csrf_token"] = PortalClient.Csrf(flow), ["traits.email"] = email,
                    ["passkey_register"] = Payloads.Oversized(),
                }),
            },
        };
        request.Headers.Accept.ParseAdd("application/json");
        var response = await client.Http.SendAsync(request);
        await Wire.AssertErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, null);

        var current = await client.GetFlowObjectAsync("registration", PortalClient.Id(flow));
        await AssertRegistrationRecoversAsync(client, current, email);
    }

    // ---------------- vectors ----------------

    private async Task<string> BadAssertionAsync(string vector, PortalClient client, string challenge)
    {
        var alice = fixture.Alice;
        var aliceCredential = alice.Credentials.Single();
        var bobCredential = fixture.Bob.Credentials.Single();
        string Good() => alice.Get(challenge, Origin);
        string With(CeremonyTweaks tweaks) => alice.Get(challenge, Origin, tweaks);

        return vector switch
        {
            "challenge_from_another_flow" => alice.Get(PortalClient.NodeValue(await client.CreateBrowserFlowAsync("login"), "passkey_challenge"), Origin),
            "challenge_replaced_by_the_client" => With(new() { Challenge = Payloads.RandomBase64Url(32) }),
            "wrong_origin" => With(new() { Origin = "https://evil.example" }),
            "origin_on_another_port" => With(new() { Origin = "http://localhost:4456" }),
            "wrong_rp_id_hash" => With(new() { RpIdForHash = "evil.example" }),
            "user_not_verified" => With(new() { UserVerified = false }),
            "user_not_present" => With(new() { UserPresent = false }),
            "bad_signature" => With(new() { CorruptSignature = true }),
            "another_users_credential_claiming_this_user" => With(new() { Credential = bobCredential, UserHandle = aliceCredential.UserHandle }),
            "this_users_credential_claiming_another_user" => With(new() { Credential = aliceCredential, UserHandle = bobCredential.UserHandle }),
            "unknown_user_handle" => With(new() { UserHandle = "NoSuchUserHandleNoSuchUserHandleNoSuchUserHandleNoSuchUserHandle"u8.ToArray() }),
            "no_user_handle" => RemoveUserHandle(Good()),
            "registration_client_data_type" => With(new() { Type = ClientData.RegistrationType }),
            "backup_eligibility_changed" => With(new() { BackupEligible = false, BackupState = false }),
            "malformed_cbor_authenticator_data" => Payloads.Replace(Good(), "authenticatorData", Payloads.RandomBase64Url(64)),
            "short_authenticator_data" => Payloads.Replace(Good(), "authenticatorData", Payloads.RandomBase64Url(8)),
            "malformed_base64url_signature" => Payloads.Replace(Good(), "signature", "%%%"),
            "malformed_base64url_client_data" => Payloads.Replace(Good(), "clientDataJSON", "%%%"),
            "malformed_base64url_authenticator_data" => Payloads.Replace(Good(), "authenticatorData", "%%%"),
            "malformed_base64url_id" => Payloads.Replace(Payloads.Replace(Good(), "id", "%%%", inResponse: false), "rawId", "%%%", inResponse: false),
            "client_data_not_json" => Payloads.Replace(Good(), "clientDataJSON", Authenticator.Base64Url.Encode("not json at all"u8)),
            "credential_not_json" => "this is not JSON {",
            "credential_json_array" => "[1,2,3]",
            "credential_json_string" => "\"a string\"",
            "credential_empty_object" => "{}",
            "credential_without_response" => RemoveMember(Good(), "response"),
            "wrong_credential_type" => Payloads.Replace(Good(), "type", "password", inResponse: false),
            "credential_with_duplicate_member" => Payloads.DuplicateFirstMember(Good()),
            _ => throw new ArgumentOutOfRangeException(nameof(vector), vector, null),
        };
    }

    private async Task<string> BadAttestationAsync(string vector, PortalClient client, string createData)
    {
        var authenticator = new SoftwareAuthenticator();
        string Good() => authenticator.Create(createData, Origin);
        string With(CeremonyTweaks tweaks) => authenticator.Create(createData, Origin, tweaks);

        return vector switch
        {
            "challenge_from_another_flow" => authenticator.Create(PortalClient.NodeValue(await client.CreateBrowserFlowAsync("registration"), "passkey_create_data"), Origin),
            "challenge_replaced_by_the_client" => With(new() { Challenge = Payloads.RandomBase64Url(32) }),
            "wrong_origin" => With(new() { Origin = "https://evil.example" }),
            "origin_on_another_port" => With(new() { Origin = "http://localhost:4456" }),
            "wrong_rp_id_hash" => With(new() { RpIdForHash = "evil.example" }),
            "user_not_verified" => With(new() { UserVerified = false }),
            "user_not_present" => With(new() { UserPresent = false }),
            "sign_in_client_data_type" => With(new() { Type = ClientData.AssertionType }),
            "malformed_cbor_attestation_object" => Payloads.Replace(Good(), "attestationObject", Payloads.RandomBase64Url(128)),
            "attestation_object_with_random_auth_data" => Payloads.Replace(Good(), "attestationObject", Authenticator.Base64Url.Encode(
                new CborWriter().WriteMapHeader(3).WriteText("fmt").WriteText("none").WriteText("attStmt").WriteMapHeader(0)
                    .WriteText("authData").WriteBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(100)).ToArray())),
            "malformed_base64url_attestation_object" => Payloads.Replace(Good(), "attestationObject", "%%%"),
            "malformed_base64url_client_data" => Payloads.Replace(Good(), "clientDataJSON", "%%%"),
            "malformed_base64url_id" => Payloads.Replace(Payloads.Replace(Good(), "id", "%%%", inResponse: false), "rawId", "%%%", inResponse: false),
            "id_not_matching_the_attested_credential" => Payloads.Replace(Payloads.Replace(Good(), "id", Payloads.RandomBase64Url(32), inResponse: false), "rawId", Payloads.RandomBase64Url(32), inResponse: false),
            "client_data_not_json" => Payloads.Replace(Good(), "clientDataJSON", Authenticator.Base64Url.Encode("not json at all"u8)),
            "credential_not_json" => "this is not JSON {",
            "credential_json_array" => "[1,2,3]",
            "credential_empty_object" => "{}",
            "credential_without_response" => RemoveMember(Good(), "response"),
            "wrong_credential_type" => Payloads.Replace(Good(), "type", "password", inResponse: false),
            "credential_with_duplicate_member" => Payloads.DuplicateFirstMember(Good()),
            // A JSON object may not repeat a name inside the extension results either.
            "extension_results_with_duplicate_member" => Good().Replace("\"clientExtensionResults\":{}",
                "\"clientExtensionResults\":{\"credProps\":{\"rk\":true,\"rk\":true}}", StringComparison.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(vector), vector, null),
        };
    }

    // ---------------- checks ----------------

    /// <summary>400 with the same flow, an error message, and a new single-use challenge.</summary>
    private static async Task<JsonObject> AssertRefusedAsync(HttpResponseMessage response, JsonObject before, string optionsNode = "passkey_challenge")
    {
        var after = await Wire.AssertFlowAsync(response);
        Assert.Equal(PortalClient.Id(before), PortalClient.Id(after));
        Wire.AssertHasErrorMessage(after);
        Assert.NotEqual(Challenge(PortalClient.NodeValue(before, optionsNode)), Challenge(PortalClient.NodeValue(after, optionsNode)));
        Assert.Equal("choose_method", after["state"]!.GetValue<string>());
        return after;
    }

    private async Task AssertLoginRecoversAsync(PortalClient client, JsonObject flow, SoftwareAuthenticator authenticator, string email)
    {
        var assertion = authenticator.Get(PortalClient.NodeValue(flow, "passkey_challenge"), Origin);
        var response = await client.SubmitJsonAsync("login", PortalClient.Id(flow), Steps.LoginBody(flow, assertion));
        var body = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"A good assertion after a refusal failed: {(int)response.StatusCode} {body.ToJsonString()}");
        Assert.Equal(email, body["session"]!["identity"]!["traits"]!["email"]!.GetValue<string>());
        var whoami = await Wire.ObjectAsync(await client.WhoAmIAsync());
        Assert.Equal(email, whoami["identity"]!["traits"]!["email"]!.GetValue<string>());
    }

    private async Task AssertRegistrationRecoversAsync(PortalClient client, JsonObject flow, string email)
    {
        var authenticator = new SoftwareAuthenticator();
        var credential = authenticator.Create(PortalClient.NodeValue(flow, "passkey_create_data"), Origin);
        var response = await client.SubmitJsonAsync("registration", PortalClient.Id(flow), Steps.RegistrationBody(flow, email, credential));
        var body = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"The address could not register after a refused attempt: {(int)response.StatusCode} {body.ToJsonString()}");
        Assert.Equal(email, body["identity"]!["traits"]!["email"]!.GetValue<string>());

        // And the new passkey is the one that works.
        using var later = Portal.NewClient();
        var (login, loginBody) = await Journeys.LoginAsync(later, authenticator);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(email, loginBody["session"]!["identity"]!["traits"]!["email"]!.GetValue<string>());
    }

    private static string Challenge(string options)
    {
        var root = Wire.ParseObject(options);
        return (root["credentialOptions"] ?? root)["publicKey"]!["challenge"]!.GetValue<string>();
    }

    private static string RemoveUserHandle(string assertion)
    {
        var credential = JsonNode.Parse(assertion)!.AsObject();
        credential["response"]!.AsObject().Remove("userHandle");
        return credential.ToJsonString();
    }

    private static string RemoveMember(string credentialJson, string member)
    {
        var credential = JsonNode.Parse(credentialJson)!.AsObject();
        credential.Remove(member);
        return credential.ToJsonString();
    }
}
