using System.Net;
using System.Text.Json.Nodes;
using App.Data;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// Guessing backup codes: an unknown address answers as a wrong code does, with the same database
/// work, and every try counts against the emailed codes' limits per address and per IP.
/// </summary>
public sealed class BackupCodeGuessTests
{
    /// <summary>The flow as a client sees it, less what differs per request (ids, times, token, passkey challenge, the address typed).</summary>
    private static string Shape(JsonObject flow, string email)
    {
        var copy = flow.DeepClone().AsObject();
        foreach (var key in new[] { "id", "issued_at", "expires_at", "request_url", "created_at", "updated_at" }) copy.Remove(key);
        copy["ui"]!["action"] = "";
        foreach (var node in copy["ui"]!["nodes"]!.AsArray())
            if (node!["attributes"]!["name"]?.GetValue<string>() is "csrf_token" or "identifier" or "passkey_challenge") node["attributes"]!["value"] = "";
        return copy.ToJsonString().Replace(email, "ADDRESS");
    }

    [Fact]
    public async Task An_unknown_address_and_a_wrong_code_get_the_same_answer_and_the_same_work()
    {
        var counter = new StatementCounter();
        using var portal = new PortalFactory { ExtraServices = s => s.ConfigureDbContext<PortalDbContext>(o => o.AddInterceptors(counter)) };
        var (owner, _, known) = await BackupCodeSteps.SignedUpAsync(portal);
        using var _ = owner;
        var codes = await BackupCodeSteps.GenerateAndConfirmAsync(owner);
        var (bare, _, withoutCodes) = await BackupCodeSteps.SignedUpAsync(portal);
        bare.Dispose();

        async Task<(HttpStatusCode Status, string Shape, int Statements, string? Cookie)> TryAsync(string email, string code)
        {
            using var client = portal.NewClient();
            var flow = await client.CreateBrowserFlowAsync("login");
            var before = counter.Count;
            var response = await BackupCodeSteps.SignInAsync(client, flow, email, code);
            var statements = counter.Count - before;
            var body = await Wire.ObjectAsync(response);
            return (response.StatusCode, Shape(body, email), statements, response.Headers.TryGetValues("Set-Cookie", out var c) ? string.Join(";", c) : null);
        }

        // Warm both paths once so that first-use costs (compiled queries, the HMAC key) are not compared.
        await TryAsync($"warm-{Guid.NewGuid():N}@example.com", "2345abcd");
        await TryAsync(known, "2345abcd");

        var wrong = await TryAsync(known, "2345abcd");
        var unknown = await TryAsync($"nobody-{Guid.NewGuid():N}@example.com", codes[0]);
        var none = await TryAsync(withoutCodes, codes[1]);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Contains("4000016", wrong.Shape);
        Assert.True(wrong.Statements >= 3, $"only {wrong.Statements} statements were counted");
        foreach (var other in new[] { unknown, none })
        {
            Assert.Equal(wrong.Status, other.Status);
            Assert.Equal(wrong.Shape, other.Shape);
            Assert.Equal(wrong.Statements, other.Statements);
            Assert.Equal(wrong.Cookie is null, other.Cookie is null);
        }
        // The codes belong to their owner: another address cannot use them.
        using var client = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await BackupCodeSteps.SignInAsync(client, known, codes[0])).StatusCode);
    }

    [Fact]
    public async Task Tries_beyond_the_limit_per_address_are_refused_even_with_the_right_code_until_the_window_passes()
    {
        var clock = new FakeClock();
        using var portal = new PortalFactory(new Dictionary<string, string?>
        {
            ["selfservice.methods.code.config.rate_limits.submissions_per_address"] = "3",
        }) { Clock = clock };
        var (owner, _, email) = await BackupCodeSteps.SignedUpAsync(portal);
        using var _ = owner;
        var codes = await BackupCodeSteps.GenerateAndConfirmAsync(owner);

        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        // An emailed code tried for the same address counts in the same bucket.
        var sent = await Wire.AssertFlowAsync(await EmailSteps.SendAsync(client, flow, email));
        await Wire.AssertFlowAsync(await EmailSteps.SubmitCodeAsync(client, sent, "000000"));
        using var other = portal.NewClient();
        var login = await other.CreateBrowserFlowAsync("login");
        for (var i = 0; i < 2; i++)
            await Wire.AssertFlowAsync(await BackupCodeSteps.SignInAsync(other, login, email, "2345abc" + (char)('d' + i)));

        var limited = await BackupCodeSteps.SignInAsync(other, login, email, codes[0]);
        var error = await Wire.AssertErrorAsync(limited, HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
        var wait = int.Parse(limited.Headers.GetValues("Retry-After").Single());
        Assert.Equal(wait, error["error"]!["details"]!["retry_after_seconds"]!.GetValue<int>());
        // The address with capitals is the same address.
        await Wire.AssertErrorAsync(await BackupCodeSteps.SignInAsync(other, login, email.ToUpperInvariant(), codes[0]), HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
        Assert.Equal(401, (int)(await other.WhoAmIAsync()).StatusCode);

        clock.Advance(TimeSpan.FromSeconds(wait));
        Assert.Equal(HttpStatusCode.OK, (await BackupCodeSteps.SignInAsync(other, login, email, codes[0])).StatusCode);

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var refused = await db.AuditEvents.Where(e => e.Type == "login.backup_code_refused").Select(e => e.Details!).ToListAsync();
        Assert.Equal(2, refused.Count(d => d.Contains("\"reason\":\"wrong_code\"")));
        Assert.Equal(2, refused.Count(d => d.Contains("\"reason\":\"rate_limited\"")));
    }

    [Fact]
    public async Task Tries_beyond_the_limit_per_IP_are_refused_whatever_the_address()
    {
        using var portal = new PortalFactory(new Dictionary<string, string?>
        {
            ["selfservice.methods.code.config.rate_limits.submissions_per_ip"] = "3",
        });
        var (owner, _, email) = await BackupCodeSteps.SignedUpAsync(portal);
        using var _ = owner;
        var codes = await BackupCodeSteps.GenerateAndConfirmAsync(owner);

        using var client = portal.NewClient();
        for (var i = 0; i < 3; i++)
            await Wire.AssertFlowAsync(await BackupCodeSteps.SignInAsync(client, $"guess-{i}-{Guid.NewGuid():N}@example.com", "2345abcd"));
        await Wire.AssertErrorAsync(await BackupCodeSteps.SignInAsync(client, email, codes[0]), HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
        // And the emailed codes of this IP are held back with them.
        var flow = await client.CreateBrowserFlowAsync("login");
        var sent = await Wire.AssertFlowAsync(await EmailSteps.SendAsync(client, flow, email));
        await Wire.AssertErrorAsync(await EmailSteps.SubmitCodeAsync(client, sent, "000000"), HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
    }

    [Fact]
    public async Task One_code_sent_by_several_requests_at_once_signs_in_exactly_one()
    {
        using var portal = new PortalFactory();
        var (owner, _, email) = await BackupCodeSteps.SignedUpAsync(portal);
        using var _ = owner;
        var codes = await BackupCodeSteps.GenerateAndConfirmAsync(owner);
        var clients = Enumerable.Range(0, 6).Select(_ => portal.NewClient()).ToList();
        try
        {
            var flows = new List<JsonObject>();
            foreach (var client in clients) flows.Add(await client.CreateBrowserFlowAsync("login"));
            var responses = await Task.WhenAll(clients.Select((c, i) => BackupCodeSteps.SignInAsync(c, flows[i], email, codes[0])));

            var statuses = responses.Select(r => (int)r.StatusCode).ToList();
            Assert.True(statuses.Count(s => s == 200) == 1, "Statuses: " + string.Join(",", statuses));
            Assert.All(statuses, s => Assert.True(s is 200 or 400, "Statuses: " + string.Join(",", statuses)));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Theory]
    [InlineData("", "2345abcd", "identifier")]
    [InlineData("someone@example.com", "", "lookup_secret")]
    [InlineData("someone@example.com", "   ", "lookup_secret")]
    public async Task A_missing_field_is_asked_for_and_costs_no_try(string email, string code, string missing)
    {
        using var portal = new PortalFactory(new Dictionary<string, string?>
        {
            ["selfservice.methods.code.config.rate_limits.submissions_per_ip"] = "1",
        });
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var shown = await Wire.AssertFlowAsync(await BackupCodeSteps.SignInAsync(client, flow, email, code));
        Assert.Equal([4000002], Wire.Ids(Wire.NodeMessages(shown, missing)));
        // The one try this IP has is still there.
        var refused = await Wire.AssertFlowAsync(await BackupCodeSteps.SignInAsync(client, flow, "someone@example.com", "2345abcd"));
        Assert.Equal([4000016], Wire.Ids(Wire.NodeMessages(refused, "lookup_secret")));
    }

    [Fact]
    public async Task Oversized_or_odd_input_is_a_wrong_code_not_an_error()
    {
        using var portal = new PortalFactory();
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        foreach (var code in new[] { new string('a', 60_000), "😀😀😀😀😀😀😀😀", "\u0000\u0001abc", "' OR 1=1 --" })
        {
            var refused = await Wire.AssertFlowAsync(await BackupCodeSteps.SignInAsync(client, flow, "someone@example.com", code));
            Assert.Equal([4000016], Wire.Ids(Wire.NodeMessages(refused, "lookup_secret")));
        }
        var longAddress = await Wire.AssertFlowAsync(await BackupCodeSteps.SignInAsync(client, flow, new string('x', 5000) + "@example.com", "2345abcd"));
        Assert.Equal([4000016], Wire.Ids(Wire.NodeMessages(longAddress, "lookup_secret")));
        // A non-string value is a bad request in Kratos's shape.
        var odd = await client.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject
        {
            ["method"] = "lookup_secret", ["csrf_token"] = PortalClient.Csrf(flow), ["identifier"] = new JsonArray(1, 2), ["lookup_secret"] = new JsonObject(),
        });
        Assert.InRange((int)odd.StatusCode, 400, 499);
        Assert.True(Wire.IsKratosError(await Wire.BodyAsync(odd)) || Wire.IsFlow(await Wire.BodyAsync(odd)));
    }
}
