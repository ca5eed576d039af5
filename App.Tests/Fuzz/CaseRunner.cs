using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using CsCheck;

namespace App.Tests.Fuzz;

/// <summary>
/// Turns a <see cref="FuzzCase"/> into requests against the world's portal and checks every answer.
/// Counts the sessions its answers hand out, so the database can be held to that number afterwards.
/// </summary>
public sealed class CaseRunner : IDisposable
{
    private static readonly string[] AnyMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE", "PROPFIND"];
    private readonly FuzzWorld world;
    private readonly IReadOnlyList<Route> routes;
    private readonly HttpClient http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        // Header bytes as given, so non-ASCII (and invalid UTF-8) reaches the portal instead of failing in the client.
        RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1,
    }) { Timeout = TimeSpan.FromSeconds(60) };
    private int anonymous;
    private int answers;
    private int rejections;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> sessionIds = new();

    public CaseRunner(FuzzWorld world)
    {
        this.world = world;
        routes = Routes.Of(world.Portal);
    }

    public IReadOnlyList<Route> Routes_ => routes;
    /// <summary>Sessions the answers handed out, leaving out those that existed before (a refresh keeps its session).</summary>
    public int IssuedBeyond(IReadOnlySet<string> before) => sessionIds.Keys.Count(id => !before.Contains(id)) + Volatile.Read(ref anonymous);

    private readonly long[] ticksByAim = new long[Enum.GetValues<Aim>().Length];
    private readonly int[] casesByAim = new int[Enum.GetValues<Aim>().Length];

    public async Task RunAsync(FuzzCase c)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try { await RunCaseAsync(c); }
        finally
        {
            Interlocked.Add(ref ticksByAim[(int)c.Aim], System.Diagnostics.Stopwatch.GetTimestamp() - started);
            Interlocked.Increment(ref casesByAim[(int)c.Aim]);
        }
    }

    private async Task RunCaseAsync(FuzzCase c)
    {
        switch (c.Aim)
        {
            case Aim.Route: await RouteAsync(c); break;
            case Aim.Flow: await FlowAsync(c, world.Flows[c.Target % world.Flows.Count]); break;
            case Aim.FlowGet: await FlowGetAsync(c, world.Flows[c.Target % world.Flows.Count]); break;
            case Aim.Ceremony: await new CeremonyCase(world, this, c).RunAsync(); break;
            default: await SendAsync(c, new HttpRequestMessage(HttpMethod.Get, world.Portal.BaseUrl + "/" + c.PathValues[0] + "/" + c.PathValues[1] + Query(c, null)), null, false); break;
        }
    }

    private async Task RouteAsync(FuzzCase c)
    {
        var route = routes[c.Target % routes.Count];
        var method = c.Method < 16 ? route.Methods[c.Method % route.Methods.Length] : AnyMethods[c.Method % AnyMethods.Length];
        var path = route.Pattern;
        var i = 0;
        foreach (var parameter in route.Parameters)
        {
            var value = c.PathValues[i++ % c.PathValues.Length];
            path = System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]*" + parameter + "[^}]*\\}", Resolve(value, null).Replace("/", "%2F"));
        }
        var listener = c.AdminListener ^ !route.IsAdmin ? world.Portal.AdminUrl : world.Portal.BaseUrl;
        var request = new HttpRequestMessage(new HttpMethod(method), listener + path + Query(c, null));
        if (method is not "GET" and not "HEAD" and not "OPTIONS" and not "TRACE")
            request.Content = Body(c, Templates.Fill(Templates.For(route.IsAdmin ? "admin" : Kind(route.Pattern), c.Template), Values(null)));
        await SendAsync(c, request, null, route.IsPage);
    }

    private async Task FlowAsync(FuzzCase c, FlowSlot slot)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{world.Portal.BaseUrl}/self-service/{slot.Kind}?flow={slot.FlowId}{Query(c, slot).Replace('?', '&')}")
        {
            Content = Body(c, Templates.Fill(Templates.For(slot.Kind, c.Template), Values(slot))),
        };
        await SendAsync(c, request, slot, false);
    }

    private Task FlowGetAsync(FuzzCase c, FlowSlot slot) =>
        SendAsync(c, new HttpRequestMessage(HttpMethod.Get, $"{world.Portal.BaseUrl}/self-service/{slot.Kind}/flows?id={slot.FlowId}{Query(c, slot).Replace('?', '&')}"), slot, false);

    private static string Kind(string pattern) =>
        FuzzWorld.Kinds.FirstOrDefault(k => pattern.Contains("/" + k, StringComparison.Ordinal)) ?? "admin";

    public Dictionary<string, string> Values(FlowSlot? slot) => new()
    {
        ["$csrf"] = slot?.Csrf ?? "",
        ["$cred"] = world.SpareCredential,
        ["$email"] = world.Emails[Math.Abs((slot?.FlowId ?? "").GetHashCode()) % world.Emails.Count],
        ["$new"] = $"fuzz-new-{Guid.NewGuid():N}@example.com",
        ["$hex"] = world.PasskeyHex,
        ["$identity"] = world.AdminTargets[0],
        ["$token"] = world.SessionTokens[0],
    };

    public string Query(FuzzCase c, FlowSlot? slot) =>
        c.Query.Length == 0 ? "" : "?" + string.Join("&", c.Query.Select(q => q.Name + "=" + Resolve(q.Value, slot)));

    /// <summary>The genuine value a marked one stands for.</summary>
    public string Resolve(string value, FlowSlot? slot, string? cookies = null) => value.Length == 0 || value[0] != FuzzCase.Genuine ? value : value[1..] switch
    {
        "cookies" => cookies ?? slot?.Cookies ?? world.CookiesOf(world.PasskeyBrowser),
        "token" => slot?.SessionToken ?? world.SessionTokens[0],
        "key" => "Bearer " + FuzzWorld.AdminKey,
        "csrf" => slot?.Csrf ?? "",
        "origin" => world.Portal.Origin,
        "flow" => slot?.FlowId ?? world.Flows[0].FlowId,
        "identity" => world.AdminTargets[Math.Abs(value.GetHashCode()) % world.AdminTargets.Count],
        _ => value,
    };

    /// <summary>The body as the case encodes it; edits are applied to JSON objects only.</summary>
    public HttpContent? Body(FuzzCase c, JsonNode template)
    {
        if (template is JsonObject o)
            foreach (var (member, value, remove) in c.Edits)
            {
                var path = member.Split('.');
                var parent = o;
                if (path.Length > 1) parent = o[path[0]] as JsonObject ?? (JsonObject)(o[path[0]] = new JsonObject());
                if (remove) parent.Remove(path[^1]);
                else parent[path[^1]] = value?.DeepClone();
            }
        var json = template.ToJsonString();
        HttpContent content = c.Encoding switch
        {
            BodyEncoding.Json => new StringContent(json, System.Text.Encoding.UTF8),
            BodyEncoding.Form => new FormUrlEncodedContent(Flatten(template)),
            BodyEncoding.DuplicateKeys when template is JsonObject first && first.Count > 0 =>
                new StringContent(json.Insert(1, $"\"{first.First().Key}\":{{\"dup\":[1]}},"), System.Text.Encoding.UTF8),
            BodyEncoding.Truncated => new StringContent(json[..(c.Cut % Math.Max(json.Length, 1))], System.Text.Encoding.UTF8),
            BodyEncoding.InvalidUtf8 => new ByteArrayContent(InvalidUtf8(json, c.Cut)),
            BodyEncoding.Raw => new ByteArrayContent(c.Raw),
            BodyEncoding.Empty => new ByteArrayContent([]),
            BodyEncoding.Multipart => Multipart(template),
            _ => new StringContent(json, System.Text.Encoding.UTF8),
        };
        var type = c.ContentType ?? c.Encoding switch
        {
            BodyEncoding.Form => "application/x-www-form-urlencoded",
            BodyEncoding.Multipart => null,
            _ => "application/json",
        };
        if (type is not null)
        {
            content.Headers.Remove("Content-Type");
            content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        return content;
    }

    private static byte[] InvalidUtf8(string json, int at)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        var i = bytes.Length == 0 ? 0 : at % bytes.Length;
        return [.. bytes[..i], 0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80, .. bytes[i..]];
    }

    private static IEnumerable<KeyValuePair<string, string>> Flatten(JsonNode node, string prefix = "")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                    foreach (var pair in value is null ? [new(prefix + key, "")] : Flatten(value, prefix + key + "."))
                        yield return pair;
                break;
            case JsonArray a:
                foreach (var item in a) yield return new(prefix.TrimEnd('.'), item?.ToJsonString() ?? "");
                break;
            default:
                yield return new(prefix.TrimEnd('.'), node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node.ToJsonString());
                break;
        }
    }

    private static MultipartFormDataContent Multipart(JsonNode template)
    {
        var content = new MultipartFormDataContent();
        foreach (var (key, value) in Flatten(template))
        {
            // The client refuses to write a part name it cannot quote; keep what it can.
            var name = new string(key.Where(ch => ch is >= ' ' and < (char)127 and not '"' and not '\\').ToArray());
            content.Add(new StringContent(value), string.IsNullOrWhiteSpace(name) ? "x" : name);
        }
        return content;
    }

    /// <summary>Sends with the case's headers, checks the answer, and returns it (status and parsed body) for the caller's own checks.</summary>
    /// <param name="genuine">The request carries a genuine ceremony, which may sign someone in; any other that does is a finding.</param>
    public async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(FuzzCase c, HttpRequestMessage request, FlowSlot? slot, bool isPage,
        string? cookies = null, bool genuine = false)
    {
        var accept = true;
        foreach (var (name, raw) in c.Headers)
        {
            var value = Resolve(raw, slot, cookies);
            if (name == "X-Fuzz-Huge") { request.Headers.TryAddWithoutValidation(name, new string('h', 8_000 + value.Length)); continue; }
            if (name == "Accept") accept = false;
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (slot is not null && !c.Headers.Any(h => h.Name == "Cookie") && slot.Cookies.Length > 0) request.Headers.TryAddWithoutValidation("Cookie", slot.Cookies);
        if (cookies is not null && !c.Headers.Any(h => h.Name == "Cookie")) request.Headers.TryAddWithoutValidation("Cookie", cookies);
        if (slot?.SessionToken is { } token && !c.Headers.Any(h => h.Name == "X-Session-Token")) request.Headers.TryAddWithoutValidation("X-Session-Token", token);
        if (accept) request.Headers.TryAddWithoutValidation("Accept", "application/json");
        if (request.RequestUri!.Authority == new Uri(world.Portal.AdminUrl).Authority && !c.Headers.Any(h => h.Name == "Authorization") && c.Method % 4 != 0)
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + FuzzWorld.AdminKey);

        HttpResponseMessage response;
        try { response = await http.SendAsync(request); }
        catch (HttpRequestException e) when (e.InnerException is IOException or System.Net.Sockets.SocketException)
        {
            // Kestrel may close the connection on a request it refuses to read (headers too large): that is no answer to judge.
            return (0, null, new HttpResponseMessage(0));
        }
        var text = await response.Content.ReadAsStringAsync();
        Interlocked.Increment(ref answers);
        if (IsProtocolRejection(response, text))
        {
            Interlocked.Increment(ref rejections);
            return (response.StatusCode, null, response);
        }
        var problem = ResponseProperties.Check((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, isPage, request.Method == HttpMethod.Head);
        if (problem is not null)
            throw new FuzzFinding($"{request.Method} {Trim(request.RequestUri!.PathAndQuery)}: {problem}: {Trim(text)}");
        JsonNode? body = null;
        try { body = text.Length > 0 && text[0] is '{' or '[' ? JsonNode.Parse(text) : null; } catch (System.Text.Json.JsonException) { }
        if (HandsOutSession(request, response, body) is { } handedOut)
        {
            var session = handedOut.StartsWith(FuzzCase.Genuine) ? await WhoAmIAsync(handedOut[1..]) ?? "" : handedOut;
            if (!genuine && !world.KnownSessions.Contains(session))
                throw new FuzzFinding($"{request.Method} {Trim(request.RequestUri!.PathAndQuery)}: a session without a genuine ceremony: {Trim(text)}");
            if (session.Length == 0) Interlocked.Increment(ref anonymous);
            else sessionIds.TryAdd(session, true);
        }
        return (response.StatusCode, body, response);
    }

    /// <summary>The session an answer hands out: its id when the body names it, else the header that carries its new cookie or token (marked), else null.</summary>
    private static string? HandsOutSession(HttpRequestMessage request, HttpResponseMessage response, JsonNode? body)
    {
        if ((int)response.StatusCode >= 400) return null;
        if (request.Method == HttpMethod.Post && body is JsonObject o && o["session"] is JsonObject s && s["id"] is JsonValue id) return id.ToString();
        if (body is JsonObject t && t["session_token"] is JsonValue token) return FuzzCase.Genuine + "X-Session-Token:" + token;
        var sent = request.Headers.TryGetValues("Cookie", out var values) ? string.Join(";", values) : "";
        if (!response.Headers.TryGetValues("Set-Cookie", out var set)) return null;
        foreach (var cookie in set)
        {
            if (!cookie.StartsWith("ory_kratos_session=", StringComparison.Ordinal)) continue;
            var value = cookie["ory_kratos_session=".Length..].Split(';')[0];
            if (value.Length > 0 && !cookie.Contains("1970", StringComparison.Ordinal) && !sent.Contains(value, StringComparison.Ordinal))
                return FuzzCase.Genuine + "Cookie:ory_kratos_session=" + value;
        }
        return null;
    }

    /// <summary>
    /// Kestrel's own refusal of a request it will not parse (a non-ASCII or malformed header, a bad Host, a URL or
    /// headers over its limits): written before the portal sees the request, empty, and closing the connection.
    /// </summary>
    public static bool IsProtocolRejection(HttpResponseMessage response, string body) =>
        (int)response.StatusCode is 400 or 414 or 431 && body.Length == 0 && response.Headers.ConnectionClose == true;

    public string Stats => $"{answers} answers, {rejections} of them refused by Kestrel before the portal saw the request; "
        + string.Join(", ", Enum.GetValues<Aim>().Select(a => $"{a}: {casesByAim[(int)a]} cases, {(casesByAim[(int)a] == 0 ? 0 : System.Diagnostics.Stopwatch.GetElapsedTime(0, ticksByAim[(int)a]).TotalMilliseconds / casesByAim[(int)a]):F1} ms each"));

    /// <summary>The id of the session a cookie or token stands for, as whoami names it.</summary>
    private async Task<string?> WhoAmIAsync(string header)
    {
        var colon = header.IndexOf(':');
        var request = new HttpRequestMessage(HttpMethod.Get, world.Portal.BaseUrl + "/sessions/whoami");
        request.Headers.TryAddWithoutValidation(header[..colon], header[(colon + 1)..]);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode) return null;
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())?["id"]?.ToString();
    }

    /// <summary>Session ids the answers named.</summary>
    public IEnumerable<string> IssuedIds => sessionIds.Keys;

    public static string Trim(string text) => text.Length > 400 ? text[..400] + $"…({text.Length} chars)" : text;

    public void Dispose() => http.Dispose();
}

/// <summary>An answer that breaks one of the properties.</summary>
public sealed class FuzzFinding(string message) : Exception(message);
