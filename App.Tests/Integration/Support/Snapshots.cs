using System.Text.Json.Nodes;

namespace App.Tests.Integration.Support;

/// <summary>
/// Kratos v26.2.0's own expected node lists (ui-snapshots, copied into Integration/Snapshots) and
/// the comparison: only values that differ per request or per deployment are normalised.
/// </summary>
public static class Snapshots
{
    /// <summary>A snapshot's nodes; some Kratos snapshots hold a single node rather than a list.</summary>
    public static List<JsonObject> Load(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Integration", "Snapshots", file);
        return JsonNode.Parse(File.ReadAllText(path)) switch
        {
            JsonArray nodes => nodes.Select(n => n!.AsObject()).ToList(),
            JsonObject node => [node],
            _ => throw new InvalidDataException($"{file} holds no nodes."),
        };
    }

    public static void AssertSameNodes(IEnumerable<JsonObject> expected, IEnumerable<JsonObject> actual)
    {
        var want = expected.Select(Normalise).ToDictionary(Key);
        var got = actual.Select(Normalise).ToDictionary(Key);
        Assert.Equal(want.Keys.Order(), got.Keys.Order());
        foreach (var (key, node) in want)
            Assert.True(JsonNode.DeepEquals(node, got[key]),
                $"Node {key} differs.\nKratos: {node.ToJsonString()}\nOurs:   {got[key].ToJsonString()}");
    }

    /// <summary>Drops only what is per request or per deployment: tokens, WebAuthn options, the script's address and hash.</summary>
    private static JsonObject Normalise(JsonObject node)
    {
        var copy = node.DeepClone().AsObject();
        var attributes = copy["attributes"]!.AsObject();
        switch (Name(copy))
        {
            case "csrf_token" or "passkey_challenge" or "passkey_create_data":
                attributes.Remove("value");
                break;
            // Kratos's webauthn triggers carry the ceremony's options in their value and onclick call.
            case "webauthn_login_trigger" or "webauthn_register_trigger":
                attributes.Remove("value");
                attributes.Remove("onclick");
                break;
            case "identifier":
                copy["meta"]!.AsObject().Remove("label");
                break;
        }
        if (copy["type"]!.GetValue<string>() == "script")
        {
            attributes.Remove("src");
            attributes.Remove("integrity");
        }
        return copy;
    }

    /// <summary>Group and name, and the input type: a flow may carry a hidden <c>method</c> and a <c>method</c> button side by side.</summary>
    public static string Key(JsonObject node) =>
        node["group"]!.GetValue<string>() + "/" + (Name(node) ?? node["attributes"]!["id"]?.GetValue<string>() ?? node["type"]!.GetValue<string>())
        + (node["attributes"]?["type"]?.GetValue<string>() is { } type ? "/" + type : "");

    public static string? Name(JsonObject node) => node["attributes"]?["name"]?.GetValue<string>();
}
