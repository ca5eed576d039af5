using System.Text.Json.Nodes;
using App.Identities;
using App.Identities.Schema;
using App.KratosJson;

namespace App.Admin;

/// <summary>
/// An identity as an administrator writes it (Kratos <c>createIdentityBody</c> / <c>updateIdentityBody</c>,
/// or the result of a JSON Patch): the schema, normalised and validated traits, state and metadata,
/// and the addresses the traits name. Reading it checks everything but uniqueness, which needs the database.
/// </summary>
public sealed record IdentityDocument(IdentitySchema Schema, JsonObject Traits, string State, string? MetadataPublic, string? MetadataAdmin,
    IReadOnlyList<(string Path, string Value)> Identifiers, string? ExternalId = null)
{
    public static (IdentityDocument? Document, ErrorEnvelope? Problem) Read(JsonObject body, SchemaRegistry schemas, string defaultSchema, string defaultState,
        string? defaultExternalId = null)
    {
        // Left out (or null) means "as before" or the default; present, it must be text.
        if (!TryText(body, "schema_id", defaultSchema, out var schemaId) || !TryText(body, "state", defaultState, out var state))
            return Bad("schema_id and state must be strings.");
        if (schemas.Find(schemaId) is not { } schema) return Bad($"The identity schema \"{schemaId}\" does not exist.");
        if (state is not (IdentityStates.Active or IdentityStates.Inactive))
            return Bad($"The supplied state ('{state}') was not valid. Valid states are ('{IdentityStates.Active}', '{IdentityStates.Inactive}').");
        if (body["traits"] is not JsonObject rawTraits) return Bad("traits must be a JSON object.");
        if (!IsObjectOrNull(body, "metadata_public") || !IsObjectOrNull(body, "metadata_admin"))
            return Bad("metadata_public and metadata_admin must be JSON objects or null.");
        if (!TryText(body, "external_id", defaultExternalId ?? "", out var externalId)) return Bad("external_id must be a string.");
        if (IdentityExternalIds.Problem(externalId) is { } badExternal) return Bad(badExternal);

        var traits = schema.Normalize(rawTraits);
        if (schema.Validate(traits) is { IsValid: false } errors)
            return Bad(string.Join(" ", errors.Select(e => $"traits.{e.Path}: {e.Text}")));
        return (new IdentityDocument(schema, traits, state, Serialized(body["metadata_public"]), Serialized(body["metadata_admin"]),
            IdentityDirectory.IdentifiersOf(schema, traits), externalId.Length > 0 ? externalId : null), null);
    }

    private static (IdentityDocument?, ErrorEnvelope?) Bad(string reason) => (null, KratosErrors.BadRequest(reason));

    private static bool IsObjectOrNull(JsonObject body, string name) => body[name] is null or JsonObject;

    private static bool TryText(JsonObject body, string name, string fallback, out string value)
    {
        value = fallback;
        if (body[name] is null) return true;
        if (body[name] is not JsonValue text || !text.TryGetValue<string>(out var given)) return false;
        value = given;
        return true;
    }

    private static string? Serialized(JsonNode? node) => node is JsonObject o ? o.ToJsonString() : null;
}
