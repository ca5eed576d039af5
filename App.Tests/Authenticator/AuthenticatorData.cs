using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace App.Tests.Authenticator;

/// <summary>Flag bits of authenticatorData (WebAuthn L3 §6.1, table "flags").</summary>
[Flags]
public enum AuthenticatorFlags : byte
{
    None = 0,
    UserPresent = 0x01,
    UserVerified = 0x04,
    BackupEligible = 0x08,
    BackupState = 0x10,
    AttestedCredentialData = 0x40,
    ExtensionData = 0x80,
}

/// <summary>Byte layouts from WebAuthn L3 §6.1 (authenticator data) and §6.5.1 (attested credential data).</summary>
public static class AuthenticatorData
{
    // COSE labels and values (RFC 9052 / RFC 9053): kty=1, alg=3, crv=-1, x=-2, y=-3;
    // kty EC2=2, alg ES256=-7, crv P-256=1.
    public const long CoseAlgorithmEs256 = -7;
    private const int P256CoordinateLength = 32;

    /// <summary>rpIdHash(32) | flags(1) | signCount(4, big endian) | attestedCredentialData.</summary>
    public static byte[] Build(
        string rpIdForHash, AuthenticatorFlags flags, uint signCount, ReadOnlySpan<byte> attestedCredentialData = default)
    {
        var result = new byte[32 + 1 + 4 + attestedCredentialData.Length];
        SHA256.HashData(Encoding.UTF8.GetBytes(rpIdForHash), result.AsSpan(0, 32));
        result[32] = (byte)flags;
        BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(33, 4), signCount);
        attestedCredentialData.CopyTo(result.AsSpan(37));
        return result;
    }

    /// <summary>aaguid(16) | credentialIdLength(2, big endian) | credentialId | credentialPublicKey (§6.5.1).</summary>
    public static byte[] AttestedCredentialData(Guid aaguid, ReadOnlySpan<byte> credentialId, ReadOnlySpan<byte> coseKey)
    {
        var result = new byte[16 + 2 + credentialId.Length + coseKey.Length];
        // The AAGUID is the 16 bytes in the order of its textual form, i.e. big endian (RFC 9562).
        aaguid.ToByteArray(bigEndian: true).CopyTo(result, 0);
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(16, 2), checked((ushort)credentialId.Length));
        credentialId.CopyTo(result.AsSpan(18));
        coseKey.CopyTo(result.AsSpan(18 + credentialId.Length));
        return result;
    }

    /// <summary>
    /// ES256 public key as a COSE_Key, keys in CTAP2 canonical order 1, 3, -1, -2, -3
    /// (WebAuthn L3 §6.5.1.1 example; CTAP2 canonical CBOR encoding form).
    /// </summary>
    public static byte[] EncodeCoseKey(ECDsa key)
    {
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        return new CborWriter()
            .WriteMapHeader(5)
            .WriteInt(1).WriteInt(2)
            .WriteInt(3).WriteInt(CoseAlgorithmEs256)
            .WriteInt(-1).WriteInt(1)
            .WriteInt(-2).WriteBytes(LeftPad(q.X!))
            .WriteInt(-3).WriteBytes(LeftPad(q.Y!))
            .ToArray();
    }

    // COSE EC2 coordinates are fixed-length field elements; guard against a short export.
    private static byte[] LeftPad(byte[] coordinate)
    {
        if (coordinate.Length == P256CoordinateLength) return coordinate;
        var padded = new byte[P256CoordinateLength];
        coordinate.CopyTo(padded, P256CoordinateLength - coordinate.Length);
        return padded;
    }
}
