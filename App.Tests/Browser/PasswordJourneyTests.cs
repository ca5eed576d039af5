using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// Legacy password accounts in Chromium, one imported with a bcrypt hash through the admin API and
/// one imported from an ASP.NET Core Identity database by the import command: "Use password" behind
/// the passkey, the nudge that saves a passkey, the offer to disable the password
/// (offer_disable_after 0s), and then the password refused like a wrong one.
/// </summary>
public sealed class PasswordJourneyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly PortalFactory portal = PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?>
    {
        ["selfservice.methods.password.enabled"] = "true",
        ["selfservice.methods.password.config.offer_disable_after"] = "0s",
        ["hashers.argon2.memory"] = "1MB",
        ["hashers.argon2.iterations"] = "1",
    });

    public void Dispose() => portal.Dispose();

    [Fact]
    public async Task A_bcrypt_import_signs_in_with_its_password_saves_a_passkey_and_drops_the_password()
    {
        var email = $"bcrypt-browser-{Guid.NewGuid():N}@example.com";
        using var http = new HttpClient();
        var body = new JsonObject
        {
            ["traits"] = new JsonObject { ["email"] = email },
            ["credentials"] = new JsonObject { ["password"] = new JsonObject { ["config"] = new JsonObject { ["hashed_password"] = BCrypt.Net.BCrypt.HashPassword("Tr0ub4dor&3", 5) } } },
        };
        var created = await http.PostAsync(portal.AdminUrl + "/admin/identities", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        await JourneyAsync(email, "Tr0ub4dor&3");
    }

    [Fact]
    public async Task An_ASP_NET_Core_Identity_import_signs_in_with_its_password_saves_a_passkey_and_drops_the_password()
    {
        var email = $"identity-browser-{Guid.NewGuid():N}@example.com";
        var database = Path.Combine(Directory.CreateTempSubdirectory("aspnet-identity-").FullName, "app.db");
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<IdentityDbContext>(o => o.UseSqlite($"Data Source={database}"));
        services.AddIdentityCore<IdentityUser>().AddEntityFrameworkStores<IdentityDbContext>();
        await using (var provider = services.BuildServiceProvider())
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Database.EnsureCreatedAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
            Assert.True((await users.CreateAsync(new IdentityUser { UserName = email, Email = email, EmailConfirmed = true }, "Correct-Horse-9")).Succeeded);
        }
        var output = new StringWriter();
        Assert.Equal(0, await ImportAspNetIdentity.Command.RunAsync(["--sqlite", database, "--admin-url", portal.AdminUrl, "--apply"], output, output));
        Assert.Contains("created: 1", output.ToString());
        await JourneyAsync(email, "Correct-Horse-9");
    }

    private async Task SignInWithPasswordAsync(BrowserSession session, string email, string password)
    {
        var page = session.Page;
        await page.GotoAsync("/login");
        // The passkey comes first; the password is behind it.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in with passkey" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Password" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use password" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    private async Task JourneyAsync(string email, string password)
    {
        await using var session = await chromium.OpenAsync(portal);
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        var page = session.Page;

        await SignInWithPasswordAsync(session, email, "not " + password);
        var field = page.GetByLabel("Password", new() { Exact = true });
        await Expect(page.Locator("[data-message-id='4000006']")).ToBeVisibleAsync();
        await Expect(field).ToHaveValueAsync("");

        await SignInWithPasswordAsync(session, email, password);
        await session.WaitForPathAsync("/passwordless");
        await Expect(page.GetByText("Switch to passwordless sign-in?")).ToBeVisibleAsync();
        await Expect(page.GetByText("Faster, more secure, no passwords to remember.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Not now" })).ToBeVisibleAsync();
        var phone = await session.AddAuthenticatorAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save passkey" }).ClickAsync();
        await session.WaitForPathAsync("/settings");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your changes have been saved!" })).ToBeVisibleAsync();
        Assert.Single(await phone.GetCredentialsAsync());
        // The live settings page says the account still has a password, and offers to drop it now that a passkey exists.
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Password" })).ToContainTextAsync("still has a password");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Disable password" })).ToBeVisibleAsync();

        await page.GotoAsync("/welcome");
        await session.SignOutAsync();
        await SignInWithPasswordAsync(session, email, password);
        await session.WaitForPathAsync("/passwordless");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Disable password?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Disable password" }).ClickAsync();
        await session.WaitForPathAsync("/settings");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your changes have been saved!" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Password" })).ToHaveCountAsync(0);

        // The passkey signs in; the password no longer does, with the same answer as a wrong one.
        await page.GotoAsync("/welcome");
        await session.SignOutAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with passkey" }).ClickAsync();
        Assert.Equal(email, await session.WaitForWelcomeAsync());
        await session.SignOutAsync();
        await SignInWithPasswordAsync(session, email, password);
        await Expect(page.Locator("[data-message-id='4000006']")).ToBeVisibleAsync();
        Assert.Equal(401, await session.WhoAmIStatusAsync());
        Assert.Empty(session.Errors);
    }
}
