using System.Security.Cryptography;
using NSec.Cryptography;

namespace App.Tests.Authenticator;

/// <summary>
/// A credential's key pair: its public half as a COSE_Key (RFC 9053), and signatures in the form
/// WebAuthn expects for its algorithm (§6.5.5: DER for ECDSA, raw for EdDSA).
/// </summary>
public abstract class CredentialKey
{
    public const long Es256 = -7;
    public const long EdDsa = -8;

    /// <summary>The COSE algorithm identifier.</summary>
    public abstract long Algorithm { get; }
    public abstract byte[] CoseKey();
    public abstract byte[] Sign(byte[] data);
    /// <summary>PKCS#8, as the DevTools virtual authenticator takes it.</summary>
    public abstract byte[] ExportPkcs8PrivateKey();

    public static CredentialKey Create(long algorithm) => algorithm switch
    {
        Es256 => new Es256Key(ECDsa.Create(ECCurve.NamedCurves.nistP256)),
        EdDsa => new Ed25519Key(Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport })),
        _ => throw new NotSupportedException($"The software authenticator has no COSE algorithm {algorithm}."),
    };

    /// <summary>A key saved earlier (PKCS#8), such as one a portal of an older version registered.</summary>
    public static CredentialKey Import(long algorithm, byte[] pkcs8)
    {
        if (algorithm == EdDsa)
            return new Ed25519Key(Key.Import(SignatureAlgorithm.Ed25519, pkcs8, KeyBlobFormat.PkixPrivateKey,
                new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
        return new Es256Key(ecdsa);
    }
}

/// <summary>ECDSA over P-256 with SHA-256.</summary>
public sealed class Es256Key(ECDsa key) : CredentialKey
{
    public ECDsa Ecdsa { get; } = key;
    public override long Algorithm => Es256;
    public override byte[] CoseKey() => AuthenticatorData.EncodeCoseKey(Ecdsa);
    public override byte[] Sign(byte[] data) => Ecdsa.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    public override byte[] ExportPkcs8PrivateKey() => Ecdsa.ExportPkcs8PrivateKey();
}

/// <summary>EdDSA over Ed25519 (RFC 8032), which .NET's own cryptography does not have.</summary>
public sealed class Ed25519Key(Key key) : CredentialKey
{
    public override long Algorithm => EdDsa;

    /// <summary>An OKP key: kty 1, alg -8, crv 6 (Ed25519), x (RFC 9053 §7.2), in CTAP2 canonical key order.</summary>
    public override byte[] CoseKey() => new CborWriter()
        .WriteMapHeader(4)
        .WriteInt(1).WriteInt(1)
        .WriteInt(3).WriteInt(EdDsa)
        .WriteInt(-1).WriteInt(6)
        .WriteInt(-2).WriteBytes(key.PublicKey.Export(KeyBlobFormat.RawPublicKey))
        .ToArray();

    public override byte[] Sign(byte[] data) => SignatureAlgorithm.Ed25519.Sign(key, data);
    public override byte[] ExportPkcs8PrivateKey() => key.Export(KeyBlobFormat.PkixPrivateKey);
}
