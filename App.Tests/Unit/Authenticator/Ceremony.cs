using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using Xunit;

namespace App.Tests.Unit.Authenticator;

/// <summary>Builds server-style options JSON and takes the authenticator's answers apart.</summary>
internal static class Ceremony
{
    public const string Origin = "https://localhost:5001";
    public const string RpId = "localhost";

    public static byte[] Challenge { get; } = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public static string CreationOptions(
        byte[]? userId = null, string? rpId = RpId, IEnumerable<byte[]>? exclude = null, int[]? algorithms = null)
    {
        var rp = new JsonObject { ["name"] = "Test" };
        if (rpId is not null) rp["id"] = rpId;
        var publicKey = new JsonObject
        {
            ["rp"] = rp,
            ["user"] = new JsonObject
            {
                ["id"] = Base64Url.Encode(userId ?? "user-1"u8.ToArray()),
                ["name"] = "alice@example.com",
                ["displayName"] = "Alice",
            },
            ["challenge"] = Base64Url.Encode(Challenge),
            ["pubKeyCredParams"] = new JsonArray((algorithms ?? [-7, -257])
                .Select(a => (JsonNode)new JsonObject { ["type"] = "public-key", ["alg"] = a }).ToArray()),
            ["excludeCredentials"] = Descriptors(exclude),
        };
        return new JsonObject { ["publicKey"] = publicKey }.ToJsonString();
    }

    public static string RequestOptions(IEnumerable<byte[]>? allow = null, string? rpId = RpId)
    {
        var publicKey = new JsonObject
        {
            ["challenge"] = Base64Url.Encode(Challenge),
            ["allowCredentials"] = Descriptors(allow),
            ["userVerification"] = "preferred",
        };
        if (rpId is not null) publicKey["rpId"] = rpId;
        return new JsonObject { ["publicKey"] = publicKey }.ToJsonString();
    }

    private static JsonArray Descriptors(IEnumerable<byte[]>? ids) =>
        new((ids ?? []).Select(id => (JsonNode)new JsonObject { ["type"] = "public-key", ["id"] = Base64Url.Encode(id) }).ToArray());

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();

    public static byte[] Field(JsonElement credential, string name) =>
        Base64Url.Decode(credential.GetProperty("response").GetProperty(name).GetString()!);

    public static string ClientDataText(JsonElement credential) =>
        System.Text.Encoding.UTF8.GetString(Field(credential, "clientDataJSON"));

    public static CborMap AttestationObject(JsonElement credential) =>
        (CborMap)CborReader.Decode(Field(credential, "attestationObject"))!;

    public static byte[] AuthData(CborMap attestationObject) => (byte[])attestationObject["authData"]!;

    public static AuthenticatorFlags Flags(byte[] authData) => (AuthenticatorFlags)authData[32];

    public static uint SignCount(byte[] authData) => BinaryPrimitives.ReadUInt32BigEndian(authData.AsSpan(33, 4));

    /// <summary>Splits attested credential data (§6.5.1) into credential id and the decoded COSE key.</summary>
    public static (Guid Aaguid, byte[] CredentialId, CborMap CoseKey) Attested(byte[] authData)
    {
        var aaguid = new Guid(authData.AsSpan(37, 16), bigEndian: true);
        var idLength = BinaryPrimitives.ReadUInt16BigEndian(authData.AsSpan(53, 2));
        var credentialId = authData.AsSpan(55, idLength).ToArray();
        var coseKey = (CborMap)CborReader.Decode(authData, 55 + idLength, out var consumed)!;
        Assert.Equal(authData.Length, 55 + idLength + consumed);
        return (aaguid, credentialId, coseKey);
    }

    /// <summary>The RP's side of §7.2 step 20: verify over authData || SHA-256(clientDataJSON).</summary>
    public static bool Verifies(CborMap coseKey, JsonElement assertion)
    {
        using var key = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = (byte[])coseKey[-2]!, Y = (byte[])coseKey[-3]! },
        });
        byte[] signed = [.. Field(assertion, "authenticatorData"), .. SHA256.HashData(Field(assertion, "clientDataJSON"))];
        return key.VerifyData(signed, Field(assertion, "signature"), HashAlgorithmName.SHA256,
            DSASignatureFormat.Rfc3279DerSequence);
    }
}
