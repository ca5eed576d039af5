using System.Text.Json.Nodes;
using Json.Schema;

namespace App.Identities.Schema;

/// <summary>
/// A Kratos identity schema: the JSON document that describes an identity's traits and, through
/// the <c>ory.sh/kratos</c> extension, which traits are login identifiers and addresses. JsonSchema.Net
/// validates traits against it; this class adds what Kratos adds around the schema: its messages,
/// the fields a form shows, and the normalised form traits are stored in.
/// </summary>
public sealed class IdentitySchema
{
    private readonly JsonSchema _schema;

    private IdentitySchema(string id, string json, string? title, JsonSchema schema, IReadOnlyList<TraitField> fields)
    {
        Id = id;
        Json = json;
        Title = title;
        _schema = schema;
        Fields = fields;
        var singleValued = fields.Where(f => f.Type != "array").ToList();
        DisplayNameField = singleValued.FirstOrDefault(f => f.Extension.PasskeyDisplayName)
            ?? singleValued.FirstOrDefault(f => f.Extension.WebAuthnIdentifier);
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
    public string? DisplayNameOf(JsonObject traits) =>
        DisplayNameField is { } field && TraitPaths.Find(traits, field.Path) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <exception cref="SchemaException">The document cannot be used; the message names the schema, where and why.</exception>
    public static IdentitySchema Parse(string id, string json)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var loaded = SchemaLoader.Load(json);
            return new IdentitySchema(id, json, loaded.Title, loaded.Schema, TraitFields.Collect(loaded.Traits));
        }
        catch (SchemaException e)
        {
            // Name the schema: an operator may configure several and needs to know which one is wrong.
            throw new SchemaException($"Identity schema \"{id}\" {e.Message}", e.InnerException ?? e) { Pointer = e.Pointer };
        }
    }

    /// <summary>Checks traits; the result is empty when they are valid. Kratos stores missing traits as {}, so null is judged as {}.</summary>
    public TraitErrors Validate(JsonObject? traits) => TraitValidator.Validate(_schema, Fields, traits ?? []);

    /// <summary>
    /// Returns a copy with every string trimmed and every email trait normalised with
    /// <see cref="EmailAddress.Normalize"/>. Normalise before validating and storing.
    /// </summary>
    public JsonObject Normalize(JsonObject traits)
    {
        ArgumentNullException.ThrowIfNull(traits);
        return TraitNormalizer.Normalize(Fields, traits);
    }

    /// <summary>The field for a trait path such as "email" or "name.first".</summary>
    public TraitField? Field(string path) => Fields.FirstOrDefault(f => f.Path == path);
}
