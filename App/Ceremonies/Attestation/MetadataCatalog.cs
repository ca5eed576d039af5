using System.Security.Cryptography.X509Certificates;
using App.Configuration;
using Fido2NetLib;

namespace App.Ceremonies.Attestation;

/// <summary>
/// The metadata BLOB's entries by AAGUID, for Fido2 (trust anchors and authenticator status at
/// registration) and for naming passkeys. Empty when no BLOB is configured.
/// </summary>
public sealed class MetadataCatalog : IMetadataService
{
    private const string Key = "selfservice.methods.passkey.config.attestation";
    private readonly Dictionary<Guid, MetadataBLOBPayloadEntry> entries;

    private MetadataCatalog(Dictionary<Guid, MetadataBLOBPayloadEntry> entries, string? nextUpdate)
    {
        this.entries = entries;
        NextUpdate = nextUpdate;
    }

    public static MetadataCatalog Empty { get; } = new([], null);

    /// <summary>When the BLOB's publisher said a newer one would be out (<c>nextUpdate</c>, a date).</summary>
    public string? NextUpdate { get; }
    public int Count => entries.Count;

    public MetadataBLOBPayloadEntry? Find(Guid aaguid) => entries.GetValueOrDefault(aaguid);

    /// <summary>Reads the configured BLOB; a BLOB that fails any check stops the portal with the key to fix.</summary>
    public static async Task<MetadataCatalog> LoadAsync(AttestationOptions options)
    {
        if (string.IsNullOrEmpty(options.MetadataPath)) return Empty;
        var root = LoadRoot(options.MetadataRootPath);
        if (new FileInfo(options.MetadataPath).Length > MetadataBlob.MaxBytes)
            throw Invalid("metadata_path", $"'{options.MetadataPath}' is larger than {MetadataBlob.MaxBytes / 1024 / 1024} MB.");
        MetadataBLOBPayload payload;
        try { payload = await MetadataBlob.ReadAsync(await File.ReadAllTextAsync(options.MetadataPath), root); }
        catch (FormatException e) { throw Invalid("metadata_path", $"'{options.MetadataPath}' cannot be trusted. {e.Message}"); }
        var byAaguid = new Dictionary<Guid, MetadataBLOBPayloadEntry>();
        foreach (var entry in payload.Entries ?? [])
            if (entry.AaGuid is { } aaguid && aaguid != Guid.Empty) byAaguid[aaguid] = entry;
        return new MetadataCatalog(byAaguid, payload.NextUpdate);
    }

    private static X509Certificate2 LoadRoot(string? path)
    {
        try
        {
            if (path is { Length: > 0 }) return X509Certificate2.CreateFromPem(File.ReadAllText(path));
            using var stream = typeof(MetadataCatalog).Assembly.GetManifestResourceStream("App.Ceremonies.Attestation.mds-root.pem")!;
            using var reader = new StreamReader(stream);
            return X509Certificate2.CreateFromPem(reader.ReadToEnd());
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw Invalid("metadata_root_path", $"'{path}' is not a PEM certificate: {e.Message}");
        }
    }

    private static InvalidConfigurationException Invalid(string name, string problem) =>
        new([new ConfigError($"{Key}.{name}", problem, name == "metadata_path"
            ? $"Download the BLOB again from its publisher, or set {Key}.metadata_root_path to the root that signs it."
            : "Give the path of the root certificate in PEM form (-----BEGIN CERTIFICATE-----).")]);

    Task<MetadataBLOBPayloadEntry?> IMetadataService.GetEntryAsync(Guid aaGuid, CancellationToken cancellationToken) =>
        Task.FromResult(Find(aaGuid));

    bool IMetadataService.ConformanceTesting() => false;
}
