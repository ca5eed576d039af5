using System.Text.RegularExpressions;
using System.Net;
using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>
/// Browser flows only accept submissions that carry the CSRF token of the browser that created
/// them (UI-NODES §0, §6: EnsureCSRF); API flows never check it.
/// </summary>
public sealed class CsrfTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private PortalFactory Portal => fixture.Portal;

    public static TheoryData<string> Kinds => new() { "login", "registration" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Json_submission_without_a_csrf_token_is_a_403_csrf_violation(string kind)
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync(kind);
        var response = await client.SubmitJsonAsync(kind, PortalClient.Id(flow), Body(kind, csrf: null));
        await AssertCsrfViolationAsync(response);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.WhoAmIAsync()).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Json_submission_with_a_wrong_csrf_token_is_a_403_csrf_violation(string kind)
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync(kind);
        foreach (var wrong in new[] { "wrong", Authenticator.Base64Url.Encode(new byte[64]), Tamper(PortalClient.Csrf(flow)) })
        {
            var response = await client.SubmitJsonAsync(kind, PortalClient.Id(flow), Body(kind, wrong));
            await AssertCsrfViolationAsync(response);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Another_browser_cannot_submit_the_flow_even_with_the_first_browsers_token(string kind)
    {
        using var owner = Portal.NewClient();
        var flow = await owner.CreateBrowserFlowAsync(kind);

        // A browser with no cookies at all.
        using var stranger = Portal.NewClient();
        await AssertCsrfViolationAsync(await stranger.SubmitJsonAsync(kind, PortalClient.Id(flow), Body(kind, PortalClient.Csrf(flow))));

        // A browser with a CSRF cookie of its own (from its own flow).
        using var other = Portal.NewClient();
        var ownFlow = await other.CreateBrowserFlowAsync(kind);
        await AssertCsrfViolationAsync(await other.SubmitJsonAsync(kind, PortalClient.Id(flow), Body(kind, PortalClient.Csrf(flow))));
        // Its own token does not fit the first browser's flow either.
        await AssertCsrfViolationAsync(await other.SubmitJsonAsync(kind, PortalClient.Id(flow), Body(kind, PortalClient.Csrf(ownFlow))));

        // The owner is unaffected.
        var ok = await owner.SubmitJsonAsync(kind, PortalClient.Id(flow), Body(kind, PortalClient.Csrf(flow)));
        Assert.NotEqual(HttpStatusCode.Forbidden, ok.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Browser_form_post_without_a_valid_token_is_sent_to_the_error_page(string kind)
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync(kind);
        foreach (var fields in new[]
        {
            new Dictionary<string, string> { ["method"] = "passkey" },
            new Dictionary<string, string> { ["method"] = "passkey", ["csrf_token"] = "wrong" },
        })
        {
            var response = await client.SubmitFormAsync(kind, PortalClient.Id(flow), fields);
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
            // As in Kratos: the error page gets the id of a kept error, which Kratos UIs read back.
            var location = response.Headers.Location!.ToString();
            Assert.Matches("^" + Regex.Escape(Portal.BaseUrl) + "/error\\?id=[0-9a-f-]{36}$", location);
            var id = location[(location.IndexOf("id=", StringComparison.Ordinal) + 3)..];
            var kept = await Wire.ObjectAsync(await client.Http.GetAsync("/self-service/errors?id=" + id));
            Assert.Equal(id, kept["id"]!.GetValue<string>());
            Assert.Equal("security_csrf_violation", kept["error"]!["id"]!.GetValue<string>());
            Assert.Equal(403, kept["error"]!["code"]!.GetValue<int>());
            Assert.Contains("This form expired", await client.Http.GetStringAsync(location));
        }
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("?id=not-a-uuid", HttpStatusCode.BadRequest)]
    [InlineData("?id=6f1c1e1c-0000-4000-8000-000000000000", HttpStatusCode.NotFound)]
    public async Task An_error_that_was_not_kept_is_a_kratos_error(string query, HttpStatusCode status)
    {
        using var client = Portal.NewClient();
        await Wire.AssertErrorAsync(await client.Http.GetAsync("/self-service/errors" + query), status, null);
    }

    [Fact]
    public async Task The_csrf_token_may_come_in_the_X_CSRF_Token_header()
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var request = Wire.Json(HttpMethod.Post, $"/self-service/login?flow={PortalClient.Id(flow)}", Body("login", csrf: null).ToJsonString());
        request.Headers.Add("X-CSRF-Token", PortalClient.Csrf(flow));
        var response = await client.Http.SendAsync(request);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        await Wire.AssertFlowAsync(response);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Api_flows_need_no_csrf_token(string kind)
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateApiFlowAsync(kind);
        var response = await client.SubmitJsonAsync(kind, PortalClient.Id(flow), Body(kind, csrf: null));
        // Not a CSRF problem: the flow comes back with its (validation) state.
        var body = await Wire.AssertFlowAsync(response);
        Assert.Equal(PortalClient.Id(flow), PortalClient.Id(body));

        // Nor does a garbage token matter.
        var again = await client.SubmitJsonAsync(kind, PortalClient.Id(flow), Body(kind, "garbage"));
        await Wire.AssertFlowAsync(again);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Getting_a_browser_flow_from_another_browser_is_forbidden(string kind)
    {
        using var owner = Portal.NewClient();
        var flow = await owner.CreateBrowserFlowAsync(kind);
        var id = PortalClient.Id(flow);

        var mine = await owner.GetFlowAsync(kind, id);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal(id, PortalClient.Id(await Wire.ObjectAsync(mine)));

        using var stranger = Portal.NewClient();
        await AssertCsrfViolationAsync(await stranger.GetFlowAsync(kind, id));

        using var other = Portal.NewClient();
        await other.CreateBrowserFlowAsync(kind);
        await AssertCsrfViolationAsync(await other.GetFlowAsync(kind, id));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Api_flows_can_be_fetched_by_anyone_with_the_id(string kind)
    {
        using var creator = Portal.NewClient();
        var flow = await creator.CreateApiFlowAsync(kind);
        using var other = Portal.NewClient();
        var response = await other.GetFlowAsync(kind, PortalClient.Id(flow));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Each_response_masks_the_token_differently_but_each_is_accepted()
    {
        using var client = Portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var again = await client.GetFlowObjectAsync("login", PortalClient.Id(flow));
        Assert.NotEqual(PortalClient.Csrf(flow), PortalClient.Csrf(again));
        foreach (var token in new[] { PortalClient.Csrf(flow), PortalClient.Csrf(again) })
        {
            var response = await client.SubmitJsonAsync("login", PortalClient.Id(flow), Body("login", token));
            await Wire.AssertFlowAsync(response);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_browser_creating_a_flow_gets_an_HttpOnly_Lax_csrf_cookie_and_a_redirect_to_the_ui(string kind)
    {
        using var client = Portal.NewClient();
        var response = await client.CreateFlowRawAsync(kind, "browser", json: false);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        var prefix = $"{Portal.BaseUrl}/{kind}?flow=";
        Assert.StartsWith(prefix, location);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("csrf_token_", StringComparison.Ordinal));
        var attributes = cookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain("secure", attributes);

        // The flow the browser was sent to is its own, and its form carries a usable token.
        var flow = await client.GetFlowObjectAsync(kind, location[prefix.Length..]);
        Assert.False(string.IsNullOrEmpty(PortalClient.Csrf(flow)));
        await Wire.AssertFlowAsync(await client.SubmitJsonAsync(kind, PortalClient.Id(flow), Body(kind, PortalClient.Csrf(flow))));

        // A second flow in the same browser reuses the secret rather than replacing it.
        var second = await client.CreateFlowRawAsync(kind, "browser", json: false);
        Assert.False(second.Headers.TryGetValues("Set-Cookie", out var again) && again.Any(c => c.StartsWith("csrf_token_", StringComparison.Ordinal)));
        await Wire.AssertFlowAsync(await client.SubmitJsonAsync(kind, PortalClient.Id(flow), Body(kind, PortalClient.Csrf(flow))));
    }

    private static JsonObject Body(string kind, string? csrf)
    {
        var body = new JsonObject { ["method"] = "passkey" };
        if (kind == "registration") body["traits"] = new JsonObject { ["email"] = "csrf@example.com" };
        if (csrf is not null) body["csrf_token"] = csrf;
        return body;
    }

    /// <summary>Flips one character of a valid token, keeping it valid base64url.</summary>
    private static string Tamper(string token) =>
        (token[5] == 'A' ? "B" : "A") is var c ? token[..5] + c + token[6..] : token;

    private static async Task AssertCsrfViolationAsync(HttpResponseMessage response)
    {
        var body = await Wire.AssertErrorAsync(response, HttpStatusCode.Forbidden, "security_csrf_violation");
        Assert.Equal("Forbidden", body["error"]!["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["error"]!["reason"]?.GetValue<string>()));
        // Kratos's details: where to read about it, and a hint (which is the reason itself when no token came).
        Assert.Equal("https://www.ory.sh/kratos/docs/debug/csrf", body["error"]!["details"]?["docs"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["error"]!["details"]?["hint"]?.GetValue<string>()));
        Assert.True(body["error"]!["details"]?["reject_reason"] is not null
            || body["error"]!["details"]!["hint"]!.GetValue<string>().StartsWith("The anti-CSRF cookie was found but the CSRF token was not included", StringComparison.Ordinal),
            body.ToJsonString());
    }
}
