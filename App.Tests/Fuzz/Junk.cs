using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace App.Tests.Fuzz;

/// <summary>The raw material of bad input: strings, JSON values and bytes that a careless or hostile client sends.</summary>
public static class Junk
{
    private static readonly string[] Tricky =
    [
        "", " ", "null", "true", "0", "-1", "1e99999", "NaN", "%%%", "%zz", "%C3%28", "%00", "../../../etc/passwd",
        "' OR 1=1 --", "<script>alert(1)</script>", "javascript:alert(1)", "http://evil.example/", "//evil.example",
        "https://localhost@evil.example/", "\u0000", "\u202e", "\ud800", "é", "👍", "a@example.com", "ory_st_", "ory_ht_",
        "00000000-0000-0000-0000-000000000000", "{}", "[]", "\"", "\\", "\r\n", "passkey", "code", "webauthn", "lookup_secret",
        "profile", "password", "browser", "api", "aal2", "aal1", "AAAA", "-_-_", "A===", "++//",
    ];

    /// <summary>Short strings over a wide alphabet, the tricky ones above, and huge ones.</summary>
    public static readonly Gen<string> String = Gen.Frequency(
        (4, Gen.String[Gen.Char.AlphaNumeric, 0, 40]),
        (3, Gen.OneOf(Tricky)),
        (2, Gen.String[Gen.Char[(char)0, (char)0x2FF], 0, 30]),
        (1, Gen.Select(Gen.Char.AlphaNumeric, Gen.Int[1_000, 200_000], (c, n) => new string(c, n))));

    /// <summary>A string safe in a header value once encoded as Latin-1 (no CR, LF or NUL), sometimes huge.</summary>
    public static readonly Gen<string> HeaderValue = Gen.Frequency(
        (10, Gen.String[Gen.Char[(char)0x20, (char)0x7E], 0, 60]),
        (3, Gen.OneOf(Tricky).Select(s => new string(s.Where(c => c is >= ' ' and <= (char)0xFF and not (char)0x7F).ToArray()))),
        (1, Gen.String[Gen.Char[(char)0x80, (char)0xFF], 1, 20]),
        (1, Gen.Int[4_000, 24_000].Select(n => new string('h', n))));

    /// <summary>A value for a query parameter, already escaped (or deliberately badly escaped).</summary>
    public static readonly Gen<string> QueryValue = Gen.Frequency(
        (4, String.Select(s => Uri.EscapeDataString(s.Length > 6_000 ? s[..6_000] : s))),
        (1, Gen.OneOf("%", "%%", "%zz", "%C3%28", "%FF%FE", "a%00b", "&&&", "=", "#", "+")),
        (1, Gen.Guid.Select(g => g.ToString())));

    private static readonly Gen<JsonNode?> Scalar = Gen.Frequency(
        (4, String.Select(s => (JsonNode?)JsonValue.Create(s))),
        (1, Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l))),
        (1, Gen.Double.Select(d => double.IsFinite(d) ? (JsonNode?)JsonValue.Create(d) : null)),
        (1, Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b))),
        (1, Gen.Const(() => (JsonNode?)null)));

    /// <summary>JSON values of every type, nested a little, or nested very deeply.</summary>
    public static readonly Gen<JsonNode?> Json = Gen.Recursive<JsonNode?>((depth, inner) => depth > 3
        ? Scalar
        : Gen.Frequency(
            (6, Scalar),
            (1, inner.Array[0, 4].Select(items => (JsonNode?)new JsonArray(items.Select(i => i?.DeepClone()).ToArray()))),
            (1, Gen.Select(String.Array[0, 4], inner.Array[4], (keys, values) =>
            {
                var o = new JsonObject();
                for (var i = 0; i < keys.Length; i++) o[keys[i].Length > 100 ? keys[i][..100] : keys[i]] = values[i]?.DeepClone();
                return (JsonNode?)o;
            })),
            (1, Gen.Int[100, 3_000].Select(d => JsonNode.Parse(Nested(Math.Min(d, 60))))))); // deeper ones are raw text below

    /// <summary>Text that is not what its content type claims: deep nesting, cut short, duplicate keys, random bytes.</summary>
    public static readonly Gen<byte[]> RawBody = Gen.Frequency(
        (1, Gen.Int[100, 100_000].Select(d => Encoding.UTF8.GetBytes(Nested(d)))),
        (1, Gen.Int[100, 100_000].Select(d => Encoding.UTF8.GetBytes(new string('[', d) + new string(']', d)))),
        (1, Gen.Byte.Array[0, 2_000]),
        (1, Gen.OneOf("{", "{\"method\":", "{\"method\":\"pass", "[", "\"", "{\"a\":1,\"a\":2}", "{\"method\":\"passkey\",\"method\":\"code\"}",
            "{\"__proto__\":{}}", "1e99999", "{\"traits\":{\"email\":1e400}}").Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Byte.Array[1, 40].Select(b => (byte[])[.. "{\"identifier\":\""u8, .. b.Select(x => (byte)(x | 0x80)), .. "\"}"u8])));

    public static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
}
