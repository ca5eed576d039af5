using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Fido2NetLib;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Ceremonies.Attestation;

/// <summary>
/// Reads a FIDO Metadata Service BLOB from disk: a JWS whose x5c chain must end in the given root
/// (https://fidoalliance.org/specs/mds/fido-metadata-service-v3.0-ps-20210518.html#metadata-blob-object-processing-rules).
/// Fido2's own BLOB reader fetches over HTTP and trusts only the public root, so an offline portal,
/// or an organisation with its own metadata service, could use neither.
/// </summary>
public static class MetadataBlob
{
    /// <summary>The public MDS3 BLOB is a few megabytes; this leaves room for growth and refuses a runaway file.</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256];

    /// <summary>The payload, or a <see cref="FormatException"/> that says what is wrong, never a half-trusted result.</summary>
    public static async Task<MetadataBLOBPayload> ReadAsync(string jws, X509Certificate2 root)
    {
        JsonWebToken token;
        try { token = new JsonWebToken(jws.Trim()); }
        catch (ArgumentException e) { throw new FormatException("The file is not a metadata BLOB (a signed JWT): " + e.Message, e); }

        var chain = ReadX5c(token);
        var validation = await new JsonWebTokenHandler { MaximumTokenSizeInBytes = MaxBytes }.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = SigningKey(chain[0]),
            ValidAlgorithms = Algorithms,
            ValidateIssuer = false,
            ValidateAudience = false,
            // MDS3 has no exp; freshness is nextUpdate in the payload.
            ValidateLifetime = false,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
        });
        if (!validation.IsValid)
            throw new FormatException("The BLOB's signature does not verify with the certificate in its header: " + validation.Exception?.Message);
        CheckChain(chain, root);

        var payload = Base64UrlEncoder.DecodeBytes(token.EncodedPayload);
        try
        {
            return JsonSerializer.Deserialize<MetadataBLOBPayload>(payload)
                ?? throw new FormatException("The BLOB's payload is empty.");
        }
        catch (JsonException e) { throw new FormatException("The BLOB's payload is not a metadata payload: " + e.Message, e); }
    }

    /// <summary>The certificate's public key as IdentityModel verifies with it; the public BLOB is signed with RSA, others with ECDSA.</summary>
    private static SecurityKey SigningKey(X509Certificate2 certificate) =>
        certificate.GetECDsaPublicKey() is { } ec ? new ECDsaSecurityKey(ec)
        : certificate.GetRSAPublicKey() is { } rsa ? new RsaSecurityKey(rsa)
        : throw new FormatException("The BLOB's signing certificate has neither an RSA nor an ECDSA key.");

    private static X509Certificate2[] ReadX5c(JsonWebToken token)
    {
        if (!token.TryGetHeaderValue<List<string>>("x5c", out var x5c) || x5c is not { Count: > 0 })
            throw new FormatException("The BLOB's header has no x5c certificate chain.");
        try { return x5c.Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c))).ToArray(); }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new FormatException("A certificate in the BLOB's x5c chain cannot be read.", e);
        }
    }

    /// <summary>
    /// The signing certificate must chain to the configured root and no other. Revocation is not
    /// checked: the portal reads the BLOB offline, and the BLOB's own entries carry what is revoked.
    /// </summary>
    private static void CheckChain(X509Certificate2[] chain, X509Certificate2 root)
    {
        using var builder = new X509Chain();
        builder.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        builder.ChainPolicy.CustomTrustStore.Add(root);
        builder.ChainPolicy.ExtraStore.AddRange(chain[1..]);
        builder.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!builder.Build(chain[0]))
            throw new FormatException("The BLOB's signing certificate does not chain to the metadata root (" + root.Subject + "): "
                + string.Join("; ", builder.ChainStatus.Select(s => s.StatusInformation.Trim())));
    }
}
