using System.Net;
using System.Text.Json.Nodes;
using App.Credentials.Passwords;
using App.Data;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace App.Tests.Integration;

/// <summary>
/// Imported passwords over the Kratos API: import through the admin API (hashed or in clear, a
/// malformed hash refused with 400), sign-in with Kratos's password nodes, the same answer for an
/// unknown address and a wrong password, the guessing limits, the rehash to argon2id, and that
/// registration never takes a password.
/// </summary>
public sealed class PasswordLoginTests : IDisposable
{
    private readonly PortalFactory portal = PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?>
    {
        ["selfservice.methods.password.enabled"] = "true",
        ["hashers.argon2.memory"] = "1MB",
        ["hashers.argon2.iterations"] = "1",
        ["selfservice.methods.code.config.rate_limits.submissions_per_address"] = "4",
    });
    private readonly AdminSteps admin;

    public PasswordLoginTests() => admin = new AdminSteps(portal);

    public void Dispose()
    {
        admin.Dispose();
        portal.Dispose();
    }

    private async Task<string> ImportAsync(string email, JsonObject config)
    {
        var body = new JsonObject { ["traits"] = new JsonObject { ["email"] = email }, ["credentials"] = new JsonObject { ["password"] = new JsonObject { ["config"] = config } } };
        var response = await admin.SendAsync(HttpMethod.Post, "/admin/identities", body.ToJsonString());
        var created = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToJsonString());
        return created["id"]!.GetValue<string>();
    }

    private static async Task<HttpResponseMessage> SignInAsync(PortalClient client, string email, string password)
    {
        var flow = await client.CreateApiFlowAsync("login");
        return await client.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject { ["method"] = "password", ["identifier"] = email, ["password"] = password });
    }

    private async Task<string> StoredHashAsync(string id)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<PasswordStore>().FindAsync(Guid.Parse(id)))!.HashedPassword;
    }

    [Fact]
    public async Task A_bcrypt_import_signs_in_once_rehashed_to_argon2id_and_the_hash_shows_only_when_asked()
    {
        var email = $"bcrypt-{Guid.NewGuid():N}@example.com";
        var bcrypt = BCrypt.Net.BCrypt.HashPassword("old secret", 4);
        var id = await ImportAsync(email, new JsonObject { ["hashed_password"] = bcrypt });

        var plain = await Wire.ObjectAsync(await admin.GetAsync($"/admin/identities/{id}"));
        var credential = plain["credentials"]!["password"]!.AsObject();
        Assert.Equal(email, Assert.Single(credential["identifiers"]!.AsArray())!.GetValue<string>());
        Assert.False(credential.ContainsKey("config"));
        var detailed = await Wire.ObjectAsync(await admin.GetAsync($"/admin/identities/{id}?include_credential=password"));
        Assert.Equal(bcrypt, detailed["credentials"]!["password"]!["config"]!["hashed_password"]!.GetValue<string>());

        using var client = portal.NewClient();
        var response = await SignInAsync(client, email, "old secret");
        var success = await Wire.ObjectAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, success.ToJsonString());
        Assert.Equal(["password"], success["session"]!["authentication_methods"]!.AsArray().Select(m => m!["method"]!.GetValue<string>()));
        Assert.Equal(id, success["session"]!["identity"]!["id"]!.GetValue<string>());

        var rehashed = await StoredHashAsync(id);
        Assert.StartsWith("$argon2id$v=19$m=1024,t=1,p=1$", rehashed);
        var events = await admin.AuditAsync(App.Audit.AuditEvents.PasswordRehashed);
        Assert.Contains(events, e => e.IdentityId == Guid.Parse(id) && e.Details!.Contains("bcrypt"));

        // The new hash signs in too, and is not replaced again.
        using var again = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(again, email, "old secret")).StatusCode);
        Assert.Equal(rehashed, await StoredHashAsync(id));
    }

    [Fact]
    public async Task A_cleartext_import_is_hashed_with_argon2id_on_the_way_in()
    {
        var email = $"clear-{Guid.NewGuid():N}@example.com";
        var id = await ImportAsync(email, new JsonObject { ["password"] = "in the clear" });
        var stored = await StoredHashAsync(id);
        Assert.StartsWith("$argon2id$", stored);
        Assert.DoesNotContain("in the clear", stored);
        using var client = portal.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, email, "in the clear")).StatusCode);
    }

    [Theory]
    [InlineData("{\"hashed_password\": \"$md5$nope\"}")]
    [InlineData("{\"hashed_password\": \"$2a$10$short\"}")]
    [InlineData("{\"hashed_password\": \"$argon2id$v=19$m=65536,t=3,p=1$!!$!!\"}")]
    [InlineData("{\"hashed_password\": \"$aspnet-identity$not base64\"}")]
    [InlineData("{\"hashed_password\": 12}")]
    [InlineData("{\"hashed_password\": \"$2a$04$abc\", \"password\": \"both\"}")]
    [InlineData("{}")]
    public async Task A_malformed_or_unknown_hash_is_refused_with_400_and_nothing_is_created(string config)
    {
        var email = $"bad-{Guid.NewGuid():N}@example.com";
        var body = $"{{\"traits\": {{\"email\": \"{email}\"}}, \"credentials\": {{\"password\": {{\"config\": {config}}}}}}}";
        var response = await admin.SendAsync(HttpMethod.Post, "/admin/identities", body);
        await Wire.AssertErrorAsync(response, HttpStatusCode.BadRequest, null);
        Assert.Empty(await admin.ListAsync("/admin/identities?credentials_identifier=" + Uri.EscapeDataString(email)));
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_address_get_the_same_answer()
    {
        var email = $"same-{Guid.NewGuid():N}@example.com";
        await ImportAsync(email, new JsonObject { ["hashed_password"] = BCrypt.Net.BCrypt.HashPassword("right one", 4) });
        // A passkey-only account (no password) answers the same as well.
        using var passkeyOnly = await admin.SignUpAsync("nopassword");

        var answers = new List<JsonObject>();
        foreach (var (who, password) in new[] { (email, "wrong one"), ($"nobody-{Guid.NewGuid():N}@example.com", "right one"), (passkeyOnly.Email, "anything") })
        {
            using var client = portal.NewClient();
            var flow = await Wire.AssertFlowAsync(await SignInAsync(client, who, password));
            Assert.Equal([4000006], Wire.Ids(Wire.FlowMessages(flow)));
            Assert.Equal("", PortalClient.NodeValue(flow, "password"));
            Assert.Equal(who, PortalClient.NodeValue(flow, "identifier"));
            Assert.Equal(401, (int)(await client.WhoAmIAsync()).StatusCode);
            answers.Add(flow);
        }
        // Apart from the address typed and the flow's own ids, the answers are identical.
        static string Shape(JsonObject flow) => string.Join("|", Wire.Nodes(flow).Select(n => n["attributes"]!["name"]?.GetValue<string>() + ":" + n["messages"]!.ToJsonString()))
            + Wire.FlowMessages(flow).Select(m => m.ToJsonString()).Aggregate("", (a, b) => a + b);
        Assert.Single(answers.Select(Shape).Distinct());
    }

    [Fact]
    public async Task Wrong_passwords_count_against_the_address_limit_and_then_even_the_right_one_waits()
    {
        var email = $"limit-{Guid.NewGuid():N}@example.com";
        await ImportAsync(email, new JsonObject { ["hashed_password"] = BCrypt.Net.BCrypt.HashPassword("right one", 4) });
        for (var i = 0; i < 4; i++)
        {
            using var client = portal.NewClient();
            await Wire.AssertFlowAsync(await SignInAsync(client, email, "wrong " + i));
        }
        using var last = portal.NewClient();
        var refused = await SignInAsync(last, email, "right one");
        await Wire.AssertErrorAsync(refused, HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
        Assert.True(refused.Headers.RetryAfter is not null);
        Assert.Equal(401, (int)(await last.WhoAmIAsync()).StatusCode);
        var locked = await admin.AuditAsync(App.Audit.AuditEvents.PasswordRefused);
        Assert.Contains(locked, e => e.Details!.Contains("locked_out"));
    }

    [Fact]
    public async Task Registration_never_offers_or_accepts_a_password()
    {
        using var client = portal.NewClient();
        foreach (var flow in new[] { await client.CreateApiFlowAsync("registration"), await client.CreateBrowserFlowAsync("registration") })
        {
            Assert.DoesNotContain(Wire.Nodes(flow), n => n["group"]!.GetValue<string>() == "password");
            Assert.DoesNotContain(Wire.Nodes(flow), n => n["attributes"]!["name"]?.GetValue<string>() == "password");
        }
        var api = await client.CreateApiFlowAsync("registration");
        var email = $"newcomer-{Guid.NewGuid():N}@example.com";
        var refused = await Wire.AssertFlowAsync(await client.SubmitJsonAsync("registration", PortalClient.Id(api), new JsonObject
        {
            ["method"] = "password", ["password"] = "a brand new password", ["traits"] = new JsonObject { ["email"] = email },
        }));
        Assert.Equal([4010003], Wire.Ids(Wire.FlowMessages(refused)));
        Assert.Empty(await admin.ListAsync("/admin/identities?credentials_identifier=" + Uri.EscapeDataString(email)));
        await using var scope = portal.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Passwords.AnyAsync());
    }

    [Fact]
    public async Task The_login_flow_carries_Kratos_password_nodes()
    {
        using var client = portal.NewClient();
        var flow = await client.CreateBrowserFlowAsync("login");
        var password = PortalClient.Node(flow, "password")!;
        Assert.Equal("password", password["group"]!.GetValue<string>());
        Assert.Equal("current-password", password["attributes"]!["autocomplete"]!.GetValue<string>());
        Assert.Equal(1070001, password["meta"]!["label"]!["id"]!.GetValue<int>());
        var submit = Wire.Nodes(flow).Single(n => n["group"]!.GetValue<string>() == "password" && n["attributes"]!["name"]!.GetValue<string>() == "method");
        Assert.Equal("password", submit["attributes"]!["value"]!.GetValue<string>());
        Assert.Equal(1010022, submit["meta"]!["label"]!["id"]!.GetValue<int>());
    }
}
