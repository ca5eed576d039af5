using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using App.Tests.Authenticator;
using App.Tests.Infrastructure;
using Microsoft.Playwright;

namespace App.Tests.Browser;

/// <summary>
/// "Can't use passkey?" end to end: Chromium on the hosted pages, the portal's courier delivering
/// over SMTP to maildev, and the code or link read back from the email that arrived there.
/// </summary>
public sealed class EmailSignInTests(MailBrowserFixture fixture) : IClassFixture<MailBrowserFixture>
{
    private Maildev Maildev => fixture.Maildev;

    [Fact]
    public async Task Signs_in_with_the_emailed_code_on_a_device_without_a_passkey()
    {
        var email = await RegisterWithPasskeyAsync(fixture.Portal, "code");

        await using var session = await fixture.OpenAsync();
        await RequestEmailAsync(session, email);

        var mail = await Maildev.WaitForEmailAsync(email);
        Assert.Equal([email], mail.To);
        Assert.Equal(MailBrowserFixture.FromAddress, mail.From);
        Assert.Matches(@"^\d{6} is your .+ sign-in code$", mail.Subject);
        Assert.Contains(mail.Code(), mail.Text);
        Assert.StartsWith(fixture.Portal.BaseUrl + "/login?flow=", mail.Link());
        Assert.Contains(mail.Code(), mail.Html ?? "");

        await session.Page.GetByRole(AriaRole.Textbox, new() { Name = "Code", Exact = true }).FillAsync(mail.Code());
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        Assert.Equal(email, await session.WaitForWelcomeAsync());
        Assert.Equal(200, await session.WhoAmIStatusAsync());
    }

    [Fact]
    public async Task Signs_in_with_the_emailed_link_only_in_the_browser_that_asked()
    {
        var email = await RegisterOverApiAsync(fixture.Portal, "link");
        await using var session = await fixture.OpenAsync();
        await RequestEmailAsync(session, email);
        var link = (await Maildev.WaitForEmailAsync(email)).Link();

        // Another browser (a phone's mail app, a colleague's forwarded mail) gets no session from it.
        await using var elsewhere = await fixture.OpenAsync();
        await elsewhere.Page.GotoAsync(link);
        await Assertions.Expect(Heading(elsewhere, "Open the link where you asked for it")).ToBeVisibleAsync();
        Assert.Equal(0, await elsewhere.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).CountAsync());
        Assert.Equal(401, await elsewhere.WhoAmIStatusAsync());

        // In the browser that asked, opening the link alone signs nobody in: a mail scanner that
        // follows links must not use it up. The click does.
        await session.Page.GotoAsync(link);
        await Assertions.Expect(Heading(session, "Finish signing in")).ToBeVisibleAsync();
        await Assertions.Expect(session.Page.Locator("main")).ToContainTextAsync(email);
        Assert.Equal(401, await session.WhoAmIStatusAsync());
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        Assert.Equal(email, await session.WaitForWelcomeAsync());
        Assert.Equal(200, await session.WhoAmIStatusAsync());

        // Used, the link still signs nobody in elsewhere.
        await elsewhere.Page.GotoAsync(link);
        await Assertions.Expect(Heading(elsewhere, "Open the link where you asked for it")).ToBeVisibleAsync();
        Assert.Equal(401, await elsewhere.WhoAmIStatusAsync());
    }

    [Fact]
    public async Task Signs_in_with_the_code_when_JavaScript_is_off()
    {
        var email = await RegisterOverApiAsync(fixture.Portal, "nojs");
        await using var session = await fixture.OpenAsync(options: new BrowserNewContextOptions { JavaScriptEnabled = false });
        await session.Page.GotoAsync("/login");

        var field = FallbackEmail(session);
        await Assertions.Expect(field).ToBeHiddenAsync();
        await session.Page.GetByText("Can't use passkey?", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(field).ToBeVisibleAsync();
        await field.FillAsync(email);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Send link", Exact = true }).ClickAsync();
        await Assertions.Expect(Heading(session, "Check your email")).ToBeVisibleAsync();

        var mail = await Maildev.WaitForEmailAsync(email);
        await session.Page.GetByRole(AriaRole.Textbox, new() { Name = "Code", Exact = true }).FillAsync(mail.Code());
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        Assert.Equal(email, await session.WaitForWelcomeAsync());
        Assert.Equal(200, await session.WhoAmIStatusAsync());
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_page_and_no_email()
    {
        var known = await RegisterOverApiAsync(fixture.Portal, "known");
        var unknown = PasskeySignInTests.NewEmail("unknown");

        // The unknown address asks first: were it sent anything, it would leave before the known one.
        await using var stranger = await fixture.OpenAsync();
        await RequestEmailAsync(stranger, unknown);
        await using var owner = await fixture.OpenAsync();
        await RequestEmailAsync(owner, known);

        Assert.Equal(
            (await PageTextAsync(owner)).Replace(known, "ADDRESS"),
            (await PageTextAsync(stranger)).Replace(unknown, "ADDRESS"));
        Assert.Equal(
            await ControlsAsync(owner),
            await ControlsAsync(stranger));

        await Maildev.WaitForEmailAsync(known);
        await Task.Delay(MailBrowserFixture.PollInterval * 10);
        Assert.Empty(await Maildev.ListForAsync(unknown));
    }

    [Fact]
    public async Task An_unknown_address_is_told_there_is_no_account_when_the_portal_says_so()
    {
        using var portal = MailBrowserFixture.StartPortal(Maildev, new Dictionary<string, string?>
        {
            ["selfservice.methods.code.config.notify_unknown_recipients"] = "true",
        });
        var unknown = PasskeySignInTests.NewEmail("notify");
        await using var session = await fixture.OpenAsync(portal);
        await RequestEmailAsync(session, unknown);

        var mail = await Maildev.WaitForEmailAsync(unknown);
        Assert.DoesNotMatch(@"\b\d{6}\b", mail.Subject + mail.Text);
        Assert.DoesNotContain("link=", mail.Text);
        await Task.Delay(MailBrowserFixture.PollInterval * 10);
        Assert.Single(await Maildev.ListForAsync(unknown));
    }

    /// <summary>
    /// The SMTP server is down when the email is asked for: the message waits in the outbox with
    /// the failed attempt recorded, and once the server is back it arrives exactly once and its
    /// code still signs in.
    /// </summary>
    [Fact]
    public async Task An_email_asked_for_during_an_SMTP_outage_arrives_once_when_the_server_is_back()
    {
        await using var smtp = await Maildev.StartAsync();
        using var portal = MailBrowserFixture.StartPortal(smtp, new Dictionary<string, string?> { ["courier.message_retries"] = "50" });
        using var admin = new HttpClient { BaseAddress = new Uri(portal.AdminUrl) };
        var email = await RegisterOverApiAsync(portal, "outage");

        await smtp.StopAsync();
        await using var session = await fixture.OpenAsync(portal);
        await RequestEmailAsync(session, email);

        var waiting = await WaitForMessageAsync(admin, email,
            m => m["status"]!.GetValue<string>() == "queued" && Dispatches(m).Any(d => d["status"]!.GetValue<string>() == "failed"),
            "queued after a failed attempt");
        var failure = Dispatches(waiting).First(d => d["status"]!.GetValue<string>() == "failed");
        Assert.False(string.IsNullOrWhiteSpace(failure["error"]?["message"]?.GetValue<string>()), waiting.ToJsonString());

        await smtp.RestartAsync();
        var mail = await smtp.WaitForEmailAsync(email, timeout: TimeSpan.FromSeconds(30));

        // Several more polls and a retry's wait: a second copy would have left by now.
        await Task.Delay(MailBrowserFixture.PollInterval * 10 + TimeSpan.FromSeconds(1));
        Assert.Single(await smtp.ListForAsync(email));
        var sent = await WaitForMessageAsync(admin, email, m => m["status"]!.GetValue<string>() == "sent", "sent");
        var dispatches = Dispatches(sent);
        Assert.Equal("success", dispatches[^1]["status"]!.GetValue<string>());
        Assert.Single(dispatches, d => d["status"]!.GetValue<string>() == "success");
        Assert.Equal(dispatches.Count, sent["send_count"]!.GetValue<int>());

        await session.Page.GetByRole(AriaRole.Textbox, new() { Name = "Code", Exact = true }).FillAsync(mail.Code());
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true }).ClickAsync();
        Assert.Equal(email, await session.WaitForWelcomeAsync());
    }

    [Fact]
    public async Task Asking_too_often_says_how_long_to_wait()
    {
        using var portal = MailBrowserFixture.StartPortal(Maildev, new Dictionary<string, string?>
        {
            ["selfservice.methods.code.config.rate_limits.sends_per_address"] = "1",
            ["selfservice.methods.code.config.rate_limits.window"] = "1m",
        });
        var email = await RegisterOverApiAsync(portal, "limit");
        await using var session = await fixture.OpenAsync(portal);
        await RequestEmailAsync(session, email);
        await Maildev.WaitForEmailAsync(email);

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Resend code", Exact = true }).ClickAsync();
        await AssertWaitIsShownAsync(session, maxSeconds: 60);

        // A new attempt from the start is held back the same way.
        await using var again = await fixture.OpenAsync(portal);
        await again.Page.GotoAsync("/login");
        await again.Page.GetByText("Can't use passkey?", new() { Exact = true }).ClickAsync();
        await FallbackEmail(again).FillAsync(email);
        await again.Page.GetByRole(AriaRole.Button, new() { Name = "Send link", Exact = true }).ClickAsync();
        await AssertWaitIsShownAsync(again, maxSeconds: 60);
        // Said beside the email form, which stays open with the address typed.
        var fallback = again.Page.Locator("details", new() { Has = again.Page.GetByText("Can't use passkey?", new() { Exact = true }) });
        await Assertions.Expect(fallback.GetByRole(AriaRole.Alert)).ToContainTextAsync("wait");
        await Assertions.Expect(FallbackEmail(again)).ToHaveValueAsync(email);

        await Task.Delay(MailBrowserFixture.PollInterval * 10);
        Assert.Single(await Maildev.ListForAsync(email));
    }

    private static async Task AssertWaitIsShownAsync(BrowserSession session, int maxSeconds)
    {
        var alert = session.Page.GetByRole(AriaRole.Alert).Filter(new() { HasTextRegex = new Regex("wait") });
        try
        {
            await Assertions.Expect(alert).ToHaveCountAsync(1);
        }
        catch (PlaywrightException)
        {
            throw new Xunit.Sdk.XunitException($"No message to wait.\n{await session.DescribeAsync()}");
        }
        var text = await alert.InnerTextAsync();
        var wait = Regex.Match(text, @"wait (\d+) seconds");
        Assert.True(wait.Success, $"The message names no wait in seconds: \"{text}\"");
        Assert.InRange(int.Parse(wait.Groups[1].Value), 1, maxSeconds);
    }

    /// <summary>Registers in one browser with a virtual passkey, signs out and closes that browser.</summary>
    private async Task<string> RegisterWithPasskeyAsync(PortalFactory portal, string purpose)
    {
        var email = PasskeySignInTests.NewEmail(purpose);
        await using var device = await fixture.OpenAsync(portal);
        await device.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        await device.AddAuthenticatorAsync();
        await device.RegisterAsync(email);
        Assert.Equal(email, await device.WaitForWelcomeAsync());
        await device.SignOutAsync();
        Assert.Equal(401, await device.WhoAmIStatusAsync());
        return email;
    }

    /// <summary>Registers over the JSON API with a software passkey, as an SPA would.</summary>
    private static async Task<string> RegisterOverApiAsync(PortalFactory portal, string purpose)
    {
        var email = PasskeySignInTests.NewEmail(purpose);
        using var client = portal.NewClient();
        var (response, body) = await Journeys.RegisterAsync(client, new SoftwareAuthenticator(), email);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return email;
    }

    /// <summary>/login → "Can't use passkey?" → Email → "Send link" → "Check your email".</summary>
    private static async Task RequestEmailAsync(BrowserSession session, string email)
    {
        await session.Page.GotoAsync("/login");
        await session.Page.GetByText("Can't use passkey?", new() { Exact = true }).ClickAsync();
        await FallbackEmail(session).FillAsync(email);
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Send link", Exact = true }).ClickAsync();
        try
        {
            await Assertions.Expect(Heading(session, "Check your email")).ToBeVisibleAsync();
        }
        catch (PlaywrightException)
        {
            throw new Xunit.Sdk.XunitException($"\"Send link\" did not lead to \"Check your email\" ({session.Page.Url}).\n{await session.DescribeAsync()}");
        }
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Textbox, new() { Name = "Code", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Button, new() { Name = "Continue", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Button, new() { Name = "Resend code", Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>The "Email" box of the "Can't use passkey?" disclosure (the page has another "Email" for passkeys).</summary>
    private static ILocator FallbackEmail(BrowserSession session) =>
        session.Page.Locator("#passkey-fallback").GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true });

    private static ILocator Heading(BrowserSession session, string name) =>
        session.Page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true });

    private static async Task<string> PageTextAsync(BrowserSession session) =>
        await session.Page.Locator("main").InnerTextAsync();

    /// <summary>The page's form controls as a person meets them: role, name, and what each sends.</summary>
    private static async Task<string> ControlsAsync(BrowserSession session)
    {
        var controls = session.Page.Locator("main").Locator("input:not([type=hidden]), button, a");
        var described = new List<string>();
        foreach (var control in await controls.AllAsync())
            described.Add(await control.EvaluateAsync<string>(
                "e => [e.tagName, e.type || '', e.name || '', e.value === undefined ? '' : (e.tagName === 'INPUT' ? '' : e.value), e.textContent.trim(), e.getAttribute('href') || ''].join('|')"));
        return string.Join("\n", described);
    }

    private static async Task<JsonObject> WaitForMessageAsync(HttpClient admin, string recipient, Func<JsonObject, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        JsonObject? last = null;
        while (true)
        {
            var list = JsonNode.Parse(await admin.GetStringAsync($"/admin/courier/messages?recipient={Uri.EscapeDataString(recipient)}"))!.AsArray();
            if (list.Count > 0)
            {
                Assert.Single(list);
                var id = list[0]!["id"]!.GetValue<string>();
                last = JsonNode.Parse(await admin.GetStringAsync($"/admin/courier/messages/{id}"))!.AsObject();
                if (done(last)) return last;
            }
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"The courier message to {recipient} was never {what}: {last?.ToJsonString() ?? "(none)"}");
            await Task.Delay(100);
        }
    }

    private static List<JsonObject> Dispatches(JsonObject message) =>
        message["dispatches"]?.AsArray().Select(d => d!.AsObject()).ToList() ?? [];
}
