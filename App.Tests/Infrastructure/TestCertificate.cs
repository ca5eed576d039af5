using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace App.Tests.Infrastructure;

/// <summary>
/// A self-signed server certificate made in the test run, so TLS is real and no system trusts it.
/// It names <see cref="HostName"/> only, not 127.0.0.1, so a client checking the name has to be
/// told which name to expect.
/// </summary>
public static class TestCertificate
{
    public const string HostName = "mail.portal.test";

    private static readonly Lazy<X509Certificate2> Shared = new(Create);

    public static X509Certificate2 Instance => Shared.Value;

    private static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={HostName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(HostName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // server auth
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        // An ephemeral key cannot serve TLS on every platform; a round trip through PKCS#12 gives one that can.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
