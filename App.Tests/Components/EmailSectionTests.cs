using App.Components.Interactive;
using App.Components.Settings;
using App.Components.Themes;
using App.Configuration;
using App.Http;
using App.Sessions.Circuits;
using App.Tests.Unit.Configuration;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace App.Tests.Components;

/// <summary>The settings page's email: its verified state, "Verify", a change waiting for its code, and "Save email".</summary>
public sealed class EmailSectionTests : SettingsPanelTest
{

    private static SettingsView WithEmail(string address, bool verified, string? pending = null) =>
        FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Phone")) with
        {
            Email = new EmailState("email", address, verified, pending, "http://localhost:4455/verification?flow=f", []),
            Relying = ("localhost", "dXNlci1oYW5kbGU"),
        };

    [Fact]
    public void A_verified_address_says_so_and_offers_no_verify_link()
    {
        client.Current = WithEmail("ada@example.com", verified: true);
        var cut = RenderPanel();
        var section = cut.Find("section.email-settings");
        Assert.Equal("Email", section.QuerySelector("h2")!.TextContent.Trim());
        Assert.Equal("ada@example.com", cut.Find("[data-testid=current-email]").TextContent);
        Assert.Contains("Verified", section.TextContent);
        Assert.Empty(cut.FindAll("a.email-verify"));
        Assert.Equal("Email", cut.Find("label[for=email-new]").TextContent);
        Assert.Equal("ada@example.com", cut.Find("#email-new").GetAttribute("value"));
        Assert.Equal("Save email", cut.Find("button.email-save").TextContent.Trim());
    }

    [Fact]
    public void An_unverified_address_offers_verify()
    {
        client.Current = WithEmail("ada@example.com", verified: false);
        var cut = RenderPanel();
        Assert.Contains("Not verified", cut.Find("section.email-settings").TextContent);
        Assert.Equal("Verify", cut.Find("a.email-verify").TextContent);
    }

    [Fact]
    public void Save_email_submits_the_typed_address_and_names_the_one_waiting_for_its_code()
    {
        client.Current = WithEmail("ada@example.com", verified: true);
        client.OnSaveEmail = (view, email) => view with { State = "success", Email = view.Email with { Pending = email } };
        var cut = RenderPanel();

        cut.Find("#email-new").Change("ada.lovelace@example.org");
        cut.Find("section.email-settings form").Submit();

        Assert.Equal(["ada.lovelace@example.org"], client.SavedEmails);
        var pending = cut.Find("#email-pending");
        Assert.Contains("ada.lovelace@example.org", pending.TextContent);
        Assert.Contains("ada@example.com", pending.TextContent);
        Assert.Equal("http://localhost:4455/verification?flow=f", pending.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("We sent a verification code to ada.lovelace@example.org", cut.Find("#passkey-status").TextContent);
        // The authenticators are told the name in force, which stays the old one until the new one is verified.
        Assert.Contains(JSInterop.Invocations, i => i.Identifier == "portalPasskeys.signalCurrentUserDetails"
            && i.Arguments.Take(2).SequenceEqual(["localhost", "dXNlci1oYW5kbGU"]));
    }

    [Fact]
    public void A_restricted_session_sees_no_email_section()
    {
        client.Current = WithEmail("ada@example.com", verified: true) with { Restricted = true };
        var cut = RenderPanel();
        Assert.Empty(cut.FindAll("section.email-settings"));
    }
}
