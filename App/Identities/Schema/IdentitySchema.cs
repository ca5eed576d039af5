using System.Text.Json;
using System.Text.Json.Nodes;

namespace App.Identities.Schema;

/// <summary>
/// A Kratos identity schema: the JSON document that describes an identity's traits and, through
/// the <c>ory.sh/kratos</c> extension, which traits are login identifiers and addresses. Parsed
/// once; validation and normalisation then work on the compiled form.
/// </summary>
public sealed class IdentitySchema
{
    private readonly SchemaNode _traits;

    private IdentitySchema(string id, string json, string? title, SchemaNode traits)
    {
        Id = id;
        Json = json;
        Title = title;
        _traits = traits;
        var fields = new List<TraitField>();
        CollectFields(traits, "", fields);
        Fields = fields;
        DisplayNameField = fields.FirstOrDefault(f => f.Extension.PasskeyDisplayName || f.Extension.WebAuthnIdentifier);
    }

    public string Id { get; }

    /// <summary>The document exactly as given, because GET /schemas/{id} serves it unchanged.</summary>
    public string Json { get; }

    /// <summary>The schema's own "title" (e.g. "Person"), if any.</summary>
    public string? Title { get; }

    /// <summary>Leaf traits in document order; nested objects are flattened ("name.first").</summary>
    public IReadOnlyList<TraitField> Fields { get; }

    /// <summary>The trait that names a passkey for the person (passkey display_name, else webauthn identifier).</summary>
    public TraitField? DisplayNameField { get; }

    /// <summary>What a passkey calls this person: the display-name trait's value, if it is a string.</summary>
    public string? DisplayNameOf(JsonObject traits)
    {
        if (DisplayNameField is not { } field) return null;
        JsonNode? node = traits;
        foreach (var part in field.Path.Split('.')) node = node?[part];
        return node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }

    /// <exception cref="SchemaException">The document is not JSON, not an identity schema, or uses unsupported keywords.</exception>
    public static IdentitySchema Parse(string id, string json)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new SchemaException($"Identity schema \"{id}\" is not valid JSON: {e.Message}", e);
        }
        if (document is not JsonObject root)
            throw new SchemaException($"Identity schema \"{id}\" must be a JSON object.");

        try
        {
            var title = root["title"] is JsonValue t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
            return new IdentitySchema(id, json, title, SchemaParser.ParseTraits(root));
        }
        catch (SchemaException e)
        {
            // Name the schema: an operator may configure several and needs to know which one is wrong.
            throw new SchemaException($"Identity schema \"{id}\": {e.Message}", e) { Pointer = e.Pointer };
        }
    }

    /// <summary>Checks traits; the result is empty when they are valid.</summary>
    public TraitErrors Validate(JsonObject? traits) => TraitValidator.Validate(_traits, traits);

    /// <summary>
    /// Returns a copy with every string trimmed and every email trait normalised with
    /// <see cref="EmailAddress.Normalize"/>. Normalise before validating and storing.
    /// </summary>
    public JsonObject Normalize(JsonObject traits)
    {
        ArgumentNullException.ThrowIfNull(traits);
        return TraitNormalizer.Normalize(_traits, traits);
    }

    /// <summary>The field for a trait path such as "email" or "name.first".</summary>
    public TraitField? Field(string path) => Fields.FirstOrDefault(f => f.Path == path);

    private static void CollectFields(SchemaNode node, string prefix, List<TraitField> into)
    {
        foreach (var (name, child) in node.Properties)
        {
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            if (child.IsObject)
            {
                CollectFields(child, path, into);
                continue;
            }
            into.Add(new TraitField(path, child.PrimaryType, child.Format, child.Title, node.Required.Contains(name),
                child.MinLength, child.MaxLength, child.Pattern, child.Enum?.Select(EnumText).ToArray(), child.Extension)
            {
                Minimum = child.Minimum,
                Maximum = child.Maximum,
            });
        }
    }

    // Enum values as a form would offer them: strings as-is, anything else as its JSON text.
    private static string EnumText(JsonNode? value) => value switch
    {
        null => "null",
        _ when JsonValues.TypeOf(value) == "string" => JsonValues.StringOf(value),
        _ => value.ToJsonString(),
    };
}
