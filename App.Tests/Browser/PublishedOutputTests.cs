using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>A published portal in Production and a Chromium, shared by the tests of a class.</summary>
public sealed class PublishedFixture : IAsyncLifetime
{
    private IPlaywright? playwright;
    public PublishedPortal Portal { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Portal = await PublishedPortal.StartAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await ChromiumFixture.LaunchAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
        if (Portal is not null) await Portal.DisposeAsync();
    }
}

/// <summary>
/// The passkeys page as production serves it, from <c>dotnet publish</c>: every file it loads comes
/// compressed, the framework's and MudBlazor's cached for good, and its first load stays within
/// 150 kB. The README's production command runs exactly this.
/// </summary>
public sealed partial class PublishedOutputTests(PublishedFixture fixture) : IClassFixture<PublishedFixture>
{
    private const long BudgetBytes = 150_000;

    [Fact]
    public async Task The_settings_pages_assets_are_served_compressed_and_cacheable()
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = new Uri(fixture.Portal.BaseUrl),
        };
        await SignUpAsync(http, fixture.Portal.BaseUrl);

        var start = await http.GetAsync("/self-service/settings/browser");
        Assert.Equal(HttpStatusCode.SeeOther, start.StatusCode);
        var html = await http.GetStringAsync(start.Headers.Location);
        var assets = Asset().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value)).Where(u => u.StartsWith('/')).Distinct().ToList();

        Assert.Contains(assets, a => a.StartsWith("/_framework/blazor.web.", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("/_content/MudBlazor/MudBlazor.min.css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("/_content/MudBlazor/MudBlazor.min.js", StringComparison.Ordinal));
        var report = new List<string>();
        foreach (var asset in assets)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, asset);
            request.Headers.AcceptEncoding.ParseAdd("br, gzip");
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsByteArrayAsync();
            var encoding = string.Join(",", response.Content.Headers.ContentEncoding);
            var cache = response.Headers.CacheControl?.ToString() ?? "";
            report.Add($"{(int)response.StatusCode} {encoding,-4} {body.Length,7} B  {cache,-40} {asset}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, string.Join("\n", report));
            Assert.True(encoding == "br", $"{asset} came without brotli:\n{string.Join("\n", report)}");
            Assert.DoesNotContain("no-store", cache);
            if (asset.StartsWith("/_framework/", StringComparison.Ordinal) || asset.StartsWith("/_content/", StringComparison.Ordinal))
                Assert.True(cache.Contains("immutable"), $"{asset} is not cached until it changes:\n{string.Join("\n", report)}");
        }
        // MudBlazor's stylesheet as it arrives: its brotli file, not 627 kB.
        var css = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, assets.Single(a => a.Contains("MudBlazor.min.css"))) { Headers = { { "Accept-Encoding", "br" } } });
        Assert.InRange((await css.Content.ReadAsByteArrayAsync()).Length, 1, 60_000);
    }

    [Fact]
    public async Task The_first_load_of_the_settings_page_transfers_at_most_150_kB()
    {
        // Signed up in one browser; the visit is measured in another with nothing cached, signed in with the same session.
        var first = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.Portal.BaseUrl });
        var cdp = await first.NewCDPSessionAsync(await first.NewPageAsync());
        await cdp.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        await VirtualAuthenticator.AddAsync(cdp, AuthenticatorKind.Platform);
        var signUp = first.Pages[0];
        await signUp.GotoAsync("/registration");
        await signUp.GetByLabel("Email").FillAsync($"weight-{Guid.NewGuid():N}@example.com");
        await signUp.GetByRole(AriaRole.Button, new() { Name = "Sign up with passkey" }).ClickAsync();
        // A sign-up ends on the passkeys page's backup question, signed in.
        await signUp.WaitForURLAsync(new Regex("/settings"));
        var state = await first.StorageStateAsync();
        await first.CloseAsync();

        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.Portal.BaseUrl, StorageState = state });
        var page = await context.NewPageAsync();
        var responses = new ConcurrentQueue<IResponse>();
        long frames = 0, framesDeflated = 0;
        page.Response += (_, response) => responses.Enqueue(response);
        void Count(IWebSocketFrame frame)
        {
            var payload = frame.Binary ?? Encoding.UTF8.GetBytes(frame.Text ?? "");
            Interlocked.Add(ref frames, payload.Length);
            Interlocked.Add(ref framesDeflated, WireSize(payload));
        }
        page.WebSocket += (_, socket) =>
        {
            socket.FrameReceived += (_, f) => Count(f);
            socket.FrameSent += (_, f) => Count(f);
        };
        await page.GotoAsync("/self-service/settings/browser", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add passkey" })).ToBeEnabledAsync();
        // The last file the live page asks for: the ceremony's module, once the circuit rendered.
        await CircuitSteps.WaitForAsync(() => Task.FromResult(responses.Any(r => r.Url.Contains("/js/passkey-settings.js"))), "the passkey module");

        long total = 0;
        var rows = new List<string>();
        foreach (var response in responses)
        {
            var sizes = await response.Request.SizesAsync();
            var headers = await response.AllHeadersAsync();
            total += sizes.ResponseBodySize + sizes.ResponseHeadersSize;
            rows.Add($"  {response.Status} {headers.GetValueOrDefault("content-encoding", "-"),-4} body {sizes.ResponseBodySize,7} B, headers {sizes.ResponseHeadersSize,5} B  {new Uri(response.Url).AbsolutePath}");
        }
        total += framesDeflated;
        rows.Add($"  circuit frames {framesDeflated} B on the wire ({frames} B before permessage-deflate)");
        await context.CloseAsync();
        Assert.True(total <= BudgetBytes, $"The first load of /settings transferred {total:N0} bytes, over the {BudgetBytes:N0}-byte budget:\n{string.Join("\n", rows)}");
        Assert.Contains(rows, r => r.Contains("/_content/MudBlazor/MudBlazor.min.css"));
    }

    /// <summary>
    /// What a circuit message costs on the wire: the framework's WebSocket uses permessage-deflate,
    /// and Chromium reports frames inflated. Each is deflated on its own here (no shared window),
    /// which is at most what the wire carries, plus the frame's header.
    /// </summary>
    private static long WireSize(byte[] payload)
    {
        using var buffer = new MemoryStream();
        using (var deflate = new System.IO.Compression.DeflateStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            deflate.Write(payload);
        return Math.Min(buffer.Length, payload.Length) + (payload.Length < 126 ? 2 : 4);
    }

    /// <summary>Signs up through the SPA API, as an app's backend or the driver would, with a software authenticator.</summary>
    private static async Task SignUpAsync(HttpClient http, string origin)
    {
        var create = new HttpRequestMessage(HttpMethod.Get, "/self-service/registration/browser");
        create.Headers.Accept.ParseAdd("application/json");
        var flow = JsonNode.Parse(await (await http.SendAsync(create)).Content.ReadAsStringAsync())!.AsObject();
        string Node(string name) => flow["ui"]!["nodes"]!.AsArray().First(n => n!["attributes"]?["name"]?.GetValue<string>() == name)!["attributes"]!["value"]!.GetValue<string>();
        var credential = new SoftwareAuthenticator().Create(Node("passkey_create_data"), origin);
        var submit = new HttpRequestMessage(HttpMethod.Post, $"/self-service/registration?flow={flow["id"]}")
        {
            Content = new StringContent(new JsonObject
            {
                ["method"] = "passkey",
                ["csrf_token"] = Node("csrf_token"),
                ["traits"] = new JsonObject { ["email"] = $"published-{Guid.NewGuid():N}@example.com" },
                ["passkey_register"] = credential,
            }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        submit.Headers.Accept.ParseAdd("application/json");
        var done = await http.SendAsync(submit);
        Assert.True(done.IsSuccessStatusCode, await done.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("""<(?:link|script)\b[^>]*?\b(?:href|src)="(?<url>[^"]+)""")]
    private static partial Regex Asset();
}
