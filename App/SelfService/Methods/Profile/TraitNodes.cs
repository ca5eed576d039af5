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

    /// <summary>Puts the submitted values back and ties each validation error to its field.</summary>
    public static void Fill(UiContainer ui, JsonObject traits, TraitErrors? errors = null)
    {
        foreach (var node in ui.Nodes.Where(n => n.Name?.StartsWith("traits.", StringComparison.Ordinal) == true))
        {
            JsonNode? value = traits;
            foreach (var part in node.Name!["traits.".Length..].Split('.')) value = value?[part];
            node.Attributes.Value = value?.DeepClone();
            node.Messages.Clear();
            if (errors is null) continue;
            node.Messages.AddRange(errors.Where(e => "traits." + e.Path == node.Name).Select(ToText));
        }
        if (errors is null) return;
        foreach (var error in errors.Where(e => !ui.Nodes.Any(n => n.Name == "traits." + e.Path)))
            ui.AddMessage(ToText(error));
    }

    public static void AddError(UiContainer ui, string path, UiText message)
    {
        if (ui.Find("traits." + path) is { } node) node.Messages.Add(message);
        else ui.AddMessage(message);
    }

    private static UiText ToText(TraitError error) =>
        UiText.Error(error.MessageId, error.Text, error.Context.ToDictionary(kv => kv.Key, kv => kv.Value));

    private static string InputType(TraitField field) => field.Format == "email" ? "email" : field.Type switch
    {
        "number" or "integer" => "number",
        "boolean" => "checkbox",
        _ => field.Format switch { "tel" => "tel", "uri" => "url", "date" => "date", _ => "text" },
    };
}
