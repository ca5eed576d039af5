using System.Security.Claims;
using App.Credentials.Passwords;
using App.Data;
using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Net;
using System.Text.Json.Nodes;

namespace App.Tests.Integration;

/// <summary>
/// scripts/import-aspnet-identity against the .NET Identity template's database: made here with
/// <see cref="IdentityDbContext"/> over SQLite and users made by <see cref="UserManager{TUser}"/>.
/// A dry run writes nothing; --apply imports addresses, verification, passwords, lockout and
/// claims; a second run creates nothing; an imported user signs in with their old password.
/// </summary>
public sealed class AspNetIdentityImportTests : IDisposable
{
    private readonly PortalFactory portal = PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?>
    {
        ["selfservice.methods.password.enabled"] = "true",
        ["hashers.argon2.memory"] = "1MB",
        ["hashers.argon2.iterations"] = "1",
    });
    private readonly AdminSteps admin;
    private readonly string database = Path.Combine(Directory.CreateTempSubdirectory("aspnet-identity-").FullName, "app.db");

    public AspNetIdentityImportTests() => admin = new AdminSteps(portal);

    public void Dispose()
    {
        admin.Dispose();
        portal.Dispose();
    }

    /// <summary>The template's store: ada (confirmed, a claim), bob (locked out), carol (no password), and a user without an email.</summary>
    private async Task<string> MakeIdentityDatabaseAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<IdentityDbContext>(o => o.UseSqlite($"Data Source={database}"));
        services.AddIdentityCore<IdentityUser>().AddEntityFrameworkStores<IdentityDbContext>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Database.EnsureCreatedAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var ada = new IdentityUser { UserName = $"ada-{suffix}@example.com", Email = $"ada-{suffix}@example.com", EmailConfirmed = true };
        Assert.True((await users.CreateAsync(ada, "Ada-Lovelace-1815")).Succeeded);
        await users.AddClaimAsync(ada, new Claim("role", "admin"));
        var bob = new IdentityUser { UserName = $"bob-{suffix}@example.com", Email = $"bob-{suffix}@example.com" };
        Assert.True((await users.CreateAsync(bob, "Bob-Builder-2000")).Succeeded);
        await users.SetLockoutEndDateAsync(bob, DateTimeOffset.UtcNow.AddDays(1));
        Assert.True((await users.CreateAsync(new IdentityUser { UserName = $"carol-{suffix}@example.com", Email = $"carol-{suffix}@example.com" })).Succeeded);
        Assert.True((await users.CreateAsync(new IdentityUser { UserName = $"noemail-{suffix}" }, "No-Email-123")).Succeeded);
        return suffix;
    }

    private async Task<(int Code, string Output)> RunAsync(params string[] extra)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await ImportAspNetIdentity.Command.RunAsync(["--sqlite", database, "--admin-url", portal.AdminUrl, .. extra], output, errors);
        return (code, output + errors.ToString());
    }

    [Fact]
    public async Task Dry_run_then_apply_then_nothing_more_and_the_imported_password_signs_in()
    {
        var suffix = await MakeIdentityDatabaseAsync();

        var (dryCode, dry) = await RunAsync();
        Assert.True(dryCode == 0, dry);
        Assert.Contains($"would create     ada-{suffix}@example.com (password, verified, 1 claims)", dry);
        Assert.Contains($"would create     bob-{suffix}@example.com (password, inactive: locked out)", dry);
        Assert.Contains($"would create     carol-{suffix}@example.com (no password)", dry);
        Assert.Contains($"skipped          noemail-{suffix}: no email address", dry);
        Assert.Contains("would create: 3, already present: 0, skipped: 1, failed: 0", dry);
        Assert.Empty(await admin.ListAsync("/admin/identities"));

        var (applyCode, applied) = await RunAsync("--apply");
        Assert.True(applyCode == 0, applied);
        Assert.Contains("created: 3, already present: 0, skipped: 1, failed: 0", applied);

        var ada = Assert.Single(await admin.ListAsync($"/admin/identities?credentials_identifier=ada-{suffix}@example.com"))!.AsObject();
        Assert.True(ada["verifiable_addresses"]![0]!["verified"]!.GetValue<bool>());
        Assert.Equal("active", ada["state"]!.GetValue<string>());
        Assert.Equal("admin", ada["metadata_admin"]!["aspnet_identity"]!["claims"]!["role"]![0]!.GetValue<string>());
        var bob = Assert.Single(await admin.ListAsync($"/admin/identities?credentials_identifier=bob-{suffix}@example.com"))!.AsObject();
        Assert.Equal("inactive", bob["state"]!.GetValue<string>());
        Assert.False(bob["verifiable_addresses"]![0]!["verified"]!.GetValue<bool>());
        var adaDetail = await Wire.ObjectAsync(await admin.GetAsync($"/admin/identities/{ada["id"]}?include_credential=password"));
        Assert.StartsWith("$aspnet-identity$AQAAAA", adaDetail["credentials"]!["password"]!["config"]!["hashed_password"]!.GetValue<string>());

        var (againCode, again) = await RunAsync("--apply");
        Assert.True(againCode == 0, again);
        Assert.Contains("created: 0, already present: 3, skipped: 1, failed: 0", again);
        Assert.Contains($"already present  ada-{suffix}@example.com", again);
        Assert.Equal(3, (await admin.ListAsync("/admin/identities")).Count);

        // Ada's Identity password signs her in, and her hash becomes argon2id; locked-out Bob is refused.
        using var client = portal.NewClient();
        var flow = await client.CreateApiFlowAsync("login");
        var response = await client.SubmitJsonAsync("login", PortalClient.Id(flow), new JsonObject
            { ["method"] = "password", ["identifier"] = $"ada-{suffix}@example.com", ["password"] = "Ada-Lovelace-1815" });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<PasswordStore>().FindAsync(Guid.Parse(ada["id"]!.GetValue<string>()));
            Assert.StartsWith("$argon2id$", stored!.HashedPassword);
        }
        var bobFlow = await client.CreateApiFlowAsync("login");
        var bobRefused = await Wire.AssertFlowAsync(await client.SubmitJsonAsync("login", PortalClient.Id(bobFlow), new JsonObject
            { ["method"] = "password", ["identifier"] = $"bob-{suffix}@example.com", ["password"] = "Bob-Builder-2000" }));
        Assert.Equal([4000006], Wire.Ids(Wire.FlowMessages(bobRefused)));
    }

    [Fact]
    public async Task Bad_arguments_print_the_usage_and_fail()
    {
        var output = new StringWriter();
        Assert.Equal(2, await ImportAspNetIdentity.Command.RunAsync(["--sqlite", "/nonexistent.db", "--admin-url", portal.AdminUrl], output, output));
        Assert.Contains("There is no SQLite database", output.ToString());
        Assert.Contains("Usage: import-aspnet-identity", output.ToString());
    }
}
