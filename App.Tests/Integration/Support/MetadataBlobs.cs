using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Tests.Integration.Support;

/// <summary>FIDO MDS3 BLOBs made for tests: entries as the public BLOB writes them, signed by a test root's signer.</summary>
public static class MetadataBlobs
{
    /// <summary>One entry: an authenticator model, its attestation roots, and its latest status.</summary>
    public static JsonObject Entry(Guid aaguid, string description, TestAuthority attestationRoot, string status = "FIDO_CERTIFIED",
        string[]? attestationTypes = null) => new()
    {
        ["aaguid"] = aaguid.ToString(),
        ["metadataStatement"] = new JsonObject
        {
            ["legalHeader"] = "Test metadata, not for production use.",
            ["aaguid"] = aaguid.ToString(),
            ["description"] = description,
            ["authenticatorVersion"] = 1,
            ["protocolFamily"] = "fido2",
            ["schema"] = 3,
            ["upv"] = new JsonArray(new JsonObject { ["major"] = 1, ["minor"] = 1 }),
            ["authenticationAlgorithms"] = new JsonArray("secp256r1_ecdsa_sha256_raw"),
            ["publicKeyAlgAndEncodings"] = new JsonArray("cose"),
            ["attestationTypes"] = new JsonArray((attestationTypes ?? ["basic_full"]).Select(t => (JsonNode)t).ToArray()),
            ["userVerificationDetails"] = new JsonArray(new JsonArray(new JsonObject { ["userVerificationMethod"] = "presence_internal" })),
            ["keyProtection"] = new JsonArray("hardware", "secure_element"),
            ["matcherProtection"] = new JsonArray("on_chip"),
            ["attachmentHint"] = new JsonArray("external", "wired"),
            ["tcDisplay"] = new JsonArray(),
            ["attestationRootCertificates"] = new JsonArray(attestationRoot.RootBase64),
            ["icon"] = "data:image/png;base64,iVBORw0KGgo=",
        },
        ["statusReports"] = new JsonArray(new JsonObject { ["status"] = status, ["effectiveDate"] = "2025-06-01" }),
        ["timeOfLastStatusChange"] = "2025-06-01",
    };

    /// <summary>The BLOB as a compact JWS whose x5c header carries the signer's certificate.</summary>
    public static string Sign(X509Certificate2 signer, params JsonObject[] entries)
    {
        var payload = new JsonObject
        {
            ["legalHeader"] = "Test metadata, not for production use.",
            ["no"] = 7,
            ["nextUpdate"] = DateTime.UtcNow.AddMonths(1).ToString("yyyy-MM-dd"),
            ["entries"] = new JsonArray(entries.Select(e => (JsonNode)e.DeepClone()).ToArray()),
        };
        var credentials = new SigningCredentials(new ECDsaSecurityKey(signer.GetECDsaPrivateKey()), SecurityAlgorithms.EcdsaSha256);
        return new JsonWebTokenHandler().CreateToken(payload.ToJsonString(), credentials,
            new Dictionary<string, object> { ["x5c"] = new[] { Convert.ToBase64String(signer.RawData) } });
    }
}
