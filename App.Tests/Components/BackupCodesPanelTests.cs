using App.Components.Interactive;
using App.Components.Settings;
using App.Components.Themes;
using App.Configuration;
using App.Http;
using App.Sessions.Circuits;
using App.SelfService.Methods.LookupSecret;
using App.Tests.Unit.Configuration;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace App.Tests.Components;

/// <summary>
/// The passkeys page's backup codes: generate, the new set with Download, Print and "I saved them",
/// how many are left and the warning at two or fewer, and nothing of it for a restricted session.
/// </summary>
public sealed class BackupCodesPanelTests : SettingsPanelTest
{
    private static readonly string[] NewSet =
        ["2345abcd", "3456bcde", "4567cdef", "5678defg", "6789efgh", "789afghj", "89abghjk", "9abchjkm", "abcdjkmn", "bcdekmnp"];

    private static SettingsView WithCodes(BackupCodesState codes) =>
        FakeSettingsFlowClient.Ready(FakeSettingsFlowClient.Passkey("01", "Phone", removable: false)) with { BackupCodes = codes };

    private static BackupCodesState None => new() { Available = true };

    private static BackupCodesState Left(int remaining) => new()
    {
        Available = true,
        Left = remaining <= 2 ? LookupSecretMessages.RunningLow(remaining, 10) : LookupSecretMessages.Remaining(remaining, 10),
        Low = remaining <= 2,
    };

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<SettingsPanel> cut, string name) =>
        cut.FindAll("section.backup-codes button").Single(b => b.TextContent.Trim() == name);

    [Fact]
    public void Generate_shows_the_new_codes_once_to_download_print_and_confirm()
    {
        client.Current = WithCodes(None);
        client.OnGenerateBackupCodes = view => view with { BackupCodes = new BackupCodesState { Available = true, NewCodes = NewSet } };
        client.OnConfirmBackupCodes = view => view with
        {
            State = "success", Messages = [App.SelfService.Ui.Messages.SettingsSaved()], BackupCodes = Left(10),
        };
        var module = JSInterop.SetupModule("/js/backup-codes.js");
        module.SetupVoid("download", _ => true).SetVoidResult();
        module.SetupVoid("print").SetVoidResult();
        var cut = RenderPanel();

        Assert.Equal("Backup codes", cut.Find("#backup-codes-title").TextContent);
        Assert.Equal("You have no backup codes yet.", cut.Find("#backup-codes-none").TextContent);
        Button(cut, "Generate backup codes").Click();

        cut.WaitForAssertion(() => Assert.Equal(NewSet, cut.FindAll("ol[aria-label='Your new backup codes'] li code").Select(c => c.TextContent)));
        Assert.Equal(1, client.BackupCodeGenerations);
        Assert.Contains("Save these 10 codes now", cut.Find("#backup-codes-save").TextContent);
        Assert.Empty(cut.FindAll("#backup-codes-none"));
        Assert.Empty(cut.FindAll("section.backup-codes button").Where(b => b.TextContent.Trim() == "Generate backup codes"));

        Button(cut, "Download").Click();
        cut.WaitForAssertion(() => Assert.Single(module.Invocations, i => i.Identifier == "download"));
        var download = module.Invocations.Single(i => i.Identifier == "download");
        Assert.Equal("backup-codes.txt", download.Arguments[0]);
        var file = (string)download.Arguments[1]!;
        Assert.StartsWith("Backup codes for Identity\r\n", file);
        Assert.Equal(NewSet, file.Split("\r\n").Where(l => l.Length == 8));
        cut.WaitForAssertion(() => Assert.Equal("The codes were downloaded as backup-codes.txt.", cut.Find("#backup-codes-status").TextContent));
        Button(cut, "Print").Click();
        cut.WaitForAssertion(() => Assert.Single(module.Invocations, i => i.Identifier == "print"));
        Assert.Equal(0, client.BackupCodeConfirmations);

        Button(cut, "I saved them").Click();
        cut.WaitForAssertion(() => Assert.Equal("10 of 10 backup codes left.", cut.Find("#backup-codes-left").TextContent));
        Assert.Equal(1, client.BackupCodeConfirmations);
        Assert.Empty(cut.FindAll("ol[aria-label='Your new backup codes']"));
        Assert.DoesNotContain(NewSet[0], cut.Markup);
        // What was said of the set shown before is gone with it.
        Assert.Equal("", cut.Find("#backup-codes-status").TextContent);
        Assert.Equal("Your changes have been saved!", cut.Find("[role=status][data-message-id='1050001']").TextContent);
    }

    [Theory]
    [InlineData(3, false)]
    [InlineData(2, true)]
    [InlineData(1, true)]
    public void The_count_left_is_shown_and_two_or_fewer_warn(int remaining, bool warns)
    {
        client.Current = WithCodes(Left(remaining));

        var cut = RenderPanel();

        if (warns)
        {
            var warning = cut.Find("#backup-codes-low");
            Assert.Contains("mud-alert-text-warning", warning.ClassName);
            Assert.Equal($"Only {remaining} of 10 backup codes left. Generate new ones before they run out.", warning.TextContent.Trim());
            Assert.Empty(cut.FindAll("#backup-codes-left"));
        }
        else
        {
            Assert.Equal($"{remaining} of 10 backup codes left.", cut.Find("#backup-codes-left").TextContent);
            Assert.Empty(cut.FindAll("#backup-codes-low"));
        }
        Assert.False(Button(cut, "Generate backup codes").HasAttribute("disabled"));
    }

    [Fact]
    public void The_counts_and_the_warning_speak_the_pages_language()
    {
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("de");
        try
        {
            client.Current = WithCodes(Left(2));

            var cut = RenderPanel();

            Assert.Equal("Backup-Codes", cut.Find("#backup-codes-title").TextContent);
            Assert.Equal("Nur noch 2 von 10 Backup-Codes übrig. Erzeuge neue, bevor sie ausgehen.", cut.Find("#backup-codes-low").TextContent.Trim());
            Assert.Equal("Backup-Codes erzeugen", Button(cut, "Backup-Codes erzeugen").TextContent.Trim());
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void A_restricted_session_meets_Add_passkey_first_and_no_backup_codes()
    {
        client.Current = WithCodes(Left(9)) with { Restricted = true };

        var cut = RenderPanel();

        Assert.Empty(cut.FindAll("section.backup-codes"));
        var first = cut.FindAll("button").First();
        Assert.Contains("add", first.ClassList);
        Assert.Equal("Add passkey", first.TextContent.Trim());
    }

    [Fact]
    public void Without_the_method_the_page_shows_no_backup_codes()
    {
        client.Current = WithCodes(BackupCodesState.Off);

        var cut = RenderPanel();

        Assert.Empty(cut.FindAll("section.backup-codes"));
        Assert.Contains("Signed in elsewhere", cut.Find("section.sessions").TextContent);
    }

    [Fact]
    public void Before_the_circuit_runs_the_backup_code_buttons_are_disabled()
    {
        SetRendererInfo(new RendererInfo("Static", isInteractive: false));
        client.Current = WithCodes(new BackupCodesState { Available = true, NewCodes = NewSet });

        var cut = RenderPanel();

        Assert.All(cut.FindAll("section.backup-codes button"), b => Assert.True(b.HasAttribute("disabled")));
        Assert.Equal(3, cut.FindAll("section.backup-codes button").Count);
    }
}
