using System.Text.Json.Nodes;
using CsCheck;

namespace App.Tests.Fuzz;

/// <summary>Where a case sends its request.</summary>
public enum Aim { Route, Flow, FlowGet, Ceremony, UnknownPath }

/// <summary>How the body goes on the wire.</summary>
public enum BodyEncoding { Json, Form, DuplicateKeys, Truncated, InvalidUtf8, Raw, Empty, Multipart }

/// <summary>
/// One fuzz case, as plain data so CsCheck can print it and replay it from its seed. What the numbers point at
/// (a route, a flow, a template) is looked up when the case runs, modulo the lists of the world.
/// </summary>
public sealed record FuzzCase(
    Aim Aim, int Target, int Method, bool AdminListener, string[] PathValues, int Template, Ceremony Ceremony, bool Api,
    CredentialMutation[] Damage, (string Member, JsonNode? Value, bool Remove)[] Edits, BodyEncoding Encoding, byte[] Raw, int Cut,
    string? ContentType, (string Name, string Value)[] Headers, (string Name, string Value)[] Query)
{
    /// <summary>Marks a value the runner replaces with a genuine one: the flow's cookies, a session token, the admin key…</summary>
    public const char Genuine = '\u0001';

    private static readonly string[] Members =
    [
        "method", "csrf_token", "identifier", "traits", "traits.email", "passkey_login", "passkey_register", "passkey_settings_register",
        "passkey_remove", "webauthn_login", "webauthn_register", "webauthn_register_displayname", "webauthn_remove", "code", "email",
        "password", "lookup_secret", "lookup_secret_regenerate", "lookup_secret_confirm", "lookup_secret_reveal", "lookup_secret_disable",
        "resend", "transient_payload", "session_token", "reason", "identity_id", "expires_in", "state", "schema_id", "metadata_admin",
        "metadata_public", "credentials", "verifiable_addresses", "op", "path", "value", "passkey_create_data", "upstream_parameters",
    ];

    private static readonly string[] HeaderNames =
    [
        "Cookie", "Accept", "Origin", "X-Session-Token", "Authorization", "X-CSRF-Token", "Referer", "Accept-Language",
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Host", "User-Agent", "Sec-Fetch-Site", "X-Fuzz-Huge",
    ];

    private static readonly string[] QueryNames =
    [
        "flow", "id", "return_to", "token", "code", "refresh", "aal", "page_size", "page_token", "per_page", "page", "via",
        "identity_id", "credentials_identifier", "preview_credentials_identifier_similar", "active", "expand", "status", "type",
        "recipient", "link", "login_challenge", "lang", "include_credential", "ids", "state",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "multipart/form-data",
        "text/plain", "application/xml", "application/json; charset=latin1", "application/json; charset=utf-16",
        "application/merge-patch+json", "application/json-patch+json", "*/*", ";;;", "application/", "text/html; charset=\"",
    ];

    private static readonly Gen<(string, string)> Header = Gen.Select(Gen.OneOf(HeaderNames), Gen.Frequency(
        (3, Junk.HeaderValue),
        (2, Gen.OneOf(Genuine + "cookies", Genuine + "token", Genuine + "key", Genuine + "csrf", Genuine + "origin", "application/json", "text/html", "*/*"))),
        (name, value) => (name, value));

    private static readonly Gen<(string, string)> QueryPair = Gen.Select(Gen.OneOf(QueryNames), Gen.Frequency(
        (3, Junk.QueryValue), (1, Gen.OneOf(Genuine + "flow", Genuine + "identity", "http%3A%2F%2Flocalhost%3A4455%2Fwelcome", "true", "aal2"))),
        (name, value) => (name, value));

    private static readonly Gen<(string, JsonNode?, bool)> Edit = Gen.Select(
        Gen.Frequency((5, Gen.OneOf(Members)), (1, Junk.String.Select(s => s.Length > 50 ? s[..50] : s))), Junk.Json, Gen.Int[0, 5],
        (member, value, remove) => (member, value, remove == 0));

    private static readonly Gen<string> PathValue = Gen.Frequency(
        (3, Gen.Const(Genuine + "identity")), (2, Gen.Guid.Select(g => g.ToString())), (1, Gen.OneOf("password", "passkey", "webauthn", "code", "lookup_secret")),
        (2, Junk.QueryValue));

    public static readonly Gen<FuzzCase> All = Gen.Select(
        Gen.Frequency((5, Gen.Const(Aim.Route)), (6, Gen.Const(Aim.Flow)), (1, Gen.Const(Aim.FlowGet)),
            (3, Gen.Const(Aim.Ceremony)), (1, Gen.Const(Aim.UnknownPath))),
        Gen.Int[0, 1_000_000], Gen.Int[0, 20], Gen.Bool, PathValue.Array[2], Gen.Int[0, 100], Gen.Enum<Ceremony>(), Gen.Bool)
        .SelectMany(a => Gen.Select(
            CredentialMutation.All.Array[1, 3], Edit.Array[0, 4],
            Gen.Frequency((8, Gen.Const(BodyEncoding.Json)), (3, Gen.Enum<BodyEncoding>())),
            Junk.RawBody, Gen.Int[0, 5_000],
            Gen.Frequency((6, Gen.Const(() => (string?)null)), (2, Gen.OneOf(ContentTypes).Select(c => (string?)c)), (1, Junk.HeaderValue.Select(c => (string?)c))),
            Header.Array[0, 4], QueryPair.Array[0, 3])
            .Select(b => new FuzzCase(a.Item1, a.Item2, a.Item3, a.Item4, a.Item5, a.Item6, a.Item7, a.Item8,
                b.Item1, b.Item2, b.Item3, b.Item4, b.Item5, b.Item6, b.Item7, b.Item8)));

    public override string ToString()
    {
        static string Short(string s) => s.Length > 80 ? s[..80] + $"…({s.Length})" : s;
        return $"{Aim} target={Target} method={Method} admin={AdminListener} paths=[{string.Join(",", PathValues.Select(Short))}] template={Template} "
            + $"ceremony={Ceremony} api={Api} damage=[{string.Join("; ", Damage.Select(d => d.ToString()))}] "
            + $"edits=[{string.Join("; ", Edits.Select(e => $"{Short(e.Member)}={(e.Remove ? "(removed)" : Short(e.Value?.ToJsonString() ?? "null"))}"))}] "
            + $"encoding={Encoding} raw={Raw.Length}B cut={Cut} content-type={ContentType} "
            + $"headers=[{string.Join("; ", Headers.Select(h => $"{h.Name}: {Short(h.Value)}"))}] query=[{string.Join("&", Query.Select(q => $"{q.Name}={Short(q.Value)}"))}]";
    }
}
