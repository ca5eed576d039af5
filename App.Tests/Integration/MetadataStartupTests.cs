using App.Tests.Infrastructure;
using App.Tests.Integration.Support;

namespace App.Tests.Integration;

/// <summary>The real portal process refuses a metadata BLOB it cannot trust: a message naming the key, exit code 1.</summary>
public sealed class MetadataStartupTests
{
    [Fact]
    public async Task A_blob_signed_outside_the_configured_root_stops_the_portal_before_it_listens()
    {
        var folder = Directory.CreateTempSubdirectory("metadata-startup-").FullName;
        var blob = Path.Combine(folder, "mds.jwt");
        var root = Path.Combine(folder, "root.pem");
        var stranger = TestAuthority.Create("Somebody Else");
        await File.WriteAllTextAsync(blob, MetadataBlobs.Sign(stranger.IssueSigner(), MetadataBlobs.Entry(Guid.NewGuid(), "Key", stranger)));
        await File.WriteAllTextAsync(root, TestAuthority.Create("The Organisation's Root").RootPem);

        var (exitCode, message, stdout) = await PortalProcess.RunUntilExitAsync(folder, new Dictionary<string, string>
        {
            ["selfservice__methods__passkey__config__attestation__metadata_path"] = blob,
            ["selfservice__methods__passkey__config__attestation__metadata_root_path"] = root,
        });

        Assert.True(exitCode == 1, $"exit code {exitCode}; stderr: {message}; stdout: {stdout}");
        Assert.Contains("selfservice.methods.passkey.config.attestation.metadata_path", message);
        Assert.Contains("does not chain to the metadata root", message);
        Assert.DoesNotContain("   at ", message);
        Directory.Delete(folder, recursive: true);
    }
}
