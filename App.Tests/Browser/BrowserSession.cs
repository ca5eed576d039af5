using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using App.Tests.Infrastructure;
using Microsoft.Playwright;

namespace App.Tests.Browser;

/// <summary>
/// One test's browser: a fresh context and page on a portal, the page's console and failures kept
/// for the failure message, and the steps a person takes on the hosted pages, driven by role and
/// accessible name.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>Makes the page believe autofill (conditional mediation) is unavailable, so only the button signs in.</summary>
    public const string NoConditionalMediation =
        "if (window.PublicKeyCredential) PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);";

    private readonly ConcurrentQueue<string> log = new();
    private readonly ConcurrentQueue<string> errors = new();
    private ICDPSession? cdp;

    private BrowserSession(IBrowserContext context, IPage page, PortalFactory portal)
    {
        Context = context;
        Page = page;
        Portal = portal;
        // A Playwright event handler that throws breaks the shared connection, so these only record.
        page.Console += (_, message) => Record(() => $"console.{message.Type}: {message.Text}", message.Type == "error");
        page.PageError += (_, error) => Record(() => $"page error: {error}", isError: true);
        page.RequestFailed += (_, request) => Record(() => $"request failed: {request.Method} {request.Url} {request.Failure}");
        page.Response += (_, response) => Record(() => $"{response.Status} {response.Request.Method} {response.Url}");
    }

    private void Record(Func<string> describe, bool isError = false)
    {
        try
        {
            var line = describe();
            log.Enqueue(line);
            if (isError) errors.Enqueue(line);
        }
        catch (Exception e)
        {
            log.Enqueue($"(event not recorded: {e.Message})");
        }
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public PortalFactory Portal { get; }

    public static async Task<BrowserSession> OpenAsync(IBrowser browser, PortalFactory portal, BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BaseURL ??= portal.BaseUrl;
        var context = await browser.NewContextAsync(options);
        context.SetDefaultTimeout(20_000);
        return new BrowserSession(context, await context.NewPageAsync(), portal);
    }

    public Task AddInitScriptAsync(string script) => Context.AddInitScriptAsync(script);

    /// <summary>Adds a virtual authenticator to this page (enabling the WebAuthn domain on first use).</summary>
    public async Task<VirtualAuthenticator> AddAuthenticatorAsync(AuthenticatorKind? kind = null) =>
        await VirtualAuthenticator.AddAsync(await WebAuthnAsync(), kind ?? AuthenticatorKind.Platform);

    /// <summary>Turns on the WebAuthn domain with no authenticator: navigator.credentials then waits for one that never comes.</summary>
    public async Task<ICDPSession> WebAuthnAsync()
    {
        if (cdp is not null) return cdp;
        cdp = await Context.NewCDPSessionAsync(Page);
        await cdp.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        return cdp;
    }

    /// <summary>Console errors and uncaught exceptions of the page so far, CSP violations included.</summary>
    public IReadOnlyCollection<string> Errors => errors.ToArray();

    public string PathNow => new Uri(Page.Url).AbsolutePath;

    /// <summary>Fills in the sign-up form and asks for a passkey, without waiting for where it leads (a refusal stays put).</summary>
    public async Task SubmitRegistrationAsync(string email)
    {
        await Page.GotoAsync("/registration");
        await Page.GetByLabel("Email").FillAsync(email);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign up with passkey" }).ClickAsync();
    }

    /// <summary>Signs up with a passkey; a sign-up ends on the settings page's backup question.</summary>
    public async Task RegisterToBackupQuestionAsync(string email)
    {
        await SubmitRegistrationAsync(email);
        await WaitForPathAsync("/settings");
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("Save another passkey") })).ToBeVisibleAsync();
        // The circuit replaces the prerendered page when it starts; a click in that moment can land on
        // an element being swapped out and go nowhere. The question's buttons are enabled once it has.
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Later", Exact = true })).ToBeEnabledAsync();
    }

    /// <summary>Signs up and goes on past "Save another passkey for a backup?" without answering it, as a user may.</summary>
    public async Task RegisterAsync(string email)
    {
        await RegisterToBackupQuestionAsync(email);
        await Page.GetByRole(AriaRole.Link, new() { Name = "Back" }).ClickAsync();
    }

    /// <summary>
    /// The sign-in page's "Email" field. By role, so the email form inside the closed "Can't use
    /// passkey?" disclosure, which is also called "Email", is not in the way until it is opened.
    /// </summary>
    public ILocator EmailField => Page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true });

    /// <summary>"Can't use passkey?" → "Send link" → the emailed code → "Continue", ending on the welcome page.</summary>
    public async Task SignInWithEmailCodeAsync(string email)
    {
        await Page.GotoAsync("/login");
        var fallback = Page.Locator("details", new() { Has = Page.GetByText("Can't use passkey?") });
        await fallback.GetByText("Can't use passkey?").ClickAsync();
        await fallback.GetByRole(AriaRole.Textbox, new() { Name = "Email" }).FillAsync(email);
        await fallback.GetByRole(AriaRole.Button, new() { Name = "Send link" }).ClickAsync();
        await Page.GetByLabel("Code").FillAsync(Integration.Support.EmailSteps.CodeIn(await Integration.Support.EmailSteps.LatestEmailAsync(Portal, email)));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await WaitForWelcomeAsync();
    }

    public async Task SignOutAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await WaitForPathAsync("/login");
    }

    /// <summary>Waits until the page is <paramref name="path"/>; otherwise fails with what the page and browser said.</summary>
    public async Task WaitForPathAsync(string path, float timeout = 20_000)
    {
        try
        {
            // Polls rather than waiting for a navigation event: a redirect that lands before the wait
            // starts, on a slow machine, would otherwise never be seen. Once the document has left the
            // "loading" state the deferred module script has wired the buttons; images need not have arrived.
            var address = new Regex("^https?://[^/]+" + Regex.Escape(path) + "([?#].*)?$");
            await Assertions.Expect(Page).ToHaveURLAsync(address, new() { Timeout = timeout });
            await Page.WaitForFunctionAsync("() => document.readyState !== 'loading'", null, new() { Timeout = timeout });
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            throw new Xunit.Sdk.XunitException($"Expected to reach {path}, but the page stayed on {Page.Url}.\n{await DescribeAsync()}");
        }
    }

    /// <summary>Waits for the signed-in page and returns the address it says the user is signed in as.</summary>
    public async Task<string> WaitForWelcomeAsync()
    {
        await WaitForPathAsync("/welcome");
        return (await Page.GetByTestId("signed-in-as").TextContentAsync())?.Trim() ?? "";
    }

    /// <summary>The status of <c>GET /sessions/whoami</c> with this context's cookies.</summary>
    public async Task<int> WhoAmIStatusAsync()
    {
        var response = await Context.APIRequest.GetAsync(Portal.BaseUrl + "/sessions/whoami");
        return response.Status;
    }

    /// <summary>The page's status region, alerts and the browser's log: what a failure message needs.</summary>
    public async Task<string> DescribeAsync()
    {
        string status, alerts;
        try
        {
            status = string.Join(" | ", await Page.Locator("#passkey-status").AllTextContentsAsync());
            alerts = string.Join(" | ", await Page.GetByRole(AriaRole.Alert).AllTextContentsAsync());
        }
        catch (PlaywrightException e)
        {
            status = alerts = $"(unreadable: {e.Message})";
        }
        return $"#passkey-status: {status}\nalerts: {alerts}\nbrowser log:\n  {string.Join("\n  ", log)}";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (cdp is not null) await cdp.DetachAsync();
        }
        catch (PlaywrightException)
        {
            // The page is already gone; closing the context below is what matters.
        }
        await Context.CloseAsync();
    }
}
