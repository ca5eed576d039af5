using App.Ceremonies.Attestation;
using App.Configuration;
using App.Tests.Integration.Support;

namespace App.Tests.Unit.Attestation;

/// <summary>A metadata BLOB is trusted only when its signature verifies and its chain ends in the configured root.</summary>
public sealed class MetadataBlobTests : IDisposable
{
    private const string Key = "selfservice.methods.passkey.config.attestation.metadata_path";
    private static readonly Guid Model = Guid.Parse("1a2b3c4d-0000-4000-8000-00000000c0de");
    private readonly string folder = Directory.CreateTempSubdirectory("metadata-").FullName;
    private readonly TestAuthority mdsRoot = TestAuthority.Create("Test MDS Root");
    private readonly TestAuthority vendor = TestAuthority.Create("Test Vendor Root");

    private AttestationOptions Options(string blob, TestAuthority? root = null)
    {
        var blobPath = Path.Combine(folder, Guid.NewGuid() + ".jwt");
        File.WriteAllText(blobPath, blob);
        var rootPath = Path.Combine(folder, Guid.NewGuid() + ".pem");
        File.WriteAllText(rootPath, (root ?? mdsRoot).RootPem);
        return new AttestationOptions { MetadataPath = blobPath, MetadataRootPath = rootPath };
    }

    private string Blob(TestAuthority? signedUnder = null) =>
        MetadataBlobs.Sign((signedUnder ?? mdsRoot).IssueSigner(), MetadataBlobs.Entry(Model, "Acme Approved Key", vendor));

    [Fact]
    public async Task A_blob_signed_under_the_root_gives_its_entries_by_aaguid()
    {
        var catalog = await MetadataCatalog.LoadAsync(Options(Blob()));

        Assert.Equal(1, catalog.Count);
        var entry = catalog.Find(Model)!;
        Assert.Equal("Acme Approved Key", entry.MetadataStatement.Description);
        Assert.Equal(vendor.RootBase64, Assert.Single(entry.MetadataStatement.AttestationRootCertificates));
        Assert.Null(catalog.Find(Guid.NewGuid()));
        Assert.NotNull(catalog.NextUpdate);
    }

    [Fact]
    public async Task No_blob_configured_is_an_empty_catalog()
    {
        var catalog = await MetadataCatalog.LoadAsync(new AttestationOptions());

        Assert.Equal(0, catalog.Count);
    }

    [Fact]
    public async Task A_blob_whose_signer_does_not_chain_to_the_root_stops_the_start()
    {
        var refused = await Assert.ThrowsAsync<InvalidConfigurationException>(() => MetadataCatalog.LoadAsync(Options(Blob(signedUnder: vendor))));

        var error = Assert.Single(refused.Errors);
        Assert.Equal(Key, error.Key);
        Assert.Contains("does not chain to the metadata root", error.Problem);
        Assert.Contains(Key, refused.Message);
    }

    [Fact]
    public async Task A_blob_with_a_changed_payload_fails_its_signature_check()
    {
        var parts = Blob().Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1]))
            .Replace("FIDO_CERTIFIED", "FIDO_CERTIFIED_L3", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        var refused = await Assert.ThrowsAsync<InvalidConfigurationException>(() => MetadataCatalog.LoadAsync(Options(tampered)));

        Assert.Equal(Key, Assert.Single(refused.Errors).Key);
        Assert.Contains("signature does not verify", refused.Errors[0].Problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a jwt")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJubyI6MX0.")]
    public async Task A_file_that_is_not_a_signed_blob_stops_the_start(string content)
    {
        var refused = await Assert.ThrowsAsync<InvalidConfigurationException>(() => MetadataCatalog.LoadAsync(Options(content)));

        Assert.Equal(Key, Assert.Single(refused.Errors).Key);
    }

    [Fact]
    public async Task An_unsigned_blob_with_a_certificate_in_its_header_stops_the_start()
    {
        // alg none with an x5c that does chain: the signature, not the header, is what is trusted.
        var header = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(
            $$"""{"alg":"none","typ":"JWT","x5c":["{{Convert.ToBase64String(mdsRoot.IssueSigner().RawData)}}"]}""");
        var refused = await Assert.ThrowsAsync<InvalidConfigurationException>(() =>
            MetadataCatalog.LoadAsync(Options($"{header}.{Blob().Split('.')[1]}.")));

        Assert.Equal(Key, Assert.Single(refused.Errors).Key);
    }

    [Fact]
    public async Task Without_a_root_of_its_own_a_test_blob_is_refused_by_the_fido_alliance_root()
    {
        var options = Options(Blob());
        options.MetadataRootPath = null;

        var refused = await Assert.ThrowsAsync<InvalidConfigurationException>(() => MetadataCatalog.LoadAsync(options));

        Assert.Contains("GlobalSign", refused.Errors[0].Problem);
    }

    [Fact]
    public async Task A_root_that_is_not_a_certificate_names_its_own_key()
    {
        var options = Options(Blob());
        File.WriteAllText(options.MetadataRootPath!, "not a certificate");

        var refused = await Assert.ThrowsAsync<InvalidConfigurationException>(() => MetadataCatalog.LoadAsync(options));

        Assert.Equal("selfservice.methods.passkey.config.attestation.metadata_root_path", Assert.Single(refused.Errors).Key);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
