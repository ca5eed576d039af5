using App.Credentials.Passkeys;
using App.Tests.Authenticator;
using App.Tests.Unit.Authenticator;

namespace App.Tests.Unit.Ceremonies;

/// <summary>
/// Passkeys saved before the AAGUID column get it from their stored attestation object, which came
/// from a client: any bytes must end in a Guid or null, never an exception (WebAuthn §6.5.1
/// attested credential data, §6.5.4 attestation object).
/// </summary>
public sealed class AaguidBackfillTests
{
    private static readonly Guid GooglePasswordManager = Guid.Parse("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4");

    internal static byte[] MadeBy(Guid? aaguid)
    {
        var authenticator = new SoftwareAuthenticator(aaguid: aaguid);
        var credential = Ceremony.Parse(authenticator.Create(Ceremony.CreationOptions(), Ceremony.Origin));
        return Ceremony.Field(credential, "attestationObject");
    }

    private static byte[] AuthData(Guid aaguid, AuthenticatorFlags flags = AuthenticatorFlags.UserPresent | AuthenticatorFlags.AttestedCredentialData) =>
        AuthenticatorData.Build("localhost", flags, 0, AuthenticatorData.AttestedCredentialData(aaguid, [1, 2, 3, 4],
            AuthenticatorData.EncodeCoseKey(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))));

    [Fact]
    public void Reads_the_aaguid_of_a_real_attestation_object()
    {
        Assert.Equal(GooglePasswordManager, AaguidBackfill.Read(MadeBy(GooglePasswordManager)));
    }

    [Fact]
    public void Reads_each_authenticators_own_aaguid()
    {
        var aaguid = Guid.NewGuid();

        Assert.Equal(aaguid, AaguidBackfill.Read(MadeBy(aaguid)));
    }

    [Fact]
    public void None_attestation_reads_as_the_zero_aaguid()
    {
        Assert.Equal(Guid.Empty, AaguidBackfill.Read(MadeBy(null)));
    }

    [Fact]
    public void Finds_auth_data_whatever_the_key_order_and_around_values_it_skips()
    {
        var attestation = new CborWriter().WriteMapHeader(4)
            .WriteText("authData").WriteBytes(AuthData(GooglePasswordManager))
            .WriteText("fmt").WriteText("packed")
            .WriteText("attStmt").WriteMapHeader(2).WriteText("alg").WriteInt(-7).WriteText("sig").WriteBytes(new byte[70])
            .WriteText("extra").WriteInt(long.MaxValue)
            .ToArray();
        Assert.Equal(GooglePasswordManager, AaguidBackfill.Read(attestation));

        // attStmt before authData, with an array and a map inside: x5c [bytes], ext {1: 2}.
        byte[] statement = [0xa2, 0x63, .. "x5c"u8, 0x81, 0x42, 0x01, 0x02, 0x63, .. "ext"u8, 0xa1, 0x01, 0x02];
        byte[] reordered = [
            0xa3, 0x63, .. "fmt"u8, 0x66, .. "packed"u8,
            0x67, .. "attStmt"u8, .. statement,
            .. new CborWriter().WriteText("authData").WriteBytes(AuthData(GooglePasswordManager)).ToArray(),
        ];
        Assert.Equal(GooglePasswordManager, AaguidBackfill.Read(reordered));
    }

    [Fact]
    public void Auth_data_without_attested_credential_data_has_no_aaguid()
    {
        var withoutFlag = new CborWriter().WriteMapHeader(1).WriteText("authData")
            .WriteBytes(AuthData(GooglePasswordManager, AuthenticatorFlags.UserPresent)).ToArray();
        var tooShort = new CborWriter().WriteMapHeader(1).WriteText("authData")
            .WriteBytes(AuthenticatorData.Build("localhost", AuthenticatorFlags.UserPresent | AuthenticatorFlags.AttestedCredentialData, 0)).ToArray();

        Assert.Null(AaguidBackfill.Read(withoutFlag));
        Assert.Null(AaguidBackfill.Read(tooShort));
    }

    [Fact]
    public void Every_truncation_of_a_real_attestation_object_returns_null()
    {
        var whole = MadeBy(GooglePasswordManager);

        for (var length = 0; length < whole.Length; length++)
            Assert.Null(AaguidBackfill.Read(whole[..length]));
    }

    public static TheoryData<string, byte[]> Garbage => new()
    {
        { "empty", [] },
        { "not a map (array)", [0x83, 0x01, 0x02, 0x03] },
        { "not a map (text)", [0x68, .. "authData"u8] },
        { "integer map key", [0xa1, 0x01, 0x02] },
        { "authData as text", [0xa1, 0x68, .. "authData"u8, 0x63, .. "abc"u8] },
        { "map without authData", [0xa1, 0x63, .. "fmt"u8, 0x64, .. "none"u8] },
        { "reserved additional info 28", [0xbc] },
        { "key length past the end", [0xa1, 0x7a, 0xff, 0xff, 0xff, 0xff] },
        { "authData length 2^64-1", [0xa1, 0x68, .. "authData"u8, 0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff] },
        { "authData length 2^31", [0xa1, 0x68, .. "authData"u8, 0x5a, 0x80, 0x00, 0x00, 0x00] },
        { "map of 2^64-1 pairs", [0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x63, .. "fmt"u8, 0x00] },
        { "skipped map of 2^63 pairs", [0xa2, 0x63, .. "fmt"u8, 0xbb, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00] },
        { "skipped array of 2^32 items", [0xa2, 0x63, .. "fmt"u8, 0x9a, 0xff, 0xff, 0xff, 0xff, 0x00] },
        { "head cut short", [0xa1, 0x68, .. "authData"u8, 0x59, 0x01] },
        { "one byte", [0xa1] },
        { "invalid UTF-8 key", [0xa1, 0x62, 0xff, 0xfe, 0x40] },
        // CTAP2's canonical CBOR has no tags (CTAP 2.1 §8): a tagged item is not an attestation object.
        { "tagged value", [0xa1, 0x68, .. "authData"u8, 0xd8, 0x18, 0x41, 0x00] },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Garbage_returns_null(string what, byte[] cbor)
    {
        Assert.True(AaguidBackfill.Read(cbor) is null, what);
    }

    public static TheoryData<string, byte[]> IndefiniteLength => new()
    {
        { "indefinite map", [0xbf, 0x68, .. "authData"u8, 0x41, 0x00, 0xff] },
        { "indefinite authData", [0xa1, 0x68, .. "authData"u8, 0x5f, 0x41, 0x00, 0xff] },
        { "indefinite key", [0xa1, 0x7f, 0x68, .. "authData"u8, 0xff, 0x41, 0x00] },
        { "indefinite skipped array", [0xa2, 0x63, .. "fmt"u8, 0x9f, 0x01, 0xff, 0x68, .. "authData"u8, 0x41, 0x00] },
        { "break byte", [0xff] },
    };

    [Theory]
    [MemberData(nameof(IndefiniteLength))]
    public void Indefinite_length_cbor_returns_null(string what, byte[] cbor)
    {
        Assert.True(AaguidBackfill.Read(cbor) is null, what);
    }

    [Fact]
    public void Deeply_nested_skipped_values_return_null_without_exhausting_the_stack()
    {
        // fmt: [[[[ ... ]]]] 100 000 levels deep, then authData.
        byte[] nested = [0xa2, 0x63, .. "fmt"u8, .. Enumerable.Repeat((byte)0x81, 100_000), 0x00,
            .. new CborWriter().WriteText("authData").WriteBytes(AuthData(GooglePasswordManager)).ToArray()];

        Assert.Null(AaguidBackfill.Read(nested));
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(20261122);
        var real = MadeBy(GooglePasswordManager);
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            AaguidBackfill.Read(bytes);

            // A real object with one byte changed: still a Guid or null, never an exception.
            var mutated = (byte[])real.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            AaguidBackfill.Read(mutated);
        }
    }
}
