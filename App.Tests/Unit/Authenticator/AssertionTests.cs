using System.Security.Cryptography;
using App.Tests.Authenticator;
using Xunit;

namespace App.Tests.Unit.Authenticator;

public sealed class AssertionTests
{
    private static (SoftwareAuthenticator Authenticator, CborMap CoseKey) Registered(
        bool discoverable = true, bool userVerification = true, byte[]? userId = null)
    {
        var authenticator = new SoftwareAuthenticator(discoverable, userVerification);
        var credential = Ceremony.Parse(authenticator.Create(Ceremony.CreationOptions(userId), Ceremony.Origin));
        var (_, _, cose) = Ceremony.Attested(Ceremony.AuthData(Ceremony.AttestationObject(credential)));
        return (authenticator, cose);
    }

    [Fact]
    public void Signature_verifies_with_public_key_from_cose_key()
    {
        var (authenticator, cose) = Registered();
        var assertion = Ceremony.Parse(authenticator.Get(Ceremony.RequestOptions(), Ceremony.Origin));

        Assert.True(Ceremony.Verifies(cose, assertion));
        Assert.Equal(authenticator.Credentials[0].IdBase64Url, assertion.GetProperty("id").GetString());
        Assert.Equal(assertion.GetProperty("id").GetString(), assertion.GetProperty("rawId").GetString());
        Assert.Equal("platform", assertion.GetProperty("authenticatorAttachment").GetString());
        Assert.Equal("user-1"u8.ToArray(), Ceremony.Field(assertion, "userHandle"));
    }

    [Fact]
    public void Auth_data_is_37_bytes_with_rp_hash_and_default_flags()
    {
        var (authenticator, _) = Registered();
        var authData = Ceremony.Field(Ceremony.Parse(authenticator.Get(Ceremony.RequestOptions(), Ceremony.Origin)), "authenticatorData");

        Assert.Equal(37, authData.Length);
        Assert.Equal(SHA256.HashData("localhost"u8), authData[..32]);
        Assert.Equal(AuthenticatorFlags.UserPresent | AuthenticatorFlags.UserVerified
            | AuthenticatorFlags.BackupEligible | AuthenticatorFlags.BackupState, Ceremony.Flags(authData));
    }

    [Fact]
    public void Client_data_is_webauthn_get()
    {
        var (authenticator, _) = Registered();
        var assertion = Ceremony.Parse(authenticator.Get(Ceremony.RequestOptions(), Ceremony.Origin));

        Assert.Equal("{\"type\":\"webauthn.get\",\"challenge\":\"" + Base64Url.Encode(Ceremony.Challenge)
            + "\",\"origin\":\"https://localhost:5001\",\"crossOrigin\":false}", Ceremony.ClientDataText(assertion));
    }

    [Fact]
    public void Sign_count_increments_on_every_get()
    {
        var (authenticator, _) = Registered();
        var counts = Enumerable.Range(0, 3).Select(_ => Ceremony.SignCount(Ceremony.Field(
            Ceremony.Parse(authenticator.Get(Ceremony.RequestOptions(), Ceremony.Origin)), "authenticatorData"))).ToArray();

        Assert.Equal([1u, 2u, 3u], counts);
        Assert.Equal(3u, authenticator.Credentials[0].SignCount);
    }

    [Fact]
    public void Concurrent_gets_use_each_counter_value_once()
    {
        var (authenticator, cose) = Registered();
        var assertions = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 64, _ => assertions.Add(authenticator.Get(Ceremony.RequestOptions(), Ceremony.Origin)));

        var parsed = assertions.Select(Ceremony.Parse).ToList();
        Assert.All(parsed, a => Assert.True(Ceremony.Verifies(cose, a)));
        Assert.Equal(Enumerable.Range(1, 64).Select(i => (uint)i),
            parsed.Select(a => Ceremony.SignCount(Ceremony.Field(a, "authenticatorData"))).Order());
    }

    [Fact]
    public void Allow_credentials_picks_the_listed_credential()
    {
        var authenticator = new SoftwareAuthenticator();
        authenticator.Create(Ceremony.CreationOptions(userId: [1]), Ceremony.Origin);
        authenticator.Create(Ceremony.CreationOptions(userId: [2]), Ceremony.Origin);
        var second = authenticator.Credentials[1];

        var assertion = Ceremony.Parse(authenticator.Get(Ceremony.RequestOptions(allow: [new byte[32], second.Id]), Ceremony.Origin));

        Assert.Equal(second.IdBase64Url, assertion.GetProperty("id").GetString());
        Assert.Equal(new byte[] { 2 }, Ceremony.Field(assertion, "userHandle"));
        Assert.Equal(0u, authenticator.Credentials[0].SignCount);
    }

    [Fact]
    public void Unknown_allowed_credential_or_other_rp_throws()
    {
        var (authenticator, _) = Registered();

        Assert.Throws<InvalidOperationException>(() =>
            authenticator.Get(Ceremony.RequestOptions(allow: [new byte[32]]), Ceremony.Origin));
        Assert.Throws<InvalidOperationException>(() =>
            authenticator.Get(Ceremony.RequestOptions(rpId: "other.example"), "https://other.example"));
    }

    [Fact]
    public void Non_discoverable_credential_is_not_chosen_for_empty_allow_list()
    {
        var (authenticator, cose) = Registered(discoverable: false);

        Assert.Throws<InvalidOperationException>(() => authenticator.Get(Ceremony.RequestOptions(), Ceremony.Origin));

        var id = authenticator.Credentials[0].Id;
        var assertion = Ceremony.Parse(authenticator.Get(Ceremony.RequestOptions(allow: [id]), Ceremony.Origin));
        Assert.True(Ceremony.Verifies(cose, assertion));
        Assert.False(assertion.GetProperty("response").TryGetProperty("userHandle", out _));
        Assert.Equal(AuthenticatorFlags.UserPresent | AuthenticatorFlags.UserVerified,
            Ceremony.Flags(Ceremony.Field(assertion, "authenticatorData")));
    }

    [Fact]
    public void Missing_rp_id_uses_origin_host()
    {
        var (authenticator, cose) = Registered();
        var assertion = Ceremony.Parse(authenticator.Get(Ceremony.RequestOptions(rpId: null), "https://localhost:7000"));

        Assert.True(Ceremony.Verifies(cose, assertion));
    }

    [Theory]
    [InlineData(false, null, null, null, 0x04 | 0x08 | 0x10)]
    [InlineData(null, false, null, null, 0x01 | 0x08 | 0x10)]
    [InlineData(null, null, false, false, 0x01 | 0x04)]
    [InlineData(null, null, true, false, 0x01 | 0x04 | 0x08)]
    public void Flags_follow_the_tweaks(bool? up, bool? uv, bool? be, bool? bs, int expected)
    {
        var (authenticator, cose) = Registered();
        var tweaks = new CeremonyTweaks { UserPresent = up, UserVerified = uv, BackupEligible = be, BackupState = bs };
        var assertion = Ceremony.Parse(authenticator.Get(Ceremony.RequestOptions(), Ceremony.Origin, tweaks));

        Assert.Equal((AuthenticatorFlags)expected, Ceremony.Flags(Ceremony.Field(assertion, "authenticatorData")));
        Assert.True(Ceremony.Verifies(cose, assertion));
    }

    [Fact]
    public void User_verified_tweak_sets_uv_on_an_authenticator_without_uv()
    {
        var (authenticator, _) = Registered(userVerification: false);
        var plain = Ceremony.Parse(authenticator.Get(Ceremony.RequestOptions(), Ceremony.Origin));
        var forced = Ceremony.Parse(authenticator.Get(Ceremony.RequestOptions(), Ceremony.Origin, new() { UserVerified = true }));

        Assert.False(Ceremony.Flags(Ceremony.Field(plain, "authenticatorData")).HasFlag(AuthenticatorFlags.UserVerified));
        Assert.True(Ceremony.Flags(Ceremony.Field(forced, "authenticatorData")).HasFlag(AuthenticatorFlags.UserVerified));
    }

    [Fact]
    public void Corrupt_signature_still_parses_but_fails_verification()
    {
        var (authenticator, cose) = Registered();
        var assertion = Ceremony.Parse(authenticator.Get(Ceremony.RequestOptions(), Ceremony.Origin, new() { CorruptSignature = true }));

        Assert.False(Ceremony.Verifies(cose, assertion));
    }

    [Fact]
    public void Sign_count_and_rp_hash_and_client_data_tweaks_are_signed_as_given()
    {
        var (authenticator, cose) = Registered();
        var tweaks = new CeremonyTweaks
        {
            SignCount = 42, RpIdForHash = "evil.example", Origin = "https://evil.example", Type = "webauthn.create", Challenge = "QUJD",
        };
        var assertion = Ceremony.Parse(authenticator.Get(Ceremony.RequestOptions(), Ceremony.Origin, tweaks));
        var authData = Ceremony.Field(assertion, "authenticatorData");

        Assert.Equal(42u, Ceremony.SignCount(authData));
        Assert.Equal(SHA256.HashData("evil.example"u8), authData[..32]);
        Assert.Equal("{\"type\":\"webauthn.create\",\"challenge\":\"QUJD\",\"origin\":\"https://evil.example\",\"crossOrigin\":false}",
            Ceremony.ClientDataText(assertion));
        Assert.True(Ceremony.Verifies(cose, assertion));
        Assert.Equal(1u, authenticator.Credentials[0].SignCount);
    }

    [Fact]
    public void Credential_and_user_handle_tweaks_impersonate_another_user()
    {
        var (mine, _) = Registered(userId: [1]);
        var (theirs, theirCose) = Registered(userId: [2]);
        var tweaks = new CeremonyTweaks { Credential = theirs.Credentials[0], UserHandle = [1] };

        var assertion = Ceremony.Parse(mine.Get(Ceremony.RequestOptions(allow: [mine.Credentials[0].Id]), Ceremony.Origin, tweaks));

        Assert.Equal(theirs.Credentials[0].IdBase64Url, assertion.GetProperty("id").GetString());
        Assert.Equal(new byte[] { 1 }, Ceremony.Field(assertion, "userHandle"));
        Assert.True(Ceremony.Verifies(theirCose, assertion));
    }
}
