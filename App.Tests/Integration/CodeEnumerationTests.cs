using System.Net;
using System.Text.Json.Nodes;
using App.Courier;
using App.Data;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// Whether an address has an account never shows: the answer is the same, the page is the same, and
/// the server does the same database work, whether it sends the code or not (kratos#4521 leaves
/// this open for code login).
/// </summary>
public sealed class CodeEnumerationTests
{
    private static async Task<string> RegisterAsync(PortalFactory portal)
    {
        var email = $"known-{Guid.NewGuid():N}@example.com";
        using var client = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await Journeys.RegisterAsync(client, new SoftwareAuthenticator(), email)).Response.StatusCode);
        return email;
    }

    /// <summary>The flow as a client sees it, less what differs per request (ids, times, token, the address typed).</summary>
    private static string Shape(JsonObject flow, string email)
    {
        var copy = flow.DeepClone().AsObject();
        foreach (var key in new[] { "id", "issued_at", "expires_at", "request_url", "created_at", "updated_at" }) copy.Remove(key);
        copy["ui"]!["action"] = "";
        foreach (var node in copy["ui"]!["nodes"]!.AsArray())
            if (node!["attributes"]!["name"]?.GetValue<string>() is "csrf_token" or "identifier") node["attributes"]!["value"] = "";
        return copy.ToJsonString().Replace(email, "ADDRESS");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Known_and_unknown_addresses_get_the_same_answer_and_the_same_work(bool notifyUnknown)
    {
        var counter = new StatementCounter();
        using var portal = new PortalFactory(new Dictionary<string, string?>
        {
            ["selfservice.methods.code.config.notify_unknown_recipients"] = notifyUnknown ? "true" : "false",
        })
        { ExtraServices = s => s.ConfigureDbContext<PortalDbContext>(o => o.AddInterceptors(counter)) };
        var known = await RegisterAsync(portal);
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";

        async Task<(HttpStatusCode Status, string Shape, int Statements, string? Cookie)> SendAsync(string email)
        {
            using var client = new PortalClient(portal);
            var flow = await client.CreateBrowserFlowAsync("login");
            var before = counter.Count;
            var response = await EmailSteps.SendAsync(client, flow, email);
            var statements = counter.Count - before;
            var body = await Wire.ObjectAsync(response);
            return (response.StatusCode, Shape(body, email), statements, response.Headers.TryGetValues("Set-Cookie", out var c) ? string.Join(";", c) : null);
        }

        // Warm both paths once so that first-use costs (compiled queries, the HMAC key) are not compared.
        await SendAsync($"warm-{Guid.NewGuid():N}@example.com");
        await SendAsync(await RegisterAsync(portal));

        var a = await SendAsync(known);
        var b = await SendAsync(unknown);
        Assert.Equal(HttpStatusCode.BadRequest, a.Status);
        Assert.Equal(a.Status, b.Status);
        Assert.Equal(a.Shape, b.Shape);
        Assert.True(a.Statements > 5, $"only {a.Statements} statements were counted");
        Assert.Equal(a.Statements, b.Statements);
        Assert.Equal(a.Cookie is null, b.Cookie is null);

        // The known address gets its code; the unknown one gets a notice without a code, or nothing.
        var toKnown = Assert.Single(await EmailSteps.OutboxAsync(portal, known));
        Assert.Equal(CourierStatuses.Queued, toKnown.Status);
        Assert.Equal("login_code_valid", toKnown.TemplateType);
        var toUnknown = Assert.Single(await EmailSteps.OutboxAsync(portal, unknown));
        Assert.Equal("login_code_invalid", toUnknown.TemplateType);
        Assert.Equal(notifyUnknown ? CourierStatuses.Queued : CourierStatuses.Abandoned, toUnknown.Status);
        Assert.DoesNotMatch(@"\b\d{6}\b", toUnknown.Subject + toUnknown.Body);
    }

    [Fact]
    public async Task A_code_for_an_unknown_address_cannot_sign_in()
    {
        using var portal = new PortalFactory();
        using var client = portal.NewClient();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.com";
        var flow = await client.CreateBrowserFlowAsync("login");
        var sent = await Wire.AssertFlowAsync(await EmailSteps.SendAsync(client, flow, unknown));

        foreach (var guess in new[] { "000000", "123456" })
        {
            var refused = await Wire.AssertFlowAsync(await EmailSteps.SubmitCodeAsync(client, sent, guess));
            Assert.Contains(4010008, Wire.Ids(Wire.NodeMessages(refused, "code")));
        }
    }
}
