using App.Admin;
using App.Admin.Console;
using App.Components.Admin;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace App.Tests.Components;

/// <summary>"Issue recovery link": a reason of at least 8 characters and an expiry, then the link and code once, with the advice.</summary>
public sealed class RecoveryLinkDialogTests : ComponentTest
{
    private readonly List<(string Reason, TimeSpan ExpiresIn)> issued = [];
    private ConsoleAnswer<IssuedRecovery> answer = ConsoleAnswer<IssuedRecovery>.Ok(
        new IssuedRecovery(Guid.Empty, "http://localhost:4455/recovery?flow=1", "482913", new DateTime(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc)));

    public RecoveryLinkDialogTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<RecoveryLinkDialog>("Issue a recovery link", new DialogParameters<RecoveryLinkDialog>
        {
            { d => d.Email, "jane@example.com" },
            { d => d.Issue, (reason, expiresIn) => { issued.Add((reason, expiresIn)); return Task.FromResult(answer); } },
        }));
        provider.WaitForElement(".mud-dialog");
        return provider;
    }

    private static void Submit(IRenderedComponent<MudDialogProvider> cut) => cut.Find("form#recovery-form").Submit();

    [Fact]
    public async Task Asks_for_a_reason_and_an_expiry()
    {
        var cut = await OpenAsync();

        Assert.Contains("For jane@example.com", cut.Find(".mud-dialog").TextContent);
        Assert.Contains("Reason", cut.Find(".mud-dialog label").TextContent);
        Assert.Equal("Expires in", cut.Find("fieldset.recovery-expiry legend").TextContent);
        Assert.Equal(3, cut.FindAll("fieldset.recovery-expiry input[type=radio]").Count);
        Assert.Equal("recovery-form", cut.FindAll("button").Single(b => b.TextContent.Trim() == "Issue link").GetAttribute("form"));
    }

    [Fact]
    public async Task A_reason_shorter_than_8_characters_is_refused_before_anything_is_issued()
    {
        var cut = await OpenAsync();
        cut.Find("textarea").Input("forgot");

        Submit(cut);

        cut.WaitForAssertion(() => Assert.Contains("Write at least 8 characters.", cut.Find(".mud-dialog").TextContent));
        Assert.Empty(issued);
        Assert.Empty(cut.FindAll(".recovery-issued"));
    }

    [Fact]
    public async Task Issued_the_link_and_code_are_shown_once_with_copy_buttons_and_the_advice()
    {
        var cut = await OpenAsync();
        cut.Find("textarea").Input("  Lost phone, verified by a call back  ");
        cut.FindAll("fieldset.recovery-expiry input[type=radio]")[2].Click();

        Submit(cut);

        cut.WaitForElement(".recovery-issued");
        Assert.Equal([("Lost phone, verified by a call back", TimeSpan.FromHours(24))], issued);
        var values = cut.FindAll(".recovery-issued input").Select(i => i.GetAttribute("value")).ToList();
        Assert.Equal(["http://localhost:4455/recovery?flow=1", "482913"], values);
        var buttons = cut.FindAll(".mud-dialog button").Select(b => b.TextContent.Trim()).ToList();
        Assert.Contains("Copy link", buttons);
        Assert.Contains("Copy code", buttons);
        Assert.Contains("Done", buttons);
        Assert.DoesNotContain("Issue link", buttons);
        Assert.Contains("It expires at 2026-12-01 10:00 UTC.", cut.Find("#recovery-once").TextContent);
        Assert.Contains("verified who you are talking to", cut.Find("#recovery-advice").TextContent);
    }

    [Fact]
    public async Task Copy_puts_the_link_on_the_clipboard()
    {
        var module = JSInterop.SetupModule("/js/admin-console.js");
        module.Setup<bool>("copyText", "http://localhost:4455/recovery?flow=1").SetResult(true);
        var cut = await OpenAsync();
        cut.Find("textarea").Input("Lost phone, verified by a call back");
        Submit(cut);

        cut.WaitForElement(".recovery-issued");
        cut.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Copy link").Click();

        cut.WaitForAssertion(() => Assert.Contains("Copied.", cut.Find(".recovery-issued [role=status]").TextContent));
    }

    [Fact]
    public async Task A_refusal_is_said_and_nothing_is_shown()
    {
        answer = new ConsoleAnswer<IssuedRecovery>(ConsoleStatus.Refused, null, "The identity has no recovery address.");
        var cut = await OpenAsync();
        cut.Find("textarea").Input("Lost phone, verified by a call back");

        Submit(cut);

        cut.WaitForAssertion(() => Assert.Equal("No link was issued: The identity has no recovery address.", cut.Find("#recovery-failed").TextContent));
        Assert.Empty(cut.FindAll(".recovery-issued"));
    }
}
