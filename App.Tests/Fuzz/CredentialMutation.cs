using System.Text.Json.Nodes;
using App.Tests.Authenticator;
using CsCheck;

namespace App.Tests.Fuzz;

/// <summary>What to do to one member of a genuine credential's JSON (PublicKeyCredential.toJSON()).</summary>
public enum CredentialDamage
{
    None, Truncate, FlipByte, InsertBytes, RandomBytes, BadBase64Url, WrongType, Remove, DeepCbor, HugeCborLength, Duplicate, AsObject,
}

/// <summary>
/// One mutation of a genuine credential: a member (by path, such as <c>response.attestationObject</c>), a damage,
/// and the numbers it needs. Applied to the credential the software authenticator made for the case's own flow.
/// </summary>
public sealed record CredentialMutation(string Member, CredentialDamage Damage, int Position, byte[] Bytes, JsonNode? Value)
{
    private static readonly string[] Members =
    [
        "id", "rawId", "type", "authenticatorAttachment", "clientExtensionResults", "response",
        "response.clientDataJSON", "response.attestationObject", "response.authenticatorData", "response.signature",
        "response.userHandle", "response.transports", "response.publicKey", "response.publicKeyAlgorithm",
    ];

    /// <summary>Members the signature covers, or that name the credential: any change to them must fail a sign-in.</summary>
    private static readonly string[] Signed = ["response.clientDataJSON", "response.authenticatorData", "response.signature"];

    public static readonly Gen<CredentialMutation> All = Gen.Select(
        Gen.OneOf(Members), Gen.Enum<CredentialDamage>(), Gen.Int[0, 4_000], Gen.Byte.Array[1, 16], Junk.Json,
        (member, damage, position, bytes, value) => new CredentialMutation(member, damage, position, bytes, value));

    /// <summary>True when a sign-in with the damaged assertion cannot be genuine, whatever the portal makes of it.</summary>
    public bool BreaksAssertion(string original, string damaged) =>
        Damage != CredentialDamage.None && Signed.Contains(Member) && original != damaged;

    public string Apply(string credentialJson)
    {
        // An earlier damage may have left duplicate keys, which the node model cannot hold: leave it as it is.
        try { return Damaged(credentialJson); }
        catch (Exception e) when (e is ArgumentException or System.Text.Json.JsonException or InvalidOperationException) { return credentialJson; }
    }

    private string Damaged(string credentialJson)
    {
        if (Damage == CredentialDamage.None) return credentialJson;
        var root = JsonNode.Parse(credentialJson)!.AsObject();
        var path = Member.Split('.');
        var parent = path.Length == 1 ? root : root[path[0]] as JsonObject;
        if (parent is null) return credentialJson;
        var name = path[^1];
        var current = parent[name];
        switch (Damage)
        {
            case CredentialDamage.Remove: parent.Remove(name); break;
            case CredentialDamage.WrongType: parent[name] = Value?.DeepClone(); break;
            case CredentialDamage.AsObject: parent[name] = new JsonObject { ["value"] = current?.DeepClone() }; break;
            case CredentialDamage.BadBase64Url: parent[name] = Text(current) is { } t ? Insert(t, Position, "+/=%. ") : "%%"; break;
            case CredentialDamage.Duplicate:
                return credentialJson.Replace("\"" + name + "\":", "\"" + name + "\":null,\"" + name + "\":");
            default:
                if (Text(current) is not { } text) return credentialJson;
                byte[] raw;
                try { raw = Base64Url.Decode(text); } catch (FormatException) { return credentialJson; }
                parent[name] = Base64Url.Encode(Damaged(raw));
                break;
        }
        return root.ToJsonString();
    }

    private byte[] Damaged(byte[] raw) => Damage switch
    {
        CredentialDamage.Truncate => raw[..(raw.Length == 0 ? 0 : Position % raw.Length)],
        CredentialDamage.FlipByte when raw.Length > 0 => Flip(raw, Position % raw.Length, (byte)(Bytes[0] | 1)),
        CredentialDamage.InsertBytes => [.. raw[..(raw.Length == 0 ? 0 : Position % raw.Length)], .. Bytes, .. raw[(raw.Length == 0 ? 0 : Position % raw.Length)..]],
        CredentialDamage.RandomBytes => [.. Bytes, .. Bytes, .. Bytes],
        // CBOR arrays of one element inside each other, far deeper than any reader should follow.
        CredentialDamage.DeepCbor => [.. Enumerable.Repeat((byte)0x81, 1_000 + Position * 10), 0x00],
        // A byte string announcing 2^64-1 bytes that never come.
        CredentialDamage.HugeCborLength => [0xA1, 0x63, (byte)'f', (byte)'m', (byte)'t', 0x5B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, .. Bytes],
        _ => raw,
    };

    private static byte[] Flip(byte[] raw, int at, byte mask)
    {
        var copy = (byte[])raw.Clone();
        copy[at] ^= mask;
        return copy;
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Insert(string text, int position, string what) => text.Insert(text.Length == 0 ? 0 : position % text.Length, what);

    public override string ToString() => $"{Damage} {Member} @{Position} [{Convert.ToHexString(Bytes)}] {(Value?.ToJsonString() is { } v ? v[..Math.Min(v.Length, 60)] : "null")}";
}
