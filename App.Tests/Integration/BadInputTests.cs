using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Junk sent to every self-service and session endpoint is answered with a 4xx and either Kratos's
/// error JSON or a flow: never a 500, never an HTML page, never an empty body.
/// </summary>
public sealed class BadInputTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private PortalFactory Portal => fixture.Portal;

    /// <summary>What a request is aimed at: a real browser flow (with its cookie and token) or a real API flow.</summary>
    public sealed record Target(string Kind, string FlowId, string? Csrf);

    private static readonly string[] SubmitBodies =
    [
        "empty_body_no_content_type",
        "empty_json_body",
        "text_plain",
        "xml",
        "multipart",
        "multipart_with_a_json_body",
        "multipart_of_random_bytes",
        "multipart_cut_short",
        "multipart_without_boundary",
        "json_array",
        "json_null",
        "json_number",
        "json_string",
        "truncated_json",
        "invalid_utf8",
        "json_with_bom",
        "deeply_nested_object",
        "deeply_nested_array",
        "deep_traits",
        "huge_number",
        "duplicate_keys",
        "form_1000_fields",
        "form_field_with_huge_key",
        "form_conflicting_trait_paths",
        "form_deep_trait_path",
        "form_odd_trait_names",
        "traits_string",
        "traits_array",
        "traits_number",
        "traits_null",
        "traits_email_object",
        "traits_email_number",
        "traits_email_huge",
        "method_unknown",
        "method_missing",
        "method_number",
        "method_object",
        "passkey_field_object",
        "passkey_field_array",
        "passkey_field_number",
        "passkey_field_true_literal",
        "csrf_token_number",
        "csrf_token_object",
        "transient_payload_string",
        "control_characters",
    ];

    public static TheoryData<string, string, string> SubmitCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var kind in new[] { "login", "registration", "settings" })
            foreach (var type in new[] { "browser", "api" })
                foreach (var body in SubmitBodies)
                    data.Add(kind, type, body);
        return data;
    }

    [Theory]
    [MemberData(nameof(SubmitCases))]
    public async Task Junk_submitted_to_a_real_flow_is_a_4xx_error_or_flow(string kind, string type, string body)
    {
        using var client = Portal.NewClient();
        // Settings belong to a signed-in identity: sign one up first, in this client's cookie jar.
        if (kind == "settings")
        {
            var (registered, _) = await Journeys.RegisterAsync(client, new Authenticator.SoftwareAuthenticator(), $"junk-{Guid.NewGuid():N}@example.com");
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        }
        var flow = type == "browser" ? await client.CreateBrowserFlowAsync(kind) : await client.CreateApiFlowAsync(kind);
        var target = new Target(kind, PortalClient.Id(flow), type == "browser" ? PortalClient.Csrf(flow) : null);
        var request = Submit(target, body);
        await AssertHandledAsync(client, request, $"{kind}/{type}/{body}");
        if (kind != "settings")
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
            return;
        }
        // Nothing was added or taken away, and the session still works.
        var again = await client.CreateBrowserFlowAsync("settings");
        Assert.Single(Wire.Nodes(again), n => n["attributes"]!["name"]?.GetValue<string>() == "passkey_remove");
    }

    public static TheoryData<string, string> FlowIdCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in new[] { "login", "registration", "settings" })
            foreach (var id in new[] { "unknown_guid", "not_a_guid", "empty", "missing", "path_traversal", "huge", "sql", "guid_of_the_other_kind" })
                data.Add(kind, id);
        return data;
    }

    [Theory]
    [MemberData(nameof(FlowIdCases))]
    public async Task A_bad_flow_id_on_get_and_submit_is_a_4xx_error(string kind, string idCase)
    {
        using var client = Portal.NewClient();
        string? id = idCase switch
        {
            "unknown_guid" => Guid.NewGuid().ToString(),
            "not_a_guid" => "not-a-guid",
            "empty" => "",
            "missing" => null,
            "path_traversal" => "../../../etc/passwd",
            "huge" => new string('9', 10_000),
            "sql" => "' OR 1=1 --",
            "guid_of_the_other_kind" => PortalClient.Id(await client.CreateBrowserFlowAsync(kind == "login" ? "registration" : "login")),
            _ => throw new ArgumentOutOfRangeException(nameof(idCase)),
        };
        var query = id is null ? "" : "=" + Uri.EscapeDataString(id);

        var get = new HttpRequestMessage(HttpMethod.Get, $"/self-service/{kind}/flows{(id is null ? "" : "?id" + query)}");
        get.Headers.Accept.ParseAdd("application/json");
        var getStatus = await AssertHandledAsync(client, get, $"GET {kind} flows {idCase}");
        Assert.Equal(HttpStatusCode.NotFound, getStatus);

        var post = Wire.Json(HttpMethod.Post, $"/self-service/{kind}{(id is null ? "" : "?flow" + query)}",
            new JsonObject { ["method"] = "passkey", ["traits"] = new JsonObject { ["email"] = "a@example.com" } }.ToJsonString());
        var postStatus = await AssertHandledAsync(client, post, $"POST {kind} {idCase}");
        // As Kratos: a flow parameter that is not a UUID is the request's fault (400), a UUID with no flow is a 404.
        Assert.Equal(idCase is "unknown_guid" or "guid_of_the_other_kind" ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest, postStatus);
    }

    public static TheoryData<string> OtherEndpointCases() =>
    [
        "create_browser_return_to_junk",
        "create_browser_return_to_huge",
        "create_browser_return_to_relative",
        "create_api_return_to_junk",
        "create_browser_with_junk_session_cookie",
        "create_browser_with_junk_csrf_cookie",
        "whoami_junk_token",
        "whoami_huge_token",
        "whoami_junk_bearer",
        "whoami_basic_auth",
        "whoami_junk_cookie",
        "whoami_non_ascii_token",
        "logout_browser_without_session",
        "logout_browser_junk_return_to",
        "logout_junk_token",
        "logout_missing_token",
        "logout_api_empty",
        "logout_api_json_array",
        "logout_api_token_number",
        "logout_api_token_junk",
        "logout_api_unknown_token",
        "logout_api_text_plain",
        "logout_api_deeply_nested",
        "logout_api_huge",
        "submit_login_with_get",
        "submit_login_with_put",
        "delete_login_browser",
        "post_whoami",
        "errors_unknown_id",
        "unknown_self_service_path",
        "sessions_list_without_session",
        "sessions_delete_all_without_session",
        "sessions_delete_junk_id",
        "sessions_delete_huge_id",
    ];

    [Theory]
    [MemberData(nameof(OtherEndpointCases))]
    public async Task Junk_sent_to_the_other_endpoints_is_a_4xx_error(string name)
    {
        using var client = Portal.NewClient();
        var request = name switch
        {
            "create_browser_return_to_junk" => Get("/self-service/login/browser?return_to=%25%25%25"),
            "create_browser_return_to_huge" => Get("/self-service/registration/browser?return_to=" + Uri.EscapeDataString("http://evil.example/" + new string('a', 8000))),
            "create_browser_return_to_relative" => Get("/self-service/login/browser?return_to=" + Uri.EscapeDataString("/welcome")),
            "create_api_return_to_junk" => Get("/self-service/login/api?return_to=" + Uri.EscapeDataString("ftp://localhost:4455/")),
            "create_browser_with_junk_session_cookie" => WithCookie(Get("/self-service/login/browser?return_to=javascript:alert(1)"), "ory_kratos_session=%%%;"),
            "create_browser_with_junk_csrf_cookie" => WithCookie(Get("/self-service/login/browser?return_to=https://evil.example/"), "csrf_token_x=%%%; " + CsrfCookieName() + "=%%%"),
            "whoami_junk_token" => WithSession(Get("/sessions/whoami"), "junk"),
            "whoami_huge_token" => WithSession(Get("/sessions/whoami"), new string('a', 16_000)),
            "whoami_junk_bearer" => WithAuthorization(Get("/sessions/whoami"), "Bearer %%%"),
            "whoami_basic_auth" => WithAuthorization(Get("/sessions/whoami"), "Basic " + Convert.ToBase64String("a:b"u8)),
            "whoami_junk_cookie" => WithCookie(Get("/sessions/whoami"), "ory_kratos_session=" + new string('x', 3000)),
            "whoami_non_ascii_token" => WithSession(Get("/sessions/whoami"), "ory_st_%C3%A9%C3%A9"),
            "logout_browser_without_session" => Get("/self-service/logout/browser"),
            "logout_browser_junk_return_to" => Get("/self-service/logout/browser?return_to=%%%"),
            "logout_junk_token" => Get("/self-service/logout?token=" + Uri.EscapeDataString("'; DROP TABLE sessions; --")),
            "logout_missing_token" => Get("/self-service/logout"),
            "logout_api_empty" => new HttpRequestMessage(HttpMethod.Delete, "/self-service/logout/api"),
            "logout_api_json_array" => Wire.Json(HttpMethod.Delete, "/self-service/logout/api", "[]"),
            "logout_api_token_number" => Wire.Json(HttpMethod.Delete, "/self-service/logout/api", """{"session_token":123}"""),
            "logout_api_token_junk" => Wire.Json(HttpMethod.Delete, "/self-service/logout/api", """{"session_token":"%%%"}"""),
            "logout_api_unknown_token" => Wire.Json(HttpMethod.Delete, "/self-service/logout/api", """{"session_token":"ory_st_00000000000000000000000000000000"}"""),
            "logout_api_text_plain" => Wire.Json(HttpMethod.Delete, "/self-service/logout/api", "session_token=abc", "text/plain"),
            "logout_api_deeply_nested" => Wire.Json(HttpMethod.Delete, "/self-service/logout/api", Nested(2000)),
            "logout_api_huge" => Wire.Json(HttpMethod.Delete, "/self-service/logout/api", $$"""{"session_token":"{{new string('a', 100_000)}}"}"""),
            "submit_login_with_get" => Get("/self-service/login?flow=" + Guid.NewGuid()),
            "submit_login_with_put" => Wire.Json(HttpMethod.Put, "/self-service/login?flow=" + Guid.NewGuid(), "{}"),
            "delete_login_browser" => new HttpRequestMessage(HttpMethod.Delete, "/self-service/login/browser"),
            "post_whoami" => Wire.Json(HttpMethod.Post, "/sessions/whoami", "{}"),
            "errors_unknown_id" => Get("/self-service/errors?id=" + Guid.NewGuid()),
            "unknown_self_service_path" => Get("/self-service/nothing-here"),
            "sessions_list_without_session" => Get("/sessions?page_size=junk"),
            "sessions_delete_all_without_session" => new HttpRequestMessage(HttpMethod.Delete, "/sessions"),
            "sessions_delete_junk_id" => WithSession(new HttpRequestMessage(HttpMethod.Delete, "/sessions/%27%3B--"), "junk"),
            "sessions_delete_huge_id" => new HttpRequestMessage(HttpMethod.Delete, "/sessions/" + new string('a', 5000)),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
        if (!request.Headers.Accept.Any()) request.Headers.Accept.ParseAdd("application/json");
        await AssertHandledAsync(client, request, name);
    }

    [Theory]
    [InlineData("/sessions/whoami", "X-Session-Token")]
    [InlineData("/sessions/whoami", "Cookie")]
    [InlineData("/self-service/login/browser", "Origin")]
    [InlineData("/self-service/registration/api", "Accept-Language")]
    public async Task A_header_value_beyond_ascii_is_answered_by_the_portal(string path, string header)
    {
        // Over a real socket: an in-memory server never parses header bytes the way Kestrel does.
        using var portal = PortalFactory.StartKestrel();
        using var http = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1 }) { BaseAddress = new Uri(portal.BaseUrl) };
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation(header, header == "Cookie" ? "ory_kratos_session=caf\u00e9\u00ff" : "caf\u00e9\u00ff");
        request.Headers.Accept.ParseAdd("application/json");
        var response = await http.SendAsync(request);
        var body = await Wire.BodyAsync(response);
        Assert.True((int)response.StatusCode < 500 && body is not null, $"{path} {header}: {(int)response.StatusCode} with an empty body");
        if ((int)response.StatusCode >= 400) Assert.True(Wire.IsKratosError(body), $"{path} {header}: {body?.ToJsonString()}");
    }

    // ---------------- request builders ----------------

    private static HttpRequestMessage Submit(Target target, string name)
    {
        var url = $"/self-service/{target.Kind}?flow={target.FlowId}";
        var csrf = target.Csrf;
        JsonObject Base() => target.Kind == "registration"
            ? new JsonObject { ["method"] = "passkey", ["csrf_token"] = csrf, ["traits"] = new JsonObject { ["email"] = "junk@example.com" } }
            : new JsonObject { ["method"] = "passkey", ["csrf_token"] = csrf };
        string With(Action<JsonObject> change)
        {
            var body = Base();
            change(body);
            return body.ToJsonString();
        }
        var passkeyField = target.Kind switch { "login" => "passkey_login", "settings" => "passkey_settings_register", _ => "passkey_register" };
        HttpRequestMessage Form(IEnumerable<KeyValuePair<string, string>> fields)
        {
            var all = new List<KeyValuePair<string, string>>(fields);
            if (csrf is not null) all.Insert(0, new("csrf_token", csrf));
            var form = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(all) };
            form.Headers.Accept.ParseAdd("application/json");
            return form;
        }

        HttpRequestMessage request = name switch
        {
            "empty_body_no_content_type" => new HttpRequestMessage(HttpMethod.Post, url),
            "empty_json_body" => Wire.Json(HttpMethod.Post, url, ""),
            "text_plain" => Wire.Json(HttpMethod.Post, url, "method=passkey", "text/plain"),
            "xml" => Wire.Json(HttpMethod.Post, url, "<method>passkey</method>", "application/xml"),
            "multipart" => Multipart(url, csrf),
            // Declared multipart, but the body is not: the framework's form reader throws IOException on these.
            "multipart_with_a_json_body" => Bytes(url, "{\"method\":\"passkey\"}"u8.ToArray(), "multipart/form-data; boundary=x"),
            "multipart_of_random_bytes" => Bytes(url, System.Security.Cryptography.RandomNumberGenerator.GetBytes(600), "multipart/form-data; boundary=x"),
            "multipart_cut_short" => Bytes(url, "--x\r\nContent-Disposition: form-data; name=\"method\"\r\n\r\npass"u8.ToArray(), "multipart/form-data; boundary=x"),
            "multipart_without_boundary" => Bytes(url, "--x\r\n\r\n--x--\r\n"u8.ToArray(), "multipart/form-data"),
            "json_array" => Wire.Json(HttpMethod.Post, url, "[{\"method\":\"passkey\"}]"),
            "json_null" => Wire.Json(HttpMethod.Post, url, "null"),
            "json_number" => Wire.Json(HttpMethod.Post, url, "42"),
            "json_string" => Wire.Json(HttpMethod.Post, url, "\"passkey\""),
            "truncated_json" => Wire.Json(HttpMethod.Post, url, "{\"method\":\"pass"),
            "invalid_utf8" => Bytes(url, [0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d], "application/json"),
            "json_with_bom" => Bytes(url, [0xef, 0xbb, 0xbf, .. Encoding.UTF8.GetBytes(Base().ToJsonString())], "application/json"),
            "deeply_nested_object" => Wire.Json(HttpMethod.Post, url, Nested(5000)),
            "deeply_nested_array" => Wire.Json(HttpMethod.Post, url, new string('[', 10_000) + new string(']', 10_000)),
            "deep_traits" => Wire.Json(HttpMethod.Post, url, With(b => b["traits"] = JsonNode.Parse(Nested(14)))),
            "huge_number" => Wire.Json(HttpMethod.Post, url, With(b => b["csrf_token"] = JsonNode.Parse("1e99999"))),
            "duplicate_keys" => Wire.Json(HttpMethod.Post, url, "{\"method\":\"passkey\",\"method\":\"passkey\",\"csrf_token\":\"" + csrf + "\"}"),
            "form_1000_fields" => Form(Enumerable.Range(0, 1000).Select(i => new KeyValuePair<string, string>($"field{i}", "x"))),
            "form_field_with_huge_key" => Form([new(new string('k', 20_000), "v"), new("method", "passkey")]),
            "form_conflicting_trait_paths" => Form([new("method", "passkey"), new("traits.email", "a@example.com"), new("traits.email.inner", "b"), new("traits.name", "x"), new("traits.name.first", "y")]),
            // A dotted name nests as deep as the key allows: deeper than a JSON body may, and than the answer can echo.
            "form_deep_trait_path" => Form([new("method", "passkey"), new("traits.email" + string.Concat(Enumerable.Repeat(".a", 100)), "x")]),
            "form_odd_trait_names" => Form([new("method", "passkey"), new("traits.", "a"), new("traits..x", "b"), new("traits.a..", "c"), new("traits.__proto__.x", "d")]),
            "traits_string" => Wire.Json(HttpMethod.Post, url, With(b => b["traits"] = "a@example.com")),
            "traits_array" => Wire.Json(HttpMethod.Post, url, With(b => b["traits"] = new JsonArray("a@example.com"))),
            "traits_number" => Wire.Json(HttpMethod.Post, url, With(b => b["traits"] = 7)),
            "traits_null" => Wire.Json(HttpMethod.Post, url, With(b => b["traits"] = null)),
            "traits_email_object" => Wire.Json(HttpMethod.Post, url, With(b => b["traits"] = new JsonObject { ["email"] = new JsonObject { ["x"] = 1 } })),
            "traits_email_number" => Wire.Json(HttpMethod.Post, url, With(b => b["traits"] = new JsonObject { ["email"] = 12345 })),
            "traits_email_huge" => Wire.Json(HttpMethod.Post, url, With(b => b["traits"] = new JsonObject { ["email"] = new string('a', 30_000) + "@example.com" })),
            "method_unknown" => Wire.Json(HttpMethod.Post, url, With(b => b["method"] = "unknown")),
            "method_missing" => Wire.Json(HttpMethod.Post, url, With(b => b.Remove("method"))),
            "method_number" => Wire.Json(HttpMethod.Post, url, With(b => b["method"] = 1)),
            "method_object" => Wire.Json(HttpMethod.Post, url, With(b => b["method"] = new JsonObject { ["passkey"] = true })),
            "passkey_field_object" => Wire.Json(HttpMethod.Post, url, With(b => b[passkeyField] = new JsonObject { ["id"] = "x" })),
            "passkey_field_array" => Wire.Json(HttpMethod.Post, url, With(b => b[passkeyField] = new JsonArray(1, 2))),
            "passkey_field_number" => Wire.Json(HttpMethod.Post, url, With(b => b[passkeyField] = 3.5)),
            "passkey_field_true_literal" => Wire.Json(HttpMethod.Post, url, With(b => b[passkeyField] = "true")),
            "csrf_token_number" => Wire.Json(HttpMethod.Post, url, With(b => b["csrf_token"] = 5)),
            "csrf_token_object" => Wire.Json(HttpMethod.Post, url, With(b => b["csrf_token"] = new JsonObject())),
            "transient_payload_string" => Wire.Json(HttpMethod.Post, url, With(b => b["transient_payload"] = "not an object")),
            "control_characters" => Wire.Json(HttpMethod.Post, url, With(b =>
            {
                b["identifier"] = "a\u0000b\u0007@example.com";
                b[passkeyField] = "\u0000\u0001";
                if (b["traits"] is JsonObject traits) traits["email"] = "a\u0000@example.com";
            })),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
        if (!request.Headers.Accept.Any()) request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    private static HttpRequestMessage Multipart(string url, string? csrf)
    {
        var content = new MultipartFormDataContent { { new StringContent("passkey"), "method" } };
        if (csrf is not null) content.Add(new StringContent(csrf), "csrf_token");
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    private static HttpRequestMessage Bytes(string url, byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Accept.ParseAdd("application/json");
        return request;
    }

    private static string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage WithSession(HttpRequestMessage request, string token)
    {
        request.Headers.TryAddWithoutValidation("X-Session-Token", token);
        return request;
    }

    private static HttpRequestMessage WithAuthorization(HttpRequestMessage request, string value)
    {
        request.Headers.TryAddWithoutValidation("Authorization", value);
        return request;
    }

    private static HttpRequestMessage WithCookie(HttpRequestMessage request, string cookie)
    {
        request.Headers.TryAddWithoutValidation("Cookie", cookie);
        return request;
    }

    private string CsrfCookieName() =>
        "csrf_token_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Portal.BaseUrl + "/")));

    /// <summary>4xx, and a body that is Kratos's error (with a matching code) or a flow.</summary>
    private static async Task<HttpStatusCode> AssertHandledAsync(PortalClient client, HttpRequestMessage request, string what)
    {
        var response = await client.Http.SendAsync(request);
        var body = await Wire.BodyAsync(response);
        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{what}: expected a 4xx, got {status}: {Trim(body)}");
        Assert.True(Wire.IsKratosError(body) || Wire.IsFlow(body), $"{what}: not a Kratos error or flow ({status}): {Trim(body)}");
        if (Wire.IsKratosError(body)) Assert.Equal(status, body!["error"]!["code"]!.GetValue<int>());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return response.StatusCode;
    }

    private static string Trim(JsonNode? body)
    {
        var text = body?.ToJsonString() ?? "(empty)";
        return text.Length > 600 ? text[..600] + "…" : text;
    }
}
