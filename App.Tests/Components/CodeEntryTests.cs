using System.Text.Json.Nodes;
using AngleSharp.Dom;
using App.Components.Login;
using App.SelfService.Methods.Code;
using App.SelfService.Ui;
using Bunit;

namespace App.Tests.Components;

/// <summary>"Check your email": what each of its buttons makes the browser send.</summary>
public sealed class CodeEntryTests : ComponentTest
{
    private static UiContainer SentEmailUi()
    {
        var csrf = NodeFactory.Csrf();
        csrf.Attributes.Value = JsonValue.Create("token");
        var ui = new UiContainer { Action = "http://localhost:4455/self-service/login?flow=4b1d2c8e-6b5f-4a43-9d3c-2f0f5c7e9a10", Nodes = [csrf] };
        CodeNodes.ShowCodeEntry(ui, "ada@example.com");
        return ui;
    }

    /// <summary>
    /// The form fields a browser posts when <paramref name="button"/> submits its form: every named
    /// field, then the button's own name and value (HTML's "constructing the entry list").
    /// </summary>
    private static List<(string Name, string Value)> EntriesFor(IElement button)
    {
        var form = button.Closest("form")!;
        var entries = form.QuerySelectorAll("input[name]")
            .Select(i => (i.GetAttribute("name")!, i.GetAttribute("value") ?? "")).ToList();
        if (button.GetAttribute("name") is { Length: > 0 } name) entries.Add((name, button.GetAttribute("value") ?? ""));
        return entries;
    }

    [Theory]
    [InlineData("Continue")]
    [InlineData("Resend code")]
    public void Each_button_sends_the_method_exactly_once(string label)
    {
        var cut = Render<CodeEntry>(p => p.Add(x => x.Ui, SentEmailUi()));
        var button = cut.FindAll("button[type=submit]").Single(b => b.TextContent.Trim() == label);

        var methods = EntriesFor(button).Where(e => e.Name == "method").ToList();

        Assert.Equal([("method", "code")], methods);
    }

    [Fact]
    public void Continue_is_the_first_button_so_Enter_in_the_code_field_sends_the_code()
    {
        var cut = Render<CodeEntry>(p => p.Add(x => x.Ui, SentEmailUi()));

        var first = cut.Find("form button[type=submit]");

        Assert.Equal("Continue", first.TextContent.Trim());
        Assert.DoesNotContain(EntriesFor(first), e => e.Name == "resend");
    }
}
