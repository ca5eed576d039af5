using App.Tests.Infrastructure;
using App.Tests.Integration.Support;
using Microsoft.Playwright;
using static App.Tests.Browser.CircuitSteps;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>
/// A circuit lives no longer than its session: signing out, being signed out from another device
/// and the session's expiry each end the circuits of the passkeys pages still open for it.
/// </summary>
public sealed class CircuitLifetimeTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static string NewEmail(string name) => $"{name}-{Guid.NewGuid():N}@example.com";

    [Fact]
    public async Task Signing_out_in_another_tab_ends_the_circuit_of_the_open_passkeys_page()
    {
        await using var session = await chromium.OpenAsync();
        await SignUpAndOpenSettingsAsync(session, NewEmail("tabs"));
        var sessionId = await SessionIdAsync(session);
        await WaitForCircuitsAsync(session.Portal, sessionId, 1);

        var tab = await session.Context.NewPageAsync();
        await tab.GotoAsync("/welcome");
        await tab.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(tab).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));

        // The open passkeys page is sent to sign in, and its circuit is gone from the server.
        await Expect(session.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        await WaitForCircuitsAsync(session.Portal, sessionId, 0);
        Assert.Equal(401, await session.WhoAmIStatusAsync());
    }

    [Fact]
    public async Task Signing_a_session_out_from_another_device_ends_that_devices_circuit()
    {
        var portal = chromium.Portal;
        var email = NewEmail("devices");
        await using var laptop = await chromium.OpenAsync();
        await SignUpAndOpenSettingsAsync(laptop, email);

        // The same person on a phone, signed in by email, with the passkeys page open.
        await using var phone = await chromium.OpenAsync();
        await phone.SignInWithEmailCodeAsync(email);
        await OpenSettingsAsync(phone);
        var phoneSession = await SessionIdAsync(phone);
        await WaitForCircuitsAsync(portal, phoneSession, 1);

        // On the laptop: "Sign out" for the phone's session alone.
        await laptop.Page.ReloadAsync();
        var elsewhere = laptop.Page.GetByRole(AriaRole.Region, new() { Name = "Signed in elsewhere" });
        var item = elsewhere.GetByRole(AriaRole.Listitem);
        await Expect(item).ToHaveCountAsync(1);
        await item.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(elsewhere.GetByRole(AriaRole.Status)).ToContainTextAsync("is now signed out");
        await Expect(elsewhere.GetByText("You are signed in only here.")).ToBeVisibleAsync();

        await Expect(phone.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
        await WaitForCircuitsAsync(portal, phoneSession, 0);
        Assert.Equal(401, await phone.WhoAmIStatusAsync());
        Assert.Equal(200, await laptop.WhoAmIStatusAsync());
        await WaitForCircuitsAsync(portal, await SessionIdAsync(laptop), 1);
    }

    [Fact]
    public async Task A_page_that_does_not_leave_when_told_still_loses_its_circuit()
    {
        await using var session = await chromium.OpenAsync();
        await SignUpAndOpenSettingsAsync(session, NewEmail("stays"));
        var sessionId = await SessionIdAsync(session);
        await WaitForCircuitsAsync(session.Portal, sessionId, 1);
        // The sign-in page this browser is sent to never answers, so the page stays and never hangs up.
        var held = new TaskCompletionSource();
        await session.Page.RouteAsync("**/self-service/login/**", async route =>
        {
            await held.Task;
            await route.AbortAsync();
        });

        try
        {
            var tab = await session.Context.NewPageAsync();
            await tab.GotoAsync("/welcome");
            await tab.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

            // The server tears the circuit down itself, while the page is still there (it hangs up
            // only when it is hidden, which it never is).
            await WaitForCircuitsAsync(session.Portal, sessionId, 0);
            Assert.EndsWith("/settings", new Uri(session.Page.Url).AbsolutePath);
        }
        finally
        {
            held.TrySetResult();
        }
    }

    [Fact]
    public async Task An_expired_session_loses_its_circuit()
    {
        var clock = new FakeClock();
        using var portal = PortalFactory.StartKestrel(clock: clock);
        await using var session = await chromium.OpenAsync(portal);
        await SignUpAndOpenSettingsAsync(session, NewEmail("expiry"));
        var sessionId = await SessionIdAsync(session);
        await WaitForCircuitsAsync(portal, sessionId, 1);

        // Nothing signs the session out: it just ends, and the sweep finds it.
        clock.Advance(TimeSpan.FromHours(25));

        await WaitForCircuitsAsync(portal, sessionId, 0);
        await Expect(session.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
    }
}
