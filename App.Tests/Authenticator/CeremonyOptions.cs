using System.Text.Json;

namespace App.Tests.Authenticator;

/// <summary>
/// The parts of PublicKeyCredentialCreationOptionsJSON / RequestOptionsJSON (WebAuthn L3 §5.4, §5.5)
/// the authenticator needs, tolerant of the wrappers different servers put around them.
/// </summary>
internal sealed class CeremonyOptions
{
    public string? RpId { get; private init; }
    public byte[] Challenge { get; private init; } = [];
    public byte[]? UserId { get; private init; }
    public IReadOnlyList<long> Algorithms { get; private init; } = [];
    public IReadOnlyList<byte[]> AllowCredentials { get; private init; } = [];
    public IReadOnlyList<byte[]> ExcludeCredentials { get; private init; } = [];

    public static CeremonyOptions Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;

        // A page may hand us the options as a JSON string inside an attribute (Kratos does).
        if (root.ValueKind == JsonValueKind.String) return Parse(root.GetString()!);

        // Kratos passkey_create_data: {"credentialOptions":{"publicKey":{...}}};
        // navigator.credentials argument shape: {"publicKey":{...}}; otherwise the bare object.
        if (TryObject(root, "credentialOptions", out var inner)) root = inner;
        if (TryObject(root, "publicKey", out inner)) root = inner;

        var challenge = root.TryGetProperty("challenge", out var c) && c.ValueKind == JsonValueKind.String
            ? Base64Url.Decode(c.GetString()!)
            : throw new FormatException("Options have no challenge.");

        string? rpId = null;
        if (TryObject(root, "rp", out var rp) && TryString(rp, "id", out var rpIdFromRp)) rpId = rpIdFromRp;
        else if (TryString(root, "rpId", out var rpIdPlain)) rpId = rpIdPlain;

        byte[]? userId = null;
        if (TryObject(root, "user", out var user) && TryString(user, "id", out var userIdText))
            userId = Base64Url.Decode(userIdText);

        var algorithms = new List<long>();
        if (root.TryGetProperty("pubKeyCredParams", out var parameters) && parameters.ValueKind == JsonValueKind.Array)
        {
            foreach (var p in parameters.EnumerateArray())
                if (p.TryGetProperty("alg", out var alg) && alg.TryGetInt64(out var value)) algorithms.Add(value);
        }

        return new CeremonyOptions
        {
            RpId = string.IsNullOrEmpty(rpId) ? null : rpId,
            Challenge = challenge,
            UserId = userId,
            Algorithms = algorithms,
            AllowCredentials = DescriptorIds(root, "allowCredentials"),
            ExcludeCredentials = DescriptorIds(root, "excludeCredentials"),
        };
    }

    private static List<byte[]> DescriptorIds(JsonElement root, string name)
    {
        var ids = new List<byte[]>();
        if (!root.TryGetProperty(name, out var list) || list.ValueKind != JsonValueKind.Array) return ids;
        foreach (var descriptor in list.EnumerateArray())
            if (TryString(descriptor, "id", out var id)) ids.Add(Base64Url.Decode(id));
        return ids;
    }

    private static bool TryObject(JsonElement parent, string name, out JsonElement value)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out value)
            && value.ValueKind == JsonValueKind.Object)
            return true;
        value = default;
        return false;
    }

    private static bool TryString(JsonElement parent, string name, out string value)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var element)
            && element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString()!;
            return true;
        }
        value = "";
        return false;
    }
}
