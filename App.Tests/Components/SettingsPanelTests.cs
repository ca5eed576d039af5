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

/// <summary>The MudBlazor passkeys panel: its list, its empty and error states, and the question before a passkey is removed.</summary>
public sealed class SettingsPanelTests : SettingsPanelTest
{
    private const string Credential = """{"id":"AQID","rawId":"AQID","type":"public-key","response":{}}""";

    [Fact]
    public void Lists_each_passkey_with_its_date_and_a_remove_button_named_after_it()
    {
        client.Current = FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Phone"), FakeSettingsFlowClient.Passkey("02", "Laptop"));

        var cut = RenderPanel();

        var items = cut.FindAll("ul[aria-label='Saved passkeys'] > li");
        Assert.Equal(2, items.Count);
        Assert.Contains("Phone", items[0].TextContent);
        Assert.Contains("Added 28 Nov 2026", items[0].TextContent);
        var remove = items[1].QuerySelector("button.passkey-remove")!;
        Assert.Equal("Remove", remove.TextContent.Trim());
        var rename = items[1].QuerySelector("button.passkey-rename-button")!;
        Assert.Equal("Rename", rename.TextContent.Trim());
        Assert.Equal("Rename passkey \"Laptop\"", rename.GetAttribute("aria-label"));
        Assert.Equal("Remove passkey \"Laptop\"", remove.GetAttribute("aria-label"));
        Assert.False(remove.HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("#only-passkey"));
        Assert.Equal("Add passkey", cut.Find("button.add").TextContent.Trim());
        Assert.Contains("Signed in elsewhere", cut.Find("section.sessions").TextContent);
    }

    [Fact]
    public void The_only_passkey_cannot_be_removed_and_the_page_says_why()
    {
        client.Current = FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Phone", removable: false));

        var cut = RenderPanel();

        var remove = cut.Find("ul[aria-label='Saved passkeys'] button.passkey-remove");
        Assert.True(remove.HasAttribute("disabled"));
        Assert.Equal("only-passkey", remove.GetAttribute("aria-describedby"));
        Assert.Contains("Your only passkey can't be removed", cut.Find("#only-passkey").TextContent);
    }

    [Fact]
    public void Without_passkeys_the_page_says_so_and_offers_to_add_one()
    {
        // An invited account signed in by email: nothing saved yet, and adding is all it may do.
        client.Current = FakeSettingsFlowClient.Ready() with { Restricted = true };

        var cut = RenderPanel();

        Assert.Empty(cut.FindAll("ul[aria-label='Saved passkeys']"));
        Assert.Contains("No passkeys are saved yet", cut.Find("#no-passkeys").TextContent);
        Assert.Contains("save a new passkey on this device", cut.Find("[role=alert]#restriction").TextContent);
        var add = cut.Find("button.add");
        Assert.False(add.HasAttribute("disabled"));
        Assert.Contains("mud-button-filled", add.ClassName);
        // A restricted session may not push anyone out, so the other sessions are not offered.
        Assert.Empty(cut.FindAll("section.sessions"));
    }

    [Fact]
    public void After_a_recovery_the_page_leads_with_add_passkey_and_says_so_once()
    {
        var recovered = App.SelfService.Ui.UiText.Success(1060001, "You successfully recovered your account. Please add a passkey within the next 59.00 minutes.");
        client.Current = FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Lost phone", removable: false)) with
        {
            Restricted = true, Recovered = true, Messages = [recovered],
        };

        var cut = RenderPanel();

        Assert.Contains("You're back in", cut.Find("[role=alert]#restriction").TextContent);
        // The alert says what the recovery's message says; the page does not say it twice.
        Assert.Empty(cut.FindAll("[data-message-id='1060001']"));
        var buttons = cut.FindAll("button");
        Assert.Equal("Add passkey", buttons[0].TextContent.Trim());
        Assert.True(cut.Markup.IndexOf("Add passkey", StringComparison.Ordinal) < cut.Markup.IndexOf("aria-label=\"Saved passkeys\"", StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("section.sessions"));
    }

    [Fact]
    public void Unrestricted_the_passkeys_come_before_add_passkey()
    {
        client.Current = FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Phone", removable: false));

        var cut = RenderPanel();

        Assert.True(cut.Markup.IndexOf("aria-label=\"Saved passkeys\"", StringComparison.Ordinal) < cut.Markup.IndexOf("Add passkey", StringComparison.Ordinal));
    }

    [Fact]
    public void When_the_flow_cannot_be_read_the_page_says_so_and_tries_again_on_request()
    {
        client.Loads.Enqueue(SettingsView.Failure(FakeSettingsFlowClient.FlowId));
        client.Loads.Enqueue(FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Phone", removable: false)));

        var cut = RenderPanel();

        Assert.Contains("could not be loaded", cut.Find("[role=alert]#settings-failed").TextContent);
        Assert.Empty(cut.FindAll("ul[aria-label='Saved passkeys']"));
        Assert.Empty(cut.FindAll("button.add"));

        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Try again").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("ul[aria-label='Saved passkeys'] > li")));
        Assert.Empty(cut.FindAll("#settings-failed"));
    }

    [Fact]
    public void Remove_asks_first_naming_the_passkey_and_cancel_keeps_it()
    {
        client.Current = FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Phone"), FakeSettingsFlowClient.Passkey("02", "Laptop"));
        var cut = RenderPanel();

        cut.FindAll("ul[aria-label='Saved passkeys'] button.passkey-remove")[1].Click();

        var dialog = cut.WaitForElement(".mud-dialog");
        Assert.Contains("Remove this passkey?", dialog.TextContent);
        Assert.Contains("\"Laptop\" will no longer sign you in here", dialog.TextContent);
        dialog.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll(".mud-dialog")));
        Assert.Empty(client.Removed);
        Assert.Equal(2, cut.FindAll("ul[aria-label='Saved passkeys'] > li").Count);
    }

    [Fact]
    public void Remove_confirmed_submits_that_passkey_and_shows_the_flows_answer()
    {
        client.Current = FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Phone"), FakeSettingsFlowClient.Passkey("02", "Laptop"));
        client.OnRemove = (view, id) => view with
        {
            State = "success",
            Messages = [App.SelfService.Ui.Messages.SettingsSaved()],
            Passkeys = [FakeSettingsFlowClient.Passkey("01", "Phone", removable: false)],
        };
        var cut = RenderPanel();

        cut.FindAll("ul[aria-label='Saved passkeys'] button.passkey-remove")[1].Click();
        cut.WaitForElement("#confirm-remove").Click();

        cut.WaitForAssertion(() => Assert.Equal(["02"], client.Removed));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("ul[aria-label='Saved passkeys'] > li")));
        Assert.Equal("Your changes have been saved!", cut.Find("[role=status][data-message-id='1050001']").TextContent);
        Assert.Equal("Continue", cut.Find("nav.links a").TextContent);
        Assert.Empty(cut.FindAll(".mud-dialog"));
    }

    [Fact]
    public void An_old_session_is_asked_to_confirm_before_any_change()
    {
        client.Current = FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Phone")) with { Status = SettingsStatus.NeedsConfirmation };

        var cut = RenderPanel();

        Assert.Contains("confirm it's you first", cut.Find("#confirm-first").TextContent);
        var confirm = cut.Find("a.confirm");
        Assert.Equal("http://localhost:4455/self-service/login/browser?refresh=true", confirm.GetAttribute("href"));
        Assert.Empty(cut.FindAll("button.add"));
        Assert.Empty(cut.FindAll("ul[aria-label='Saved passkeys']"));
    }

    [Fact]
    public void Add_passkey_submits_what_the_browser_made_and_forgets_it_once_saved()
    {
        client.Current = FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Phone", removable: false));
        client.OnAdd = (view, _) => view with
        {
            State = "success",
            Messages = [App.SelfService.Ui.Messages.SettingsSaved()],
            Passkeys = [FakeSettingsFlowClient.Passkey("01", "Phone"), FakeSettingsFlowClient.Passkey("010203", "Laptop")],
        };
        var module = JSInterop.SetupModule("/js/passkey-settings.js");
        module.Setup<string?>("pendingPasskey", _ => true).SetResult(null);
        module.Setup<CreatedPasskey>("createPasskey", _ => true).SetResult(new CreatedPasskey(Credential, null));
        var forget = module.SetupVoid("forgetPasskey", _ => true);
        forget.SetVoidResult();
        var cut = RenderPanel();

        cut.Find("button.add").Click();

        cut.WaitForAssertion(() => Assert.Equal([Credential], client.Added));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("ul[aria-label='Saved passkeys'] > li").Count));
        var create = Assert.Single(module.Invocations, i => i.Identifier == "createPasskey");
        Assert.Equal("""{"publicKey":{"challenge":"AAAA"}}""", create.Arguments[0]);
        Assert.Equal(FakeSettingsFlowClient.FlowId.ToString(), create.Arguments[1]);
        cut.WaitForAssertion(() => Assert.Single(module.Invocations, i => i.Identifier == "forgetPasskey"));
    }

    [Fact]
    public void A_cancelled_ceremony_is_explained_and_nothing_is_submitted()
    {
        client.Current = FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Phone", removable: false));
        var module = JSInterop.SetupModule("/js/passkey-settings.js");
        module.Setup<string?>("pendingPasskey", _ => true).SetResult(null);
        module.Setup<CreatedPasskey>("createPasskey", _ => true).SetResult(new CreatedPasskey(null, "NotAllowedError"));
        var cut = RenderPanel();

        cut.Find("button.add").Click();

        cut.WaitForAssertion(() => Assert.Contains("No passkey was created", cut.Find("#passkey-status").TextContent));
        Assert.Equal("alert", cut.Find("#passkey-status").GetAttribute("role"));
        Assert.Empty(client.Added);
    }

    [Fact]
    public void A_passkey_made_before_a_reload_is_submitted_when_the_page_comes_back()
    {
        client.Current = FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Phone", removable: false));
        client.OnAdd = (view, _) => view with { Passkeys = [FakeSettingsFlowClient.Passkey("01", "Phone"), FakeSettingsFlowClient.Passkey("010203", "Laptop")] };
        var module = JSInterop.SetupModule("/js/passkey-settings.js");
        module.Setup<string?>("pendingPasskey", _ => true).SetResult(Credential);
        module.SetupVoid("forgetPasskey", _ => true).SetVoidResult();

        var cut = RenderPanel();

        cut.WaitForAssertion(() => Assert.Equal([Credential], client.Added));
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("ul[aria-label='Saved passkeys'] > li").Count));
    }

    [Fact]
    public void Before_the_circuit_runs_the_buttons_are_shown_but_disabled()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        client.Current = FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Phone"), FakeSettingsFlowClient.Passkey("02", "Laptop"));

        var cut = RenderPanel();

        Assert.All(cut.FindAll("ul[aria-label='Saved passkeys'] button"), b => Assert.True(b.HasAttribute("disabled")));
        Assert.True(cut.Find("button.add").HasAttribute("disabled"));
    }
}
