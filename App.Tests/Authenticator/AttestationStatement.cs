using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace App.Tests.Authenticator;

/// <summary>
/// Makes the attestation object an authenticator returns (WebAuthn §6.5.4): "none" (§8.7), "packed"
/// self or with a certificate (§8.2), or "fido-u2f" (§8.6). Keys are written in CTAP2 canonical
/// order. <paramref name="Tampered"/> flips a bit of the statement's signature.
/// </summary>
public abstract record AttestationStatement(bool Tampered = false)
{
    public static AttestationStatement None { get; } = new NoneAttestation();

    /// <summary>Signed with the credential's own key: proves possession, not the model.</summary>
    public static AttestationStatement PackedSelf(bool tampered = false) => new PackedAttestation(null, tampered);

    /// <summary>Signed with an attestation key whose certificate, and its chain up to the root, go in x5c.</summary>
    public static AttestationStatement Packed(X509Certificate2 certificate, IEnumerable<X509Certificate2>? intermediates = null, bool tampered = false) =>
        new PackedAttestation([certificate, .. intermediates ?? []], tampered);

    /// <summary>A U2F security key's statement: one P-256 certificate, and the legacy signed layout.</summary>
    public static AttestationStatement FidoU2f(X509Certificate2 certificate, bool tampered = false) => new FidoU2fAttestation(certificate, tampered);

    public byte[] Make(byte[] authData, byte[] clientDataHash, StoredCredential credential, string rpId)
    {
        var writer = new CborWriter().WriteMapHeader(3).WriteText("fmt").WriteText(Format).WriteText("attStmt");
        WriteStatement(writer, authData, clientDataHash, credential, rpId);
        return writer.WriteText("authData").WriteBytes(authData).ToArray();
    }

    protected abstract string Format { get; }
    protected abstract void WriteStatement(CborWriter writer, byte[] authData, byte[] clientDataHash, StoredCredential credential, string rpId);

    protected byte[] Seal(byte[] signature)
    {
        if (Tampered) signature[^1] ^= 0x01;
        return signature;
    }

    protected static byte[] SignWith(X509Certificate2 certificate, byte[] data) =>
        certificate.GetECDsaPrivateKey()!.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    protected static void WriteX5c(CborWriter writer, IReadOnlyList<X509Certificate2> chain)
    {
        writer.WriteText("x5c").WriteArrayHeader(chain.Count);
        foreach (var certificate in chain) writer.WriteBytes(certificate.RawData);
    }
}

internal sealed record NoneAttestation() : AttestationStatement
{
    protected override string Format => "none";
    protected override void WriteStatement(CborWriter writer, byte[] authData, byte[] clientDataHash, StoredCredential credential, string rpId) =>
        writer.WriteMapHeader(0);
}

internal sealed record PackedAttestation(IReadOnlyList<X509Certificate2>? Chain, bool Tampered) : AttestationStatement(Tampered)
{
    protected override string Format => "packed";

    protected override void WriteStatement(CborWriter writer, byte[] authData, byte[] clientDataHash, StoredCredential credential, string rpId)
    {
        byte[] signed = [.. authData, .. clientDataHash];
        if (Chain is null)
        {
            // §8.2.1 self attestation: alg is the credential's own algorithm.
            writer.WriteMapHeader(2).WriteText("alg").WriteInt(credential.Key.Algorithm)
                .WriteText("sig").WriteBytes(Seal(credential.Key.Sign(signed)));
            return;
        }
        writer.WriteMapHeader(3).WriteText("alg").WriteInt(CredentialKey.Es256)
            .WriteText("sig").WriteBytes(Seal(SignWith(Chain[0], signed)));
        WriteX5c(writer, Chain);
    }
}

internal sealed record FidoU2fAttestation(X509Certificate2 Certificate, bool Tampered) : AttestationStatement(Tampered)
{
    protected override string Format => "fido-u2f";

    protected override void WriteStatement(CborWriter writer, byte[] authData, byte[] clientDataHash, StoredCredential credential, string rpId)
    {
        // §8.6 step 5: 0x00 || rpIdHash || clientDataHash || credentialId || 0x04 || x || y.
        var point = ((Es256Key)credential.Key).Ecdsa.ExportParameters(false).Q;
        byte[] signed = [0x00, .. authData.AsSpan(0, 32), .. clientDataHash, .. credential.Id, 0x04, .. point.X!, .. point.Y!];
        writer.WriteMapHeader(2).WriteText("sig").WriteBytes(Seal(SignWith(Certificate, signed)));
        WriteX5c(writer, [Certificate]);
    }
}
