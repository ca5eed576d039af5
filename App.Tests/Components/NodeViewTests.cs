using System.Text.Json.Nodes;
using AngleSharp.Dom;
using App.Components.Nodes;
using App.SelfService.Ui;
using Bunit;

namespace App.Tests.Components;

/// <summary>One Kratos UI node in, the matching accessible HTML out.</summary>
public sealed class NodeViewTests : ComponentTest
{
    private IRenderedComponent<NodeView> RenderNode(UiNode node, bool primary = true) =>
        Render<NodeView>(p => p.Add(x => x.Node, node).Add(x => x.Primary, primary));

    private static UiNode Email(bool required = true) =>
        NodeFactory.Input(UiGroups.Default, "traits.email", "email", required: required,
            autocomplete: "username webauthn", label: Messages.LabelEmail());

    [Fact]
    public void Input_is_labelled_by_a_label_for_its_id()
    {
        var cut = RenderNode(Email());

        var input = cut.Find("input");
        var label = cut.Find("label");
        Assert.Equal("field-traits-email", input.Id);
        Assert.Equal(input.Id, label.GetAttribute("for"));
        Assert.Equal("Email", label.TextContent.Trim());
        Assert.Equal("traits.email", input.GetAttribute("name"));
        Assert.Equal("email", input.GetAttribute("type"));
    }

    [Fact]
    public void Required_input_carries_required_and_autocomplete()
    {
        var input = RenderNode(Email()).Find("input");

        Assert.True(input.HasAttribute("required"));
        Assert.Equal("username webauthn", input.GetAttribute("autocomplete"));
        Assert.Equal("email", input.GetAttribute("inputmode"));
        Assert.Equal("none", input.GetAttribute("autocapitalize"));
        Assert.False(input.HasAttribute("aria-invalid"));
        Assert.False(input.HasAttribute("aria-describedby"));
    }

    [Fact]
    public void Optional_input_says_so_in_its_label()
    {
        var cut = RenderNode(Email(required: false));

        Assert.False(cut.Find("input").HasAttribute("required"));
        Assert.Equal("(optional)", cut.Find("label .optional").TextContent.Trim());
        Assert.Equal("Email (optional)", cut.Find("label").TextContent.Trim());
    }

    [Fact]
    public void Required_input_has_no_optional_marker()
    {
        Assert.Empty(RenderNode(Email()).FindAll(".optional"));
    }

    [Fact]
    public void Input_without_label_is_labelled_by_its_name()
    {
        var cut = RenderNode(NodeFactory.Input(UiGroups.Code, "code", "text", required: true, autocomplete: "one-time-code"));

        Assert.Equal("code", cut.Find("label[for=field-code]").TextContent.Trim());
        Assert.Equal("one-time-code", cut.Find("input#field-code").GetAttribute("autocomplete"));
    }

    [Fact]
    public void Node_messages_become_an_error_the_input_points_at()
    {
        var node = Email();
        node.Messages.Add(Messages.Required("email"));
        node.Messages.Add(UiText.Error(4000001, "Second problem."));

        var cut = RenderNode(node);

        var input = cut.Find("input");
        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        var describedBy = input.GetAttribute("aria-describedby");
        Assert.Equal("field-traits-email-error", describedBy);
        var error = cut.Find("#" + describedBy);
        Assert.Equal("p", error.LocalName);
        // 4000002 in the pages' wording; a message the pages have no text for keeps its own.
        Assert.Equal(["This field is required.", "Second problem."], error.QuerySelectorAll("span").Select(s => s.TextContent));
        Assert.Equal(["4000002", "4000001"], error.QuerySelectorAll("span").Select(s => s.GetAttribute("data-message-id")!));
    }

    [Fact]
    public void Value_is_rendered_into_the_input()
    {
        var node = NodeFactory.Input(UiGroups.Default, "traits.email", "email", JsonValue.Create("alice@example.com"));

        Assert.Equal("alice@example.com", RenderNode(node).Find("input").GetAttribute("value"));
    }

    [Fact]
    public void Hidden_input_keeps_its_onload_trigger_and_has_no_label()
    {
        var node = NodeFactory.Hidden(UiGroups.Passkey, "passkey_create_data", "{\"challenge\":\"abc\"}");
        node.Attributes.OnLoadTrigger = "oryPasskeyRegistration";

        var cut = RenderNode(node);

        var input = cut.Find("input");
        Assert.Equal("hidden", input.GetAttribute("type"));
        Assert.Equal("passkey_create_data", input.GetAttribute("name"));
        Assert.Equal("{\"challenge\":\"abc\"}", input.GetAttribute("value"));
        Assert.Equal("oryPasskeyRegistration", input.GetAttribute("data-onload-trigger"));
        Assert.Empty(cut.FindAll("label"));
    }

    [Fact]
    public void Csrf_node_is_a_hidden_input()
    {
        var node = NodeFactory.Csrf();
        node.Attributes.Value = JsonValue.Create("masked-token");

        var input = RenderNode(node).Find("input");

        Assert.Equal("hidden", input.GetAttribute("type"));
        Assert.Equal("csrf_token", input.GetAttribute("name"));
        Assert.Equal("masked-token", input.GetAttribute("value"));
        Assert.False(input.HasAttribute("data-onload-trigger"));
    }

    [Fact]
    public void Button_node_is_a_script_button_with_its_trigger_and_label()
    {
        var node = NodeFactory.Input(UiGroups.Passkey, "passkey_login_trigger", "button", label: Messages.SignInWithPasskey());
        node.Attributes.OnClickTrigger = "oryPasskeyLogin";

        var cut = RenderNode(node);

        var button = cut.Find("button");
        Assert.Equal("button", button.GetAttribute("type"));
        Assert.Equal("oryPasskeyLogin", button.GetAttribute("data-trigger"));
        Assert.Equal("Sign in with passkey", button.TextContent.Trim());
        Assert.False(button.HasAttribute("name"));
        Assert.False(button.HasAttribute("value"));
        Assert.False(button.HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("input"));
    }

    [Theory]
    [InlineData(1010015, "Send sign in code", "Send link")]
    [InlineData(1070013, "Login code", "Code")]
    [InlineData(1070008, "Resend code", "Resend code")]
    public void Pages_word_some_Kratos_labels_their_own_way(int id, string kratosText, string shown)
    {
        var node = NodeFactory.Input(UiGroups.Code, "method", "submit", JsonValue.Create("code"), label: UiText.Info(id, kratosText));

        Assert.Equal(shown, RenderNode(node).Find("button").TextContent.Trim());
    }

    [Fact]
    public void Submit_node_posts_its_name_and_value()
    {
        var node = NodeFactory.Input(UiGroups.Code, "method", "submit", JsonValue.Create("code"), label: UiText.Info(1070009, "Continue"));

        var button = RenderNode(node).Find("button");

        Assert.Equal("submit", button.GetAttribute("type"));
        Assert.Equal("method", button.GetAttribute("name"));
        Assert.Equal("code", button.GetAttribute("value"));
        Assert.Equal("Continue", button.TextContent.Trim());
        Assert.False(button.HasAttribute("data-trigger"));
    }

    [Fact]
    public void Primary_and_secondary_buttons_differ()
    {
        var node = NodeFactory.Input(UiGroups.Default, "method", "submit", JsonValue.Create("passkey"));

        Assert.Contains("button-primary", RenderNode(node).Find("button").ClassList);
        Assert.Contains("button-secondary", RenderNode(node, primary: false).Find("button").ClassList);
    }

    [Fact]
    public void Disabled_button_is_disabled()
    {
        var node = NodeFactory.Input(UiGroups.Default, "method", "submit", JsonValue.Create("passkey"));
        node.Attributes.Disabled = true;

        Assert.True(RenderNode(node).Find("button").HasAttribute("disabled"));
    }

    [Fact]
    public void Script_node_renders_nothing()
    {
        var cut = RenderNode(NodeFactory.Script(UiGroups.Passkey, "webauthn_script", "/.well-known/ory/webauthn.js", "sha512-abc"));

        Assert.Equal("", cut.Markup.Trim());
    }

    [Fact]
    public void Text_node_renders_its_text_with_its_id()
    {
        var node = new UiNode { Type = "text", Attributes = new UiNodeAttributes { Text = UiText.Info(1050015, "Save these codes."), NodeType = "text" } };

        var paragraph = RenderNode(node).Find("p.text");

        Assert.Equal("Save these codes.", paragraph.TextContent);
        Assert.Equal("1050015", paragraph.GetAttribute("data-message-id"));
    }

    [Fact]
    public void Labels_and_values_are_encoded_not_injected()
    {
        var node = NodeFactory.Input(UiGroups.Default, "traits.name", "text", JsonValue.Create("\"><script>alert(1)</script>"),
            label: UiText.Info(1, "<b>Name</b>"));

        var cut = RenderNode(node);

        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("b"));
        Assert.Equal("<b>Name</b> (optional)", cut.Find("label").TextContent.Trim());
        Assert.Equal("\"><script>alert(1)</script>", cut.Find("input").GetAttribute("value"));
    }
}
