using System.Security.Cryptography;
using System.Text;
using App.Tests.Authenticator;
using Xunit;

namespace App.Tests.Unit.Authenticator;

public sealed class RegistrationTests
{
    private const AuthenticatorFlags SyncedPasskey = AuthenticatorFlags.UserPresent | AuthenticatorFlags.UserVerified
        | AuthenticatorFlags.BackupEligible | AuthenticatorFlags.BackupState | AuthenticatorFlags.AttestedCredentialData;

    [Fact]
    public void Create_returns_browser_shaped_json()
    {
        var credential = Ceremony.Parse(new SoftwareAuthenticator().Create(Ceremony.CreationOptions(), Ceremony.Origin));

        Assert.Equal(credential.GetProperty("id").GetString(), credential.GetProperty("rawId").GetString());
        Assert.Equal("public-key", credential.GetProperty("type").GetString());
        Assert.Equal("platform", credential.GetProperty("authenticatorAttachment").GetString());
        Assert.Empty(credential.GetProperty("clientExtensionResults").EnumerateObject());
        Assert.Equal(["internal"], credential.GetProperty("response").GetProperty("transports")
            .EnumerateArray().Select(t => t.GetString()));
        Assert.DoesNotContain("=", credential.GetProperty("response").GetProperty("attestationObject").GetString());
    }

    [Fact]
    public void Attestation_object_is_canonical_none_format()
    {
        var credential = Ceremony.Parse(new SoftwareAuthenticator().Create(Ceremony.CreationOptions(), Ceremony.Origin));
        var attestation = Ceremony.AttestationObject(credential);

        Assert.Equal(["fmt", "attStmt", "authData"], attestation.Keys);
        Assert.Equal("none", attestation["fmt"]);
        Assert.Empty(((CborMap)attestation["attStmt"]!).Entries);
    }

    [Fact]
    public void Auth_data_has_rp_hash_flags_counter_and_attested_credential()
    {
        var authenticator = new SoftwareAuthenticator();
        var credential = Ceremony.Parse(authenticator.Create(Ceremony.CreationOptions(), Ceremony.Origin));
        var authData = Ceremony.AuthData(Ceremony.AttestationObject(credential));

        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes("localhost")), authData[..32]);
        Assert.Equal(SyncedPasskey, Ceremony.Flags(authData));
        Assert.Equal(0u, Ceremony.SignCount(authData));

        var (aaguid, credentialId, _) = Ceremony.Attested(authData);
        Assert.Equal(Guid.Empty, aaguid);
        Assert.Equal(32, credentialId.Length);
        Assert.Equal(Base64Url.Decode(credential.GetProperty("rawId").GetString()!), credentialId);

        var stored = Assert.Single(authenticator.Credentials);
        Assert.Equal(credentialId, stored.Id);
        Assert.Equal("localhost", stored.RpId);
        Assert.Equal("user-1"u8.ToArray(), stored.UserHandle);
        Assert.Equal(0u, stored.SignCount);
    }

    [Fact]
    public void Cose_key_is_es256_in_ctap2_order_and_matches_stored_key()
    {
        var authenticator = new SoftwareAuthenticator();
        var credential = Ceremony.Parse(authenticator.Create(Ceremony.CreationOptions(), Ceremony.Origin));
        var (_, _, cose) = Ceremony.Attested(Ceremony.AuthData(Ceremony.AttestationObject(credential)));

        Assert.Equal([1L, 3L, -1L, -2L, -3L], cose.Keys);
        Assert.Equal(2L, cose[1]);
        Assert.Equal(-7L, cose[3]);
        Assert.Equal(1L, cose[-1]);
        var q = ((Es256Key)authenticator.Credentials[0].Key).Ecdsa.ExportParameters(false).Q;
        Assert.Equal(q.X, (byte[])cose[-2]!);
        Assert.Equal(q.Y, (byte[])cose[-3]!);
    }

    [Fact]
    public void Client_data_json_is_compact_and_in_spec_order()
    {
        var credential = Ceremony.Parse(new SoftwareAuthenticator().Create(Ceremony.CreationOptions(), Ceremony.Origin));

        var expected = "{\"type\":\"webauthn.create\",\"challenge\":\"" + Base64Url.Encode(Ceremony.Challenge)
            + "\",\"origin\":\"https://localhost:5001\",\"crossOrigin\":false}";
        Assert.Equal(expected, Ceremony.ClientDataText(credential));
    }

    [Theory]
    [InlineData("wrapped")]
    [InlineData("kratos")]
    [InlineData("bare")]
    [InlineData("string")]
    public void Accepts_every_options_shape(string shape)
    {
        var wrapped = Ceremony.CreationOptions(userId: [9, 8, 7]);
        var bare = Ceremony.Parse(wrapped).GetProperty("publicKey").GetRawText();
        var json = shape switch
        {
            "wrapped" => wrapped,
            "kratos" => "{\"credentialOptions\":" + wrapped + ",\"displayNameFieldName\":\"traits.email\"}",
            "string" => System.Text.Json.JsonSerializer.Serialize(wrapped),
            _ => bare,
        };
        var authenticator = new SoftwareAuthenticator();
        authenticator.Create(json, Ceremony.Origin);

        Assert.Equal(new byte[] { 9, 8, 7 }, authenticator.Credentials[0].UserHandle);
    }

    [Fact]
    public void Missing_rp_id_falls_back_to_origin_host()
    {
        var authenticator = new SoftwareAuthenticator();
        var credential = Ceremony.Parse(authenticator.Create(Ceremony.CreationOptions(rpId: null), "https://login.example.test:8443"));

        Assert.Equal("login.example.test", authenticator.Credentials[0].RpId);
        Assert.Equal(SHA256.HashData("login.example.test"u8), Ceremony.AuthData(Ceremony.AttestationObject(credential))[..32]);
    }

    [Fact]
    public void Exclude_credentials_listing_one_of_ours_throws()
    {
        var authenticator = new SoftwareAuthenticator();
        authenticator.Create(Ceremony.CreationOptions(), Ceremony.Origin);
        var existing = authenticator.Credentials[0].Id;

        Assert.Throws<InvalidOperationException>(() =>
            authenticator.Create(Ceremony.CreationOptions(userId: [2], exclude: [existing]), Ceremony.Origin));
        Assert.Single(authenticator.Credentials);

        // Someone else's id in the list is not a reason to refuse.
        authenticator.Create(Ceremony.CreationOptions(userId: [2], exclude: [new byte[32]]), Ceremony.Origin);
        Assert.Equal(2, authenticator.Credentials.Count);
    }

    [Fact]
    public void New_discoverable_credential_replaces_one_for_same_user()
    {
        var authenticator = new SoftwareAuthenticator();
        authenticator.Create(Ceremony.CreationOptions(), Ceremony.Origin);
        var first = authenticator.Credentials[0].Id;
        authenticator.Create(Ceremony.CreationOptions(), Ceremony.Origin);

        Assert.NotEqual(first, Assert.Single(authenticator.Credentials).Id);
    }

    [Fact]
    public void Refuses_when_es256_is_not_offered()
    {
        Assert.Throws<InvalidOperationException>(() =>
            new SoftwareAuthenticator().Create(Ceremony.CreationOptions(algorithms: [-257]), Ceremony.Origin));
    }

    [Fact]
    public void Non_discoverable_without_uv_clears_those_flags_and_custom_aaguid_is_big_endian()
    {
        var aaguid = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");
        var authenticator = new SoftwareAuthenticator(discoverable: false, userVerification: false, aaguid: aaguid);
        var credential = Ceremony.Parse(authenticator.Create(Ceremony.CreationOptions(), Ceremony.Origin));
        var authData = Ceremony.AuthData(Ceremony.AttestationObject(credential));

        Assert.Equal(AuthenticatorFlags.UserPresent | AuthenticatorFlags.AttestedCredentialData, Ceremony.Flags(authData));
        Assert.Equal(Convert.FromHexString("00112233445566778899AABBCCDDEEFF"), authData[37..53]);
        Assert.False(authenticator.Credentials[0].Discoverable);
    }

    [Fact]
    public void Creation_tweaks_change_client_data_and_auth_data()
    {
        var tweaks = new CeremonyTweaks
        {
            Origin = "https://evil.example", Type = "webauthn.get", Challenge = "AAAA", RpIdForHash = "evil.example",
            UserPresent = false, UserVerified = false, BackupEligible = false, BackupState = true, SignCount = 7,
        };
        var credential = Ceremony.Parse(new SoftwareAuthenticator().Create(Ceremony.CreationOptions(), Ceremony.Origin, tweaks));
        var authData = Ceremony.AuthData(Ceremony.AttestationObject(credential));

        Assert.Equal("{\"type\":\"webauthn.get\",\"challenge\":\"AAAA\",\"origin\":\"https://evil.example\",\"crossOrigin\":false}",
            Ceremony.ClientDataText(credential));
        Assert.Equal(SHA256.HashData("evil.example"u8), authData[..32]);
        Assert.Equal(AuthenticatorFlags.BackupState | AuthenticatorFlags.AttestedCredentialData, Ceremony.Flags(authData));
        Assert.Equal(7u, Ceremony.SignCount(authData));
    }
}
