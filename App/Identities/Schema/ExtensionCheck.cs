using System.Text.Json;
using Json.Schema;

namespace App.Identities.Schema;

/// <summary>
/// Kratos checks every <c>ory.sh/kratos</c> block against its identity-extension meta-schema
/// (every level closed with additionalProperties:false), so a typo such as "identifer" or
/// via:"phone" is refused when the schema loads. The meta-schema is Kratos's own, shipped as
/// identity_extension.schema.json next to this file.
/// </summary>
internal static class ExtensionCheck
{
    private static readonly Lazy<JsonSchema> Meta = new(() =>
    {
        using var stream = typeof(ExtensionCheck).Assembly.GetManifestResourceStream("App.Identities.Schema.identity_extension.schema.json")
            ?? throw new InvalidOperationException("The identity-extension meta-schema is missing from the build.");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromText(reader.ReadToEnd(), new BuildOptions { SchemaRegistry = new Json.Schema.SchemaRegistry() });
    });

    /// <summary>Checks the block of one subschema, if it has one.</summary>
    /// <exception cref="SchemaException">The block breaks the meta-schema.</exception>
    public static void Check(JsonSchemaNode node, string location)
    {
        if (node.Source.ValueKind != JsonValueKind.Object || !node.Source.TryGetProperty(KratosExtension.Keyword, out var block)) return;
        // The meta-schema describes a subschema holding the block; give it just that, so nested
        // subschemas are checked once, when the walk reaches them.
        using var holder = JsonDocument.Parse($"{{\"{KratosExtension.Keyword}\":{block.GetRawText()}}}");
        MetaSchemaCheck.Check(Meta.Value, holder.RootElement, location);
    }
}
