using System.Text.Json.Nodes;
using App.Components.Nodes;
using App.SelfService.Ui;
using Bunit;

namespace App.Tests.Components;

/// <summary>A flow's form and its flow-level messages.</summary>
public sealed class FlowRenderingTests : ComponentTest
{
    private static UiContainer LoginUi()
    {
        var csrf = NodeFactory.Csrf();
        csrf.Attributes.Value = JsonValue.Create("token");
        var trigger = NodeFactory.Input(UiGroups.Passkey, "passkey_login_trigger", "button", label: Messages.SignInWithPasskey());
        trigger.Attributes.OnClickTrigger = "oryPasskeyLogin";
        return new UiContainer
        {
            Action = "http://localhost:4455/self-service/login?flow=4b1d2c8e-6b5f-4a43-9d3c-2f0f5c7e9a10",
            Method = "POST",
            Nodes =
            [
                csrf,
                NodeFactory.Input(UiGroups.Default, "identifier", "email", required: true, autocomplete: "username webauthn", label: Messages.LabelEmail()),
                NodeFactory.Hidden(UiGroups.Passkey, "passkey_login", ""),
                trigger,
                NodeFactory.Script(UiGroups.Passkey, "webauthn_script", "/.well-known/ory/webauthn.js", "sha512-abc"),
                NodeFactory.Input(UiGroups.Code, "method", "submit", JsonValue.Create("code"), label: UiText.Info(1010015, "Send sign in code")),
            ],
        };
    }

    [Fact]
    public void Form_posts_to_the_flow_action()
    {
        var ui = LoginUi();

        var form = Render<FlowForm>(p => p.Add(x => x.Ui, ui)).Find("form");

        Assert.Equal(ui.Action, form.GetAttribute("action"));
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.True(form.HasAttribute("data-flow-form"));
        Assert.False(form.HasAttribute("novalidate"));
    }

    [Fact]
    public void Form_renders_every_node_in_order()
    {
        var cut = Render<FlowForm>(p => p.Add(x => x.Ui, LoginUi()));

        var controls = cut.Find("form").QuerySelectorAll("input, button").Select(e => e.GetAttribute("name") ?? e.GetAttribute("data-trigger"));
        Assert.Equal(["csrf_token", "identifier", "passkey_login", "oryPasskeyLogin", "method"], controls);
        Assert.Empty(cut.FindAll("script"));
    }

    [Fact]
    public void Form_can_show_only_some_groups()
    {
        var cut = Render<FlowForm>(p => p.Add(x => x.Ui, LoginUi()).Add(x => x.Groups, [UiGroups.Default, UiGroups.Code]));

        var names = cut.FindAll("input, button").Select(e => e.GetAttribute("name"));
        Assert.Equal(["csrf_token", "identifier", "method"], names);
    }

    [Fact]
    public void Form_can_turn_off_browser_validation_and_take_extra_content()
    {
        var cut = Render<FlowForm>(p => p.Add(x => x.Ui, LoginUi()).Add(x => x.NoValidate, true)
            .AddChildContent("<a href=\"/recovery\">Lost your passkey?</a>"));

        Assert.True(cut.Find("form").HasAttribute("novalidate"));
        Assert.Equal("Lost your passkey?", cut.Find("form > a:last-child").TextContent);
    }

    [Fact]
    public void Error_messages_are_alerts_and_others_are_status()
    {
        List<UiText> messages =
        [
            UiText.Error(4000001, "The request could not be understood."),
            UiText.Info(1010014, "An email containing a code has been sent to the email address you provided."),
            UiText.Success(1050001, "Your changes have been saved!"),
        ];

        var cut = Render<FlowMessages>(p => p.Add(x => x.Messages, messages));

        var paragraphs = cut.FindAll(".messages p");
        Assert.Equal(["alert", "status", "status"], paragraphs.Select(m => m.GetAttribute("role")!));
        Assert.Equal(["4000001", "1010014", "1050001"], paragraphs.Select(m => m.GetAttribute("data-message-id")!));
        // Shown in the page's wording for each id: unknown ids keep their text.
        Assert.Equal([messages[0].Text, "A code was sent to the address you provided. If you didn't receive it, please check the spelling of the address and try again.",
            "Your changes have been saved!"], paragraphs.Select(m => m.TextContent));
        Assert.Contains("message-error", paragraphs[0].ClassList);
        Assert.Contains("message-info", paragraphs[1].ClassList);
    }

    [Fact]
    public void No_messages_render_nothing()
    {
        Assert.Equal("", Render<FlowMessages>(p => p.Add(x => x.Messages, null)).Markup.Trim());
        Assert.Equal("", Render<FlowMessages>(p => p.Add(x => x.Messages, [])).Markup.Trim());
    }
}
