using System.Text.Json;
using System.Text.Json.Nodes;

namespace App.Identities.Schema;

/// <summary>
/// Reads the <c>ory.sh/kratos</c> keyword of a trait. Kratos checks this block against its
/// identity-extension meta-schema (every level closed with additionalProperties:false), so a typo
/// such as "identifer" or via:"phone" is rejected when the schema loads, here too.
/// </summary>
internal static class ExtensionParser
{
    public const string Keyword = "ory.sh/kratos";

    private static readonly string[] Channels = ["email", "sms"];

    public static KratosExtension Parse(JsonNode? node, string pointer)
    {
        var root = Object(node, pointer);
        CheckKeys(root, pointer, "credentials", "verification", "recovery", "organizations");

        bool passwordId = false, webauthnId = false, passkeyName = false, totpName = false, codeId = false;
        string? codeVia = null;
        if (root["credentials"] is { } credentialsNode)
        {
            var p = pointer + "/credentials";
            var credentials = Object(credentialsNode, p);
            CheckKeys(credentials, p, "password", "webauthn", "passkey", "totp", "code");
            passwordId = Flag(credentials, p, "password", "identifier");
            webauthnId = Flag(credentials, p, "webauthn", "identifier");
            passkeyName = Flag(credentials, p, "passkey", "display_name");
            totpName = Flag(credentials, p, "totp", "account_name");
            if (credentials["code"] is { } codeNode)
            {
                var cp = p + "/code";
                var code = Object(codeNode, cp);
                CheckKeys(code, cp, "identifier", "via");
                codeId = Bool(code["identifier"], cp + "/identifier");
                codeVia = OneOf(code["via"], cp + "/via", Channels);
            }
        }

        var verificationVia = Via(root, pointer, "verification");
        var recoveryVia = Via(root, pointer, "recovery");
        if (root["organizations"] is { } orgNode)
        {
            // Organizations (SSO by email domain) are not part of this portal, but the key is valid
            // Kratos, so schemas written for Kratos must still load.
            var op = pointer + "/organizations";
            var org = Object(orgNode, op);
            CheckKeys(org, op, "matcher");
            OneOf(org["matcher"], op + "/matcher", ["email_domain"]);
        }

        return new KratosExtension(passkeyName, webauthnId, passwordId, codeId, codeVia, verificationVia, recoveryVia, totpName);
    }

    // credentials.<method>.<flag>: an object with a single optional boolean.
    private static bool Flag(JsonObject credentials, string pointer, string method, string flag)
    {
        if (credentials[method] is not { } node) return false;
        var p = pointer + "/" + method;
        var obj = Object(node, p);
        CheckKeys(obj, p, flag);
        return Bool(obj[flag], p + "/" + flag);
    }

    private static string? Via(JsonObject root, string pointer, string section)
    {
        if (root[section] is not { } node) return null;
        var p = pointer + "/" + section;
        var obj = Object(node, p);
        CheckKeys(obj, p, "via");
        return OneOf(obj["via"], p + "/via", Channels);
    }

    private static JsonObject Object(JsonNode? node, string pointer) =>
        node as JsonObject ?? throw SchemaException.At(pointer, "must be an object");

    private static void CheckKeys(JsonObject obj, string pointer, params string[] allowed)
    {
        foreach (var (key, _) in obj)
            if (!allowed.Contains(key))
                throw SchemaException.At(pointer, $"unknown key \"{key}\" (allowed: {string.Join(", ", allowed)})");
    }

    private static bool Bool(JsonNode? node, string pointer) => node switch
    {
        null => false,
        JsonValue v when v.GetValueKind() is JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() is JsonValueKind.False => false,
        _ => throw SchemaException.At(pointer, "must be a boolean"),
    };

    private static string? OneOf(JsonNode? node, string pointer, string[] allowed)
    {
        if (node is null) return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String && allowed.Contains(v.GetValue<string>()))
            return v.GetValue<string>();
        throw SchemaException.At(pointer, $"must be one of {string.Join(", ", allowed.Select(a => "\"" + a + "\""))}");
    }
}
