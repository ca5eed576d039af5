using App.Configuration;
using App.Identities.Schema;

namespace App.Identities;

/// <summary>The identity schemas this portal knows, parsed once at start-up.</summary>
public sealed class SchemaRegistry
{
    public const string DefaultId = "default";
    private readonly Dictionary<string, IdentitySchema> schemas = new(StringComparer.Ordinal);

    public SchemaRegistry(PortalSettings settings, string configRoot)
    {
        var configured = settings.Options.Identity;
        foreach (var reference in configured.Schemas)
            schemas[reference.Id] = IdentitySchema.Parse(reference.Id, Load(reference, configRoot));
        if (!schemas.ContainsKey(DefaultId) && configured.Schemas.Count == 0)
            schemas[DefaultId] = IdentitySchema.Parse(DefaultId, BuiltInDefault());
        DefaultSchemaId = schemas.ContainsKey(configured.DefaultSchemaId) ? configured.DefaultSchemaId : DefaultId;
    }

    public string DefaultSchemaId { get; }
    public IdentitySchema Default => schemas[DefaultSchemaId];
    public IReadOnlyCollection<IdentitySchema> All => schemas.Values;

    public IdentitySchema? Find(string id) => schemas.GetValueOrDefault(id);

    public static string BuiltInDefault()
    {
        using var stream = typeof(SchemaRegistry).Assembly.GetManifestResourceStream("App.Identities.Schema.default.schema.json")
            ?? throw new InvalidOperationException("The built-in identity schema is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Load(SchemaReference reference, string configRoot)
    {
        var url = reference.Url;
        try
        {
            if (url.StartsWith("base64://", StringComparison.Ordinal))
                return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(url["base64://".Length..]));
            var path = url.StartsWith("file://", StringComparison.Ordinal) ? url["file://".Length..] : url;
            return File.ReadAllText(Path.IsPathRooted(path) ? path : Path.Combine(configRoot, path));
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            throw new InvalidConfigurationException([new ConfigError($"identity.schemas[{reference.Id}].url",
                $"The schema at '{url}' cannot be read: {e.Message}", "Point url at a readable JSON file (file://path) or a base64:// document.")]);
        }
    }
}
