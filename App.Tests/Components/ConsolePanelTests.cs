using App.Admin.Console;
using App.Components.Admin;
using App.Components.Interactive;
using App.Components.Themes;
using App.Configuration;
using App.Http;
using App.Tests.Unit.Configuration;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace App.Tests.Components;

/// <summary>The admin console's live panel: what it shows of an identity, what it asks before acting, and what an answer turns it into.</summary>
public sealed class ConsolePanelTests : ComponentTest
{
    private readonly FakeAdminConsole console = new();

    public ConsolePanelTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<IAdminConsole>(console);
        Services.AddSingleton(PortalSettings.Load(TestConfig.Build(TestConfig.Local())));
        Services.AddSingleton(new TokenTheme(ThemeTokens.Parse(File.ReadAllText(Path.Combine(LocalRoot(), "wwwroot/themes/default/tokens.css")))));
        Services.AddScoped<CircuitRequest>();
        AddAuthorization();
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private IRenderedComponent<ConsolePanel> OpenCustomer()
    {
        var cut = Render<ConsolePanel>();
        cut.Find("ul[aria-label='Identities found'] button").Click();
        cut.WaitForElement("#identity-title");
        return cut;
    }

    [Fact]
    public void Lists_identities_and_shows_one_with_its_passkeys_sessions_backup_codes_and_audit_trail()
    {
        var cut = OpenCustomer();

        Assert.Contains("Signed in as ops@example.com.", cut.Find("#signed-in-as").TextContent);
        Assert.Equal("jane@example.com", cut.Find("#identity-title").TextContent);
        Assert.Equal("3", cut.Find("#backup-codes-left").TextContent);
        var passkeys = cut.FindAll("ul[aria-label='Passkeys'] > li");
        Assert.Equal(2, passkeys.Count);
        Assert.Contains("iCloud Keychain", passkeys[0].TextContent);
        Assert.Contains("Passkey on macOS", passkeys[0].TextContent);
        Assert.Contains("2026-11-29 09:30 UTC", passkeys[0].TextContent);
        Assert.Contains("yes", passkeys[0].TextContent);
        Assert.Equal("data:image/svg+xml;base64,PHN2Zy8+", passkeys[0].QuerySelector("img.provider-icon-light")!.GetAttribute("src"));
        Assert.Contains("never", passkeys[1].TextContent);
        var sessions = cut.FindAll("ul[aria-label='Sessions'] > li");
        Assert.Contains("Chrome on macOS", sessions[0].TextContent);
        Assert.Equal("Revoke the session of Chrome on macOS, signed in 2026-11-28 09:30", sessions[0].QuerySelector("button")!.GetAttribute("aria-label"));
        Assert.Contains("Ended", sessions[1].TextContent);
        Assert.Null(sessions[1].QuerySelector("button"));
        Assert.Contains("login.succeeded", cut.Find("ol[aria-label='Audit trail']").TextContent);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Issue_recovery_link_is_offered_only_when_recovery_can_be_issued(bool canIssue)
    {
        console.CanIssueRecovery = canIssue;

        var cut = OpenCustomer();

        Assert.Equal(canIssue, cut.FindAll("button").Any(b => b.TextContent.Trim() == "Issue recovery link"));
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Revoke sessions");
    }

    [Fact]
    public void Deactivate_asks_first_and_does_nothing_when_cancelled()
    {
        var cut = OpenCustomer();

        Button(cut, "Deactivate").Click();
        var dialog = cut.WaitForElement(".mud-dialog");
        Assert.Contains("Deactivate this identity?", dialog.TextContent);
        Assert.Contains("jane@example.com can no longer sign in", dialog.TextContent);
        dialog.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-dialog")));
        Assert.DoesNotContain("deactivate", console.Calls);
    }

    [Fact]
    public void Deactivate_confirmed_shows_the_identity_inactive_with_activate_offered()
    {
        var cut = OpenCustomer();

        Button(cut, "Deactivate").Click();
        cut.WaitForElement(".mud-dialog .confirm-action").Click();

        cut.WaitForAssertion(() => Assert.Equal("The identity is deactivated and its sessions have ended.", cut.Find("#console-status").TextContent));
        Assert.Contains("deactivate", console.Calls);
        Assert.Contains("Inactive", cut.Find(".identity-facts").TextContent);
        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Activate");
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() == "Deactivate");
    }

    [Fact]
    public void Revoking_one_session_revokes_that_one()
    {
        var cut = OpenCustomer();

        cut.Find("ul[aria-label='Sessions'] button").Click();

        cut.WaitForAssertion(() => Assert.Equal("The session was revoked.", cut.Find("#console-status").TextContent));
        Assert.Contains($"revoke:{FakeAdminConsole.SessionId}", console.Calls);
    }

    [Fact]
    public void A_refusal_is_said_as_an_alert_with_its_reason()
    {
        var cut = OpenCustomer();
        console.RefuseWith = "The session could not be found.";

        cut.Find("ul[aria-label='Sessions'] button").Click();

        cut.WaitForAssertion(() => Assert.Equal("That did not work: The session could not be found.", cut.Find("#console-status").TextContent));
        Assert.Equal("alert", cut.Find("#console-status").GetAttribute("role"));
    }

    [Fact]
    public void Someone_who_lost_access_sees_no_data()
    {
        var cut = OpenCustomer();
        console.Status = ConsoleStatus.NoAccess;

        cut.Find("ul[aria-label='Sessions'] button").Click();

        cut.WaitForAssertion(() => Assert.Equal("You don't have access", cut.Find("h1").TextContent));
        Assert.DoesNotContain("jane@example.com", cut.Markup);
        Assert.Empty(cut.FindAll("input"));
    }

    [Fact]
    public void Without_access_from_the_start_nothing_is_searched()
    {
        console.Status = ConsoleStatus.NoAccess;

        var cut = Render<ConsolePanel>();

        Assert.Equal("You don't have access", cut.Find("h1").TextContent);
        Assert.DoesNotContain(console.Calls, c => c.StartsWith("search", StringComparison.Ordinal));
    }

    [Fact]
    public void Older_audit_events_are_added_below()
    {
        var cut = OpenCustomer();

        Button(cut, "Show older events").Click();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("ol[aria-label='Audit trail'] > li").Count));
        Assert.Contains("registration.succeeded", cut.FindAll("ol[aria-label='Audit trail'] > li")[1].TextContent);
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() == "Show older events");
    }

    [Fact]
    public void Before_the_circuit_runs_the_buttons_are_shown_but_disabled()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var cut = Render<ConsolePanel>();

        Assert.True(Button(cut, "Search").HasAttribute("disabled"));
        Assert.True(cut.Find("ul[aria-label='Identities found'] button").HasAttribute("disabled"));
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<ConsolePanel> cut, string text) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == text);

    internal static string LocalRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Identity.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Identity.sln) was not found above the test binaries.");
    }
}
