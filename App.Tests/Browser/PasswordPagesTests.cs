using System.Text.Json.Nodes;
using App.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// The password step of the sign-in page and the nudge after it: axe in light and dark, no sideways
/// scrolling at desktop and phone width, keyboard focus where it belongs, and pictures of each to look
/// at (written to <c>PASSWORD_SCREENSHOTS_DIR</c>, or a temporary folder).
/// </summary>
public sealed class PasswordPagesTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private readonly PortalFactory portal = PortalFactory.StartKestrelWithAdmin(new Dictionary<string, string?>
    {
        ["selfservice.methods.password.enabled"] = "true",
        ["hashers.argon2.memory"] = "1MB",
        ["hashers.argon2.iterations"] = "1",
    });

    private static readonly string Pictures = Environment.GetEnvironmentVariable("PASSWORD_SCREENSHOTS_DIR")
        ?? Directory.CreateTempSubdirectory("password-screenshots-").FullName;

    public void Dispose() => portal.Dispose();

    [Theory]
    [InlineData(1280, 800)]
    [InlineData(360, 760)]
    public async Task The_password_step_and_the_nudge_pass_axe_and_fit_the_screen(int width, int height)
    {
        var email = $"layout-{width}-{Guid.NewGuid():N}@example.com";
        using (var http = new HttpClient())
        {
            var body = new JsonObject
            {
                ["traits"] = new JsonObject { ["email"] = email },
                ["credentials"] = new JsonObject { ["password"] = new JsonObject { ["config"] = new JsonObject { ["password"] = "layout password" } } },
            };
            var created = await http.PostAsync(portal.AdminUrl + "/admin/identities", new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        }
        await using var session = await chromium.OpenAsync(portal, new() { BypassCSP = true, ViewportSize = new() { Width = width, Height = height } });
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        var page = session.Page;
        var audit = new AxeAudit();

        await page.GotoAsync("/login");
        await audit.CheckAsync(page, $"/login with Use password at {width}px");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use password" }).ClickAsync();
        var emailField = page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true });
        await Expect(emailField).ToBeFocusedAsync();
        await audit.CheckAsync(page, $"the password step at {width}px");
        await FitsAsync(page, width, "the password step");
        await ShootAsync(page, $"password-step-{width}");

        await emailField.FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("wrong");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[data-message-id='4000006']")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Password", new() { Exact = true })).ToBeFocusedAsync();
        await audit.CheckAsync(page, $"the password step refused at {width}px");
        await FitsAsync(page, width, "the refused password step");
        await ShootAsync(page, $"password-refused-{width}");

        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("layout password");
        await page.Keyboard.PressAsync("Enter");
        await session.WaitForPathAsync("/passwordless");
        await audit.CheckAsync(page, $"the nudge at {width}px");
        await FitsAsync(page, width, "the nudge");
        await ShootAsync(page, $"nudge-{width}");
        audit.AssertClean();
        Assert.Empty(session.Errors);
    }

    private static async Task FitsAsync(IPage page, int width, string what)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{what}: the page is {scrollWidth}px wide at {width}px.");
    }

    private static async Task ShootAsync(IPage page, string name)
    {
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = scheme, ReducedMotion = ReducedMotion.Reduce });
            await page.ScreenshotAsync(new() { Path = Path.Combine(Pictures, $"{name}-{scheme.ToString().ToLowerInvariant()}.png"), FullPage = true });
        }
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light, ReducedMotion = ReducedMotion.NoPreference });
    }
}
