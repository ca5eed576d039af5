using App.Data;
using App.Sessions;
using App.Sessions.Circuits;
using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace App.Tests.Browser;

/// <summary>Steps the circuit tests share: reach the live passkeys page, and look at what the server holds.</summary>
public static class CircuitSteps
{
    public static ILocator Passkeys(IPage page) =>
        page.GetByRole(AriaRole.List, new() { Name = "Saved passkeys" }).GetByRole(AriaRole.Listitem);

    public static ILocator AddButton(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Add passkey" });

    public static ILocator Saved(IPage page) =>
        page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Your changes have been saved!" });

    /// <summary>Signs up with a passkey, opens the passkeys page and waits until its circuit runs.</summary>
    public static async Task<VirtualAuthenticator> SignUpAndOpenSettingsAsync(BrowserSession session, string email)
    {
        await session.AddInitScriptAsync(BrowserSession.NoConditionalMediation);
        var phone = await session.AddAuthenticatorAsync();
        // A sign-up ends on the passkeys page, with the backup question.
        await session.RegisterToBackupQuestionAsync(email);
        await Expect(AddButton(session.Page)).ToBeEnabledAsync();
        return phone;
    }

    public static async Task OpenSettingsAsync(BrowserSession session)
    {
        await session.Page.GotoAsync("/self-service/settings/browser");
        await session.WaitForPathAsync("/settings");
        // The prerendered buttons are disabled until the circuit runs.
        await Expect(AddButton(session.Page)).ToBeEnabledAsync();
    }

    public static async Task<int> PasskeyCountAsync(PortalFactory portal, string email)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var id = await db.IdentityIdentifiers.Where(x => x.Value == email).Select(x => x.IdentityId).SingleAsync();
        return await db.Passkeys.CountAsync(p => p.IdentityId == id);
    }

    /// <summary>The session the browser context is signed in with, from its session cookie.</summary>
    public static async Task<Guid> SessionIdAsync(BrowserSession session)
    {
        var cookie = (await session.Context.CookiesAsync()).Single(c => c.Name == "ory_kratos_session");
        using var scope = session.Portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var hash = SessionTokens.Hash(cookie.Value);
        return await db.Sessions.Where(s => s.TokenHash == hash).Select(s => s.Id).SingleAsync();
    }

    /// <summary>Waits until the server holds <paramref name="expected"/> live circuits for the session.</summary>
    public static async Task WaitForCircuitsAsync(PortalFactory portal, Guid sessionId, int expected, int timeoutMs = 15_000)
    {
        var circuits = portal.Services.GetRequiredService<SessionCircuits>();
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (circuits.CountFor(sessionId) != expected)
        {
            if (DateTime.UtcNow > until)
                throw new Xunit.Sdk.XunitException($"Expected {expected} live circuit(s) for session {sessionId}, the server holds {circuits.CountFor(sessionId)}.");
            await Task.Delay(100);
        }
    }

    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, int timeoutMs = 15_000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new Xunit.Sdk.XunitException($"Timed out waiting for {what}.");
            await Task.Delay(100);
        }
    }
}
