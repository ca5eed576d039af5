using System.Text.Json.Nodes;
using App.Identities.Schema;
using App.SelfService.Ui;

namespace App.SelfService.Methods.Profile;

/// <summary>Form inputs generated from the identity schema's traits, named <c>traits.&lt;path&gt;</c> as Kratos names them.</summary>
public static class TraitNodes
{
    public static IEnumerable<UiNode> For(IdentitySchema schema) => schema.Fields.Select(field =>
        NodeFactory.Input(UiGroups.Default, field.InputName, InputType(field), required: field.Required,
            autocomplete: field.Format == "email" ? "email" : null,
            label: field.Title is { Length: > 0 } title ? UiText.Info(1070002, title, new() { ["title"] = title, ["name"] = field.InputName }) : null));

    /// <summary>Puts the submitted values back and ties each validation error to its field (to the form, when the field is hidden).</summary>
    public static void Fill(UiContainer ui, JsonObject traits, TraitErrors? errors = null)
    {
        foreach (var node in Inputs(ui))
        {
            JsonNode? value = traits;
            foreach (var part in node.Name!["traits.".Length..].Split('.')) value = value?[part];
            node.Attributes.Value = value?.DeepClone();
            node.Messages.Clear();
            if (errors is null || !Shown(node)) continue;
            node.Messages.AddRange(errors.Where(e => "traits." + e.Path == node.Name).Select(ToText));
        }
        if (errors is null) return;
        foreach (var error in errors.Where(e => ui.Find("traits." + e.Path) is not { } node || !Shown(node)))
            ui.AddMessage(ToText(error));
    }

    public static void AddError(UiContainer ui, string path, UiText message)
    {
        if (ui.Find("traits." + path) is { } node && Shown(node)) node.Messages.Add(message);
        else ui.AddMessage(message);
    }

    /// <summary>The trait values the form holds: on a two-step registration's credential screen, the ones the profile screen checked.</summary>
    public static JsonObject Read(UiContainer ui)
    {
        var traits = new JsonObject();
        foreach (var node in Inputs(ui).Where(n => n.Attributes.Value is not null))
            TraitPaths.Put(traits, node.Name!["traits.".Length..], node.Attributes.Value!.DeepClone());
        return traits;
    }

    /// <summary>Keeps the values but hides the inputs, as Kratos's credential screen does (only the type changes).</summary>
    public static void Hide(UiContainer ui)
    {
        foreach (var node in Inputs(ui)) node.Attributes.InputType = "hidden";
    }

    private static IEnumerable<UiNode> Inputs(UiContainer ui) =>
        ui.Nodes.Where(n => n.Type == "input" && n.Name?.StartsWith("traits.", StringComparison.Ordinal) == true);

    // A hidden input shows no message, so its errors belong to the form.
    private static bool Shown(UiNode node) => node.Attributes.InputType != "hidden";

    private static UiText ToText(TraitError error) =>
        UiText.Error(error.MessageId, error.Text, error.Context.ToDictionary(kv => kv.Key, kv => kv.Value));

    private static string InputType(TraitField field) => field.Format == "email" ? "email" : field.Type switch
    {
        "number" or "integer" => "number",
        "boolean" => "checkbox",
        _ => field.Format switch { "tel" => "tel", "uri" => "url", "date" => "date", _ => "text" },
    };
}
