using App.Configuration;
using App.Identities.Schema;

namespace App.Identities;

/// <summary>
/// The identity schemas this portal knows, parsed once at start-up. A schema that cannot be read
/// or used stops the portal with a configuration error naming the schema and the problem.
/// </summary>
public sealed class SchemaRegistry
{
    public const string DefaultId = DefaultSchema.Id;
    private readonly Dictionary<string, IdentitySchema> schemas = new(StringComparer.Ordinal);

    /// <exception cref="InvalidConfigurationException">A configured schema cannot be read or used.</exception>
    public SchemaRegistry(PortalSettings settings, string configRoot)
    {
        var configured = settings.Options.Identity;
        foreach (var reference in configured.Schemas)
            schemas[reference.Id] = Parse(reference, Load(reference, configRoot));
        if (!schemas.ContainsKey(DefaultId) && configured.Schemas.Count == 0)
            schemas[DefaultId] = DefaultSchema.Instance;
        DefaultSchemaId = schemas.ContainsKey(configured.DefaultSchemaId) ? configured.DefaultSchemaId : DefaultId;
    }

    public string DefaultSchemaId { get; }
    public IdentitySchema Default => schemas[DefaultSchemaId];
    public IReadOnlyCollection<IdentitySchema> All => schemas.Values;

    public IdentitySchema? Find(string id) => schemas.GetValueOrDefault(id);

    private static IdentitySchema Parse(SchemaReference reference, string json)
    {
        try
        {
            return IdentitySchema.Parse(reference.Id, json);
        }
        catch (SchemaException e)
        {
            throw new InvalidConfigurationException([new ConfigError(Key(reference), e.Message,
                "Correct the schema document, or point url at another one.")]);
        }
    }

    private static string Load(SchemaReference reference, string configRoot)
    {
        var url = reference.Url;
        try
        {
            return ConfigDocument.Read(url, configRoot);
        }
        catch (Exception e) when (ConfigDocument.IsUnreadable(e))
        {
            throw new InvalidConfigurationException([new ConfigError(Key(reference),
                $"The schema at '{url}' cannot be read: {e.Message}", "Point url at a readable JSON file (file://path) or a base64:// document.")]);
        }
    }

    private static string Key(SchemaReference reference) => $"identity.schemas[{reference.Id}].url";
}
