using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace App.Tests.Browser;

/// <summary>
/// The admin API's reference page at /admin/docs, in Chromium: it renders the admin listener's
/// document under the portal's CSP, with its script from the portal and nothing from elsewhere.
/// </summary>
public sealed class ApiReferenceTests(ConsoleBrowserFixture fixture) : IClassFixture<ConsoleBrowserFixture>
{
    [Fact]
    public async Task The_reference_renders_the_admin_document_with_nothing_from_another_origin()
    {
        await using var session = await fixture.OpenAsync(new BrowserNewContextOptions { BaseURL = fixture.Portal.ConsoleOrigin });
        var foreign = new List<string>();
        session.Page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(fixture.Portal.ConsoleOrigin + "/", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal)
                && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
                foreign.Add(request.Url);
        };
        var scripts = new List<string>();
        session.Page.Response += (_, response) => { if (response.Request.ResourceType == "script") scripts.Add($"{response.Status} {response.Url}"); };

        await session.Page.GotoAsync("/admin/docs");
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Identity portal: admin API" })).ToBeVisibleAsync();
        await session.Page.GetByText("identity", new() { Exact = true }).First.ClickAsync();
        await session.Page.GetByText("List identities").First.ClickAsync();
        await Assertions.Expect(session.Page.GetByText("credentials_identifier").First).ToBeVisibleAsync();
        await Assertions.Expect(session.Page.GetByText("/admin/identities").First).ToBeVisibleAsync();

        Assert.Empty(foreign);
        Assert.Contains(scripts, s => s == $"200 {fixture.Portal.ConsoleOrigin}/admin/docs/scalar.js");
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task The_page_runs_only_its_own_scripts_with_this_responses_nonce()
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(fixture.Portal.AdminUrl + "/admin/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Regex.Match(policy, "script-src 'self' 'nonce-([^']+)';").Groups[1].Value;
        Assert.True(nonce.Length >= 24, policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var tags = Regex.Matches(html, "<script[^>]*>").Select(m => m.Value).ToList();
        Assert.NotEmpty(tags);
        Assert.All(tags, tag => Assert.Contains($"nonce=\"{nonce}\"", tag));
        Assert.DoesNotMatch("src=\"(https?:)?//", html);

        // A second response has a nonce of its own, and no other page is loosened.
        var again = (await http.GetAsync(fixture.Portal.AdminUrl + "/admin/docs/")).Headers.GetValues("Content-Security-Policy").Single();
        Assert.DoesNotContain(nonce, again);
        var console = (await http.GetAsync(fixture.Portal.AdminUrl + "/admin/sign-in")).Headers.GetValues("Content-Security-Policy").Single();
        Assert.DoesNotContain("nonce-", console);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(fixture.Portal.BaseUrl + "/admin/docs/")).StatusCode);
    }
}
