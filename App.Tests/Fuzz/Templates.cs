using System.Text.Json.Nodes;

namespace App.Tests.Fuzz;

/// <summary>
/// Well-formed submissions of each flow, one per method it offers, as a starting point for damage.
/// <c>$csrf</c>, <c>$cred</c>, <c>$email</c>, <c>$new</c> and <c>$hex</c> are filled in when a case runs.
/// </summary>
public static class Templates
{
    private static readonly Dictionary<string, string[]> ByKind = new()
    {
        ["login"] =
        [
            """{"method":"passkey","csrf_token":"$csrf","passkey_login":"$cred"}""",
            """{"method":"passkey","csrf_token":"$csrf","identifier":"$email"}""",
            """{"method":"code","csrf_token":"$csrf","identifier":"$email"}""",
            """{"method":"code","csrf_token":"$csrf","identifier":"$email","code":"123456"}""",
            """{"method":"code","csrf_token":"$csrf","identifier":"$email","resend":"code"}""",
            """{"method":"lookup_secret","csrf_token":"$csrf","identifier":"$email","lookup_secret":"abcd1234"}""",
            """{"method":"password","csrf_token":"$csrf","identifier":"$email","password":"not it"}""",
            """{"method":"webauthn","csrf_token":"$csrf","webauthn_login":"$cred"}""",
        ],
        ["registration"] =
        [
            """{"method":"passkey","csrf_token":"$csrf","traits":{"email":"$new"},"passkey_register":"$cred"}""",
            """{"method":"passkey","csrf_token":"$csrf","traits":{"email":"$new"}}""",
            """{"method":"profile","csrf_token":"$csrf","traits":{"email":"$new"}}""",
            """{"method":"code","csrf_token":"$csrf","traits":{"email":"$new"}}""",
            """{"method":"password","csrf_token":"$csrf","traits":{"email":"$new"},"password":"a long new password"}""",
        ],
        ["settings"] =
        [
            """{"method":"passkey","csrf_token":"$csrf","passkey_settings_register":"$cred"}""",
            """{"method":"passkey","csrf_token":"$csrf","passkey_remove":"$hex"}""",
            """{"method":"profile","csrf_token":"$csrf","traits":{"email":"$new"}}""",
            """{"method":"lookup_secret","csrf_token":"$csrf","lookup_secret_regenerate":true}""",
            """{"method":"lookup_secret","csrf_token":"$csrf","lookup_secret_confirm":true}""",
            """{"method":"lookup_secret","csrf_token":"$csrf","lookup_secret_reveal":true}""",
            """{"method":"lookup_secret","csrf_token":"$csrf","lookup_secret_disable":true}""",
            """{"method":"webauthn","csrf_token":"$csrf","webauthn_register":"$cred","webauthn_register_displayname":"Key"}""",
            """{"method":"webauthn","csrf_token":"$csrf","webauthn_remove":"$hex"}""",
            """{"method":"password","csrf_token":"$csrf","password":"a long new password"}""",
        ],
        ["recovery"] =
        [
            """{"method":"code","csrf_token":"$csrf","email":"$email"}""",
            """{"method":"code","csrf_token":"$csrf","code":"123456"}""",
            """{"method":"link","csrf_token":"$csrf","email":"$email"}""",
        ],
        ["verification"] =
        [
            """{"method":"code","csrf_token":"$csrf","email":"$email"}""",
            """{"method":"code","csrf_token":"$csrf","code":"123456"}""",
            """{"method":"link","csrf_token":"$csrf","email":"$email"}""",
        ],
        ["admin"] =
        [
            """{"traits":{"email":"$new"}}""",
            """{"traits":{"email":"$new"},"schema_id":"default","state":"active","metadata_public":{},"metadata_admin":{}}""",
            """{"traits":{"email":"$new"},"credentials":{"password":{"config":{"password":"a long password"}}}}""",
            """{"identity_id":"$identity","reason":"Lost phone, verified by video call","expires_in":"1h"}""",
            """[{"op":"replace","path":"/state","value":"inactive"}]""",
            """[{"op":"add","path":"/metadata_public","value":{"a":1}}]""",
            """{"session_token":"$token"}""",
            """{}""",
        ],
    };

    public static string For(string kind, int index)
    {
        var list = ByKind.TryGetValue(kind, out var found) ? found : ByKind["admin"];
        return list[index % list.Length];
    }

    /// <summary>Fills the placeholders (as JSON string contents) and parses the result.</summary>
    public static JsonNode Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (name, value) in values)
            template = template.Replace(name, System.Text.Json.JsonEncodedText.Encode(value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString());
        return JsonNode.Parse(template)!;
    }
}
