using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Passkeys imported with a new identity through the admin API (<c>credentials.passkey</c>), in
/// Kratos's stored shape plus the public key: the authenticator that made them signs in with them,
/// and a key, id or handle the portal could not trust is refused with nothing written.
/// </summary>
public sealed class PasskeyImportTests(AdminPortalFixture fixture) : IClassFixture<AdminPortalFixture>
{
    /// <summary>Google Password Manager, in the community AAGUID list.</summary>
    private static readonly Guid Google = Guid.Parse("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4");

    private PortalFactory Portal => fixture.Portal;

    /// <summary>A passkey made outside the portal: held by the authenticator, under a handle of Kratos's form.</summary>
    private static (SoftwareAuthenticator Authenticator, StoredCredential Credential, string Handle) MadeElsewhere(long algorithm = CredentialKey.Es256)
    {
        var handle = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 64);
        var credential = new StoredCredential(RandomNumberGenerator.GetBytes(32), CredentialKey.Create(algorithm), "localhost",
            Encoding.UTF8.GetBytes(handle), discoverable: true, backupEligible: true, signCount: 7);
        var authenticator = new SoftwareAuthenticator();
        authenticator.Import(credential);
        return (authenticator, credential, handle);
    }

    /// <summary>One passkey as Kratos stores it (Go's []byte in standard base64), with its public key.</summary>
    private static JsonObject Entry(StoredCredential credential, string? aaguid = null) => new()
    {
        ["id"] = Convert.ToBase64String(credential.Id),
        ["public_key"] = Convert.ToBase64String(credential.Key.CoseKey()),
        ["attestation_type"] = "none",
        ["authenticator"] = new JsonObject { ["aaguid"] = aaguid ?? Convert.ToBase64String(Google.ToByteArray(bigEndian: true)), ["sign_count"] = 7 },
        ["flags"] = new JsonObject { ["user_present"] = true, ["user_verified"] = true, ["backup_eligible"] = true, ["backup_state"] = true },
        ["transport"] = new JsonArray("internal", "hybrid"),
        ["added_at"] = "2025-03-01T10:00:00Z",
        ["is_passwordless"] = true,
    };

    private static JsonObject Body(string email, string handle, params JsonObject[] entries) => new()
    {
        ["schema_id"] = "default",
        ["traits"] = new JsonObject { ["email"] = email },
        ["credentials"] = new JsonObject
        {
            ["passkey"] = new JsonObject { ["config"] = new JsonObject { ["user_handle"] = handle, ["credentials"] = new JsonArray(entries) } },
        },
    };

    private static string NewEmail(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    private async Task<bool> ExistsAsync(AdminSteps admin, string email) =>
        (await admin.ListAsync($"/admin/identities?credentials_identifier={Uri.EscapeDataString(email)}")).Count > 0;

    [Theory]
    [InlineData(CredentialKey.Es256)]
    [InlineData(CredentialKey.EdDsa)]
    public async Task An_imported_passkey_signs_in_to_the_new_identity_and_shows_its_provider(long algorithm)
    {
        using var admin = new AdminSteps(Portal);
        var (authenticator, credential, handle) = MadeElsewhere(algorithm);
        var email = NewEmail("imported");
        var entry = Entry(credential);
        entry.Remove("display_name");

        var created = await admin.SendAsync(HttpMethod.Post, "/admin/identities", Body(email, handle, entry).ToJsonString());
        var identity = await Wire.ObjectAsync(created);
        Assert.True(created.StatusCode == HttpStatusCode.Created, identity.ToJsonString());
        var id = identity["id"]!.GetValue<string>();
        Assert.Equal(handle, Assert.Single(identity["credentials"]!["passkey"]!["identifiers"]!.AsArray())!.GetValue<string>());

        using var client = Portal.NewClient();
        var (login, session) = await Journeys.LoginAsync(client, authenticator);
        Assert.True(login.StatusCode == HttpStatusCode.OK, session.ToJsonString());
        Assert.Equal(id, session["session"]!["identity"]!["id"]!.GetValue<string>());

        var exported = await Wire.ObjectAsync(await admin.GetAsync($"/admin/identities/{id}?include_credential=passkey"));
        var config = exported["credentials"]!["passkey"]!["config"]!;
        // Kratos's stored shape: byte slices in standard base64.
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes(handle)), config["user_handle"]!.GetValue<string>());
        var passkey = Assert.Single(config["credentials"]!.AsArray())!;
        Assert.Equal(Convert.ToBase64String(credential.Id), passkey["id"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String(Google.ToByteArray(bigEndian: true)), passkey["authenticator"]!["aaguid"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String(credential.Key.CoseKey()), passkey["public_key"]!.GetValue<string>());
        // Unnamed, it is named after its provider, as a passkey registered here would be.
        Assert.Equal("Google Password Manager", passkey["display_name"]!.GetValue<string>());
        Assert.Equal("2025-03-01T10:00:00Z", passkey["added_at"]!.GetValue<string>());
        // The sign-in moved the counter on from the imported 7.
        Assert.Equal(8, passkey["authenticator"]!["sign_count"]!.GetValue<long>());

        var audit = Assert.Single(await admin.AuditAsync(App.Audit.AuditEvents.PasskeysImported), e => e.IdentityId == Guid.Parse(id));
        Assert.Contains("\"count\":1", audit.Details!);
        Assert.DoesNotContain(entry["public_key"]!.GetValue<string>(), audit.Details);
        Assert.DoesNotContain(handle, audit.Details);
    }

    [Fact]
    public async Task A_batch_imports_passkeys_exported_by_kratos_with_its_base64_user_handle()
    {
        using var admin = new AdminSteps(Portal);
        var (authenticator, credential, handle) = MadeElsewhere();
        var email = NewEmail("batch");
        var entry = Entry(credential, aaguid: Google.ToString());
        entry["display_name"] = "Work phone";
        // Kratos keeps the handle as bytes and exports them in base64.
        var body = new JsonObject
        {
            ["identities"] = new JsonArray(new JsonObject { ["create"] = Body(email, Convert.ToBase64String(Encoding.UTF8.GetBytes(handle)), entry) }),
        };

        var response = await admin.SendAsync(HttpMethod.Patch, "/admin/identities", body.ToJsonString());
        var result = Assert.Single((await Wire.ObjectAsync(response))["identities"]!.AsArray())!;
        Assert.True(result["action"]!.GetValue<string>() == "create", result.ToJsonString());

        using var client = Portal.NewClient();
        var (login, session) = await Journeys.LoginAsync(client, authenticator);
        Assert.True(login.StatusCode == HttpStatusCode.OK, session.ToJsonString());
        Assert.Equal(result["identity"]!.GetValue<string>(), session["session"]!["identity"]!["id"]!.GetValue<string>());
        var exported = await Wire.ObjectAsync(await admin.GetAsync($"/admin/identities/{result["identity"]}?include_credential=passkey"));
        Assert.Equal(Convert.ToBase64String(Encoding.UTF8.GetBytes(handle)), exported["credentials"]!["passkey"]!["config"]!["user_handle"]!.GetValue<string>());
        Assert.Equal("Work phone", exported["credentials"]!["passkey"]!["config"]!["credentials"]![0]!["display_name"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_export_imports_again_as_it_is()
    {
        using var admin = new AdminSteps(Portal);
        var (authenticator, credential, handle) = MadeElsewhere();
        var first = await Wire.ObjectAsync(await admin.SendAsync(HttpMethod.Post, "/admin/identities", Body(NewEmail("moved"), handle, Entry(credential)).ToJsonString()));
        var id = first["id"]!.GetValue<string>();
        var config = (await Wire.ObjectAsync(await admin.GetAsync($"/admin/identities/{id}?include_credential=passkey")))["credentials"]!["passkey"]!["config"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await admin.SendAsync(HttpMethod.Delete, "/admin/identities/" + id, null)).StatusCode);

        var email = NewEmail("moved-again");
        var again = Body(email, "", []);
        again["credentials"]!["passkey"]!["config"] = config.DeepClone();
        var created = await admin.SendAsync(HttpMethod.Post, "/admin/identities", again.ToJsonString());
        var identity = await Wire.ObjectAsync(created);
        Assert.True(created.StatusCode == HttpStatusCode.Created, identity.ToJsonString());

        using var client = Portal.NewClient();
        var (login, session) = await Journeys.LoginAsync(client, authenticator);
        Assert.True(login.StatusCode == HttpStatusCode.OK, session.ToJsonString());
        Assert.Equal(identity["id"]!.GetValue<string>(), session["session"]!["identity"]!["id"]!.GetValue<string>());
    }

    public static TheoryData<string, string> BadKeys()
    {
        var p256 = (Es256Key)CredentialKey.Create(CredentialKey.Es256);
        var q = p256.Ecdsa.ExportParameters(false).Q;
        var offCurve = (byte[])q.Y!.Clone();
        offCurve[^1] ^= 0x01;
        static string Key(Func<CborWriter, CborWriter> write) => Convert.ToBase64String(write(new CborWriter()).ToArray());
        return new TheoryData<string, string>
        {
            { "is not a CBOR-encoded COSE_Key", Convert.ToBase64String([0xff, 0x00, 0x13]) },
            { "is not a CBOR-encoded COSE_Key", Key(w => w.WriteText("key")) },
            { "needs kty (1) and alg (3)", Key(w => w.WriteMapHeader(4).WriteInt(1).WriteInt(2).WriteInt(-1).WriteInt(1).WriteInt(-2).WriteBytes(q.X!).WriteInt(-3).WriteBytes(q.Y!)) },
            { "kty 3 with alg -65535 is not a supported algorithm", Key(w => w.WriteMapHeader(2).WriteInt(1).WriteInt(3).WriteInt(3).WriteInt(-65535)) },
            { "needs crv 1", Key(w => w.WriteMapHeader(5).WriteInt(1).WriteInt(2).WriteInt(3).WriteInt(-7).WriteInt(-1).WriteInt(2).WriteInt(-2).WriteBytes(q.X!).WriteInt(-3).WriteBytes(q.Y!)) },
            { "needs x and y of 32 bytes", Key(w => w.WriteMapHeader(5).WriteInt(1).WriteInt(2).WriteInt(3).WriteInt(-7).WriteInt(-1).WriteInt(1).WriteInt(-2).WriteBytes(q.X![..31]).WriteInt(-3).WriteBytes(q.Y!)) },
            { "not on the curve", Key(w => w.WriteMapHeader(5).WriteInt(1).WriteInt(2).WriteInt(3).WriteInt(-7).WriteInt(-1).WriteInt(1).WriteInt(-2).WriteBytes(q.X!).WriteInt(-3).WriteBytes(offCurve)) },
            { "kty 2 with alg -8 is not a supported algorithm", Key(w => w.WriteMapHeader(4).WriteInt(1).WriteInt(2).WriteInt(3).WriteInt(-8).WriteInt(-1).WriteInt(6).WriteInt(-2).WriteBytes(q.X!)) },
            { "modulus n of 2048 to 4096 bits", Key(w => w.WriteMapHeader(4).WriteInt(1).WriteInt(3).WriteInt(3).WriteInt(-257).WriteInt(-1).WriteBytes(RandomNumberGenerator.GetBytes(128)).WriteInt(-2).WriteBytes([1, 0, 1])) },
            { "is not a CBOR-encoded COSE_Key", Convert.ToBase64String([.. p256.CoseKey(), 0x00]) },
            { "at most 1024 bytes", Convert.ToBase64String(RandomNumberGenerator.GetBytes(4096)) },
        };
    }

    /// <param name="refusal">Words of the reason, which also tell the cases apart.</param>
    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_public_key_that_is_not_a_supported_cose_key_is_refused(string refusal, string publicKey)
    {
        using var admin = new AdminSteps(Portal);
        var (_, credential, handle) = MadeElsewhere();
        var email = NewEmail("badkey");
        var entry = Entry(credential);
        entry["public_key"] = publicKey;

        var body = await Wire.AssertErrorAsync(await admin.SendAsync(HttpMethod.Post, "/admin/identities", Body(email, handle, entry).ToJsonString()), HttpStatusCode.BadRequest, null);
        var reason = body["error"]!["reason"]!.GetValue<string>();
        Assert.StartsWith("credentials.passkey.config.credentials[0].public_key ", reason);
        Assert.Contains(refusal, reason);
        Assert.False(await ExistsAsync(admin, email));
    }

    public static TheoryData<string, string, string> BadFields() => new()
    {
        { "id", "not*base64", "credentials[0].id" },
        { "id", "mixed-alphabets+/", "credentials[0].id" },
        { "public_key", "%%%", "credentials[0].public_key" },
        { "aaguid", "0102", "authenticator.aaguid" },
        { "user_handle", new string('a', 65), "user_handle" },
        { "user_handle", "with space", "user_handle" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Bad_base64_ids_and_handles_are_refused(string field, string value, string named)
    {
        using var admin = new AdminSteps(Portal);
        var (_, credential, handle) = MadeElsewhere();
        var email = NewEmail("badfield");
        var entry = Entry(credential);
        var body = Body(email, handle, entry);
        switch (field)
        {
            case "aaguid": entry["authenticator"]!["aaguid"] = value; break;
            case "user_handle": body["credentials"]!["passkey"]!["config"]!["user_handle"] = value; break;
            default: entry[field] = value; break;
        }

        var error = await Wire.AssertErrorAsync(await admin.SendAsync(HttpMethod.Post, "/admin/identities", body.ToJsonString()), HttpStatusCode.BadRequest, null);
        Assert.Contains(named, error["error"]!["reason"]!.GetValue<string>());
        Assert.False(await ExistsAsync(admin, email));
    }

    [Fact]
    public async Task The_same_credential_id_twice_in_one_import_is_refused()
    {
        using var admin = new AdminSteps(Portal);
        var (_, credential, handle) = MadeElsewhere();
        var email = NewEmail("twice");
        var again = Entry(credential);
        // The same id, once in each base64 alphabet.
        again["id"] = credential.IdBase64Url;

        var error = await Wire.AssertErrorAsync(
            await admin.SendAsync(HttpMethod.Post, "/admin/identities", Body(email, handle, Entry(credential), again).ToJsonString()), HttpStatusCode.BadRequest, null);
        Assert.Contains("credentials[1].id appears twice", error["error"]!["reason"]!.GetValue<string>());
        Assert.False(await ExistsAsync(admin, email));
    }

    [Fact]
    public async Task A_credential_id_already_registered_is_a_conflict_and_nothing_is_written()
    {
        using var admin = new AdminSteps(Portal);
        using var person = await admin.SignUpAsync("owner");
        var registered = Assert.Single(person.Phone.Credentials);
        var (_, credential, handle) = MadeElsewhere();
        var email = NewEmail("taken");
        var entry = Entry(credential);
        entry["id"] = Convert.ToBase64String(registered.Id);
        var before = (await admin.AuditAsync(App.Audit.AuditEvents.AdminIdentityCreated)).Count;

        await Wire.AssertErrorAsync(await admin.SendAsync(HttpMethod.Post, "/admin/identities", Body(email, handle, entry).ToJsonString()), HttpStatusCode.Conflict, null);
        Assert.False(await ExistsAsync(admin, email));
        Assert.Equal(before, (await admin.AuditAsync(App.Audit.AuditEvents.AdminIdentityCreated)).Count);

        var batch = new JsonObject { ["identities"] = new JsonArray(new JsonObject { ["create"] = Body(email, handle, entry.DeepClone().AsObject()) }) };
        var result = Assert.Single((await Wire.ObjectAsync(await admin.SendAsync(HttpMethod.Patch, "/admin/identities", batch.ToJsonString())))["identities"]!.AsArray())!;
        Assert.Equal(409, result["error"]!["code"]!.GetValue<int>());
        Assert.False(await ExistsAsync(admin, email));

        // The owner still signs in with it.
        using var client = Portal.NewClient();
        var (login, body) = await Journeys.LoginAsync(client, person.Phone);
        Assert.True(login.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(person.Id, body["session"]!["identity"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_user_handle_another_identity_has_is_a_conflict()
    {
        using var admin = new AdminSteps(Portal);
        var (_, first, handle) = MadeElsewhere();
        var created = await admin.SendAsync(HttpMethod.Post, "/admin/identities", Body(NewEmail("first"), handle, Entry(first)).ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var (_, second, _) = MadeElsewhere();
        var email = NewEmail("second");
        await Wire.AssertErrorAsync(await admin.SendAsync(HttpMethod.Post, "/admin/identities", Body(email, handle, Entry(second)).ToJsonString()), HttpStatusCode.Conflict, null);
        Assert.False(await ExistsAsync(admin, email));
    }

    [Fact]
    public async Task A_replacement_does_not_take_passkeys_and_changes_nothing()
    {
        using var admin = new AdminSteps(Portal);
        using var person = await admin.SignUpAsync("replace");
        var (_, credential, handle) = MadeElsewhere();
        var body = Body(person.Email, handle, Entry(credential));
        body["state"] = "inactive";

        await Wire.AssertErrorAsync(await admin.SendAsync(HttpMethod.Put, $"/admin/identities/{person.Id}", body.ToJsonString()), HttpStatusCode.BadRequest, null);
        var after = await Wire.ObjectAsync(await admin.GetAsync($"/admin/identities/{person.Id}?include_credential=passkey"));
        Assert.Equal("active", after["state"]!.GetValue<string>());
        Assert.NotEqual(handle, after["credentials"]!["passkey"]!["config"]!["user_handle"]!.GetValue<string>());
        Assert.Single(after["credentials"]!["passkey"]!["config"]!["credentials"]!.AsArray());
    }
}
