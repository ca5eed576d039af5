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

/// <summary>The passkeys panel's backup question, single-passkey warning, and each passkey's details and inline rename.</summary>
public sealed class PasskeyDevicesPanelTests : SettingsPanelTest
{
    private const string Chrome = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private static readonly Guid ICloud = Guid.Parse("fbfc3007-154e-4ecc-8c0b-6e020557d7bd");

    [Fact]
    public void The_backup_question_offers_phone_hardware_key_and_later_and_later_goes_on()
    {
        client.Current = FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Laptop", removable: false)) with { AsksForBackup = true, WarnsSinglePasskey = true };
        var cut = RenderPanel();

        var question = cut.Find("section.backup-question");
        Assert.Contains("Save another passkey for a backup?", question.QuerySelector("h2")!.TextContent);
        Assert.Equal(["On phone", "On hardware key", "Later"], question.QuerySelectorAll("button").Select(b => b.TextContent.Trim()));
        // The question says it already; the warning waits until it is answered.
        Assert.Empty(cut.FindAll("#single-passkey-warning"));

        // The flow answers with options aimed at a security key; here without any, so no ceremony starts.
        client.OnAskForBackup = (view, _) => view with { CreateOptions = null };
        question.QuerySelectorAll("button")[1].Click();
        cut.WaitForAssertion(() => Assert.Equal(["security-key"], client.BackupTargets));

        cut.Find("section.backup-question button.backup-later").Click();
        cut.WaitForAssertion(() => Assert.Equal(1, client.BackupDeclines));
        Assert.Equal("http://localhost:4455/welcome", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void One_passkey_without_backup_codes_is_warned_about_with_ways_to_act()
    {
        client.Current = FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Laptop", removable: false)) with { WarnsSinglePasskey = true };
        var cut = RenderPanel();

        var warning = cut.Find("#single-passkey-warning");
        Assert.Contains("only one passkey and no backup codes", warning.TextContent);
        Assert.Equal(["#add-passkey", "#backup-codes-title"], warning.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        Assert.NotNull(cut.Find("#add-passkey"));
    }

    [Fact]
    public void Each_passkey_shows_its_provider_sync_and_last_device_and_renames_inline()
    {
        client.Current = FakeSettingsFlowClient.Ready(
            FakeSettingsFlowClient.Passkey("01", "My Mac") with { Aaguid = ICloud, Synced = true, LastUsedAt = new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc), LastUsedUserAgent = Chrome },
            FakeSettingsFlowClient.Passkey("02", "Key"));
        var cut = RenderPanel();

        var items = cut.FindAll("ul[aria-label='Saved passkeys'] > li");
        Assert.Contains("Apple Passwords", items[0].TextContent);
        Assert.Contains("Synced", items[0].TextContent);
        Assert.Contains("Last used 30 Nov 2026 with Chrome on macOS", items[0].TextContent);
        Assert.Equal(2, items[0].QuerySelectorAll("img.provider-icon").Length);
        // An unknown model is a "Passkey", never used yet.
        Assert.Contains("Passkey", items[1].QuerySelector(".passkey-meta")!.TextContent);
        Assert.DoesNotContain("Synced", items[1].TextContent);
        Assert.Contains("Not used to sign in yet", items[1].TextContent);

        items[1].QuerySelector("button.passkey-rename-button")!.Click();
        var field = cut.Find("#rename-02");
        Assert.Equal("Key", field.GetAttribute("value"));
        field.Input("  Blue key ");
        cut.Find("form.passkey-rename").Submit();
        cut.WaitForAssertion(() => Assert.Equal([("02", "  Blue key ")], client.Renamed));
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("form.passkey-rename")));
    }
}
