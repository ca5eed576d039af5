namespace App.Identities.Schema;

/// <summary>
/// The identity schema the portal uses when none is configured (Kratos's default_schema_id is
/// "default"). It ships as default.schema.json next to this file: the Web SDK copies *.json to the
/// output folder, and an embedded copy (if the project embeds it) is preferred so a single-file
/// publish works too.
/// </summary>
public static class DefaultSchema
{
    public const string Id = "default";

    public const string FileName = "default.schema.json";

    private static readonly Lazy<IdentitySchema> Loaded = new(() => IdentitySchema.Parse(Id, ReadJson()));

    /// <summary>Where the schema file is expected in the build output.</summary>
    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "Identities", "Schema", FileName);

    /// <summary>The parsed default schema, loaded once.</summary>
    public static IdentitySchema Instance => Loaded.Value;

    /// <exception cref="SchemaException">The file is missing or invalid.</exception>
    public static string ReadJson()
    {
        var assembly = typeof(DefaultSchema).Assembly;
        var resource = assembly.GetManifestResourceNames().FirstOrDefault(n => n.EndsWith(FileName, StringComparison.Ordinal));
        if (resource is not null)
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        if (File.Exists(FilePath)) return File.ReadAllText(FilePath);
        throw new SchemaException($"The default identity schema is missing: it is neither embedded nor at {FilePath}.");
    }
}
