using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace App.Tests.Integration.Support;

/// <summary>
/// A certificate authority made for a test: a root, and the certificates it issues to attestation
/// keys (WebAuthn §8.2.1 packed requirements, §8.6 fido-u2f) and to metadata BLOB signers.
/// </summary>
public sealed class TestAuthority
{
    /// <summary>id-fido-gen-ce-aaguid: the AAGUID an attestation certificate vouches for.</summary>
    private const string AaguidExtension = "1.3.6.1.4.1.45724.1.1.4";

    private TestAuthority(X509Certificate2 root) => Root = root;

    public X509Certificate2 Root { get; }
    public string RootBase64 => Convert.ToBase64String(Root.RawData);
    public string RootPem => Root.ExportCertificatePem();

    public static TestAuthority Create(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=Test Vendor, C=US", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return new TestAuthority(request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5)));
    }

    /// <summary>A packed attestation certificate: OU "Authenticator Attestation", not a CA, naming the AAGUID when given.</summary>
    public X509Certificate2 IssueAttestation(Guid? aaguid, string model = "Test Key")
    {
        var subject = $"CN={model}, OU=Authenticator Attestation, O=Test Vendor, C=US";
        return Issue(subject, request =>
        {
            if (aaguid is not { } id) return;
            var value = new AsnWriter(AsnEncodingRules.DER);
            value.WriteOctetString(id.ToByteArray(bigEndian: true));
            request.CertificateExtensions.Add(new X509Extension(AaguidExtension, value.Encode(), false));
        });
    }

    /// <summary>A U2F key's attestation certificate: any subject, a P-256 key.</summary>
    public X509Certificate2 IssueU2f() => Issue("CN=Test U2F Key, O=Test Vendor, C=US", _ => { });

    /// <summary>The certificate that signs a metadata BLOB.</summary>
    public X509Certificate2 IssueSigner() => Issue("CN=Test Metadata Signer, O=Test Vendor, C=US", request =>
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true)));

    private X509Certificate2 Issue(string subject, Action<CertificateRequest> extend)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        extend(request);
        using var issued = request.Create(Root, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2), RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }
}
