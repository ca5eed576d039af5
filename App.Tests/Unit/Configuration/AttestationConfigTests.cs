namespace App.Tests.Unit.Configuration;

/// <summary>The attestation policy is checked at start-up: a policy that could not hold is refused with the fix.</summary>
public sealed class AttestationConfigTests
{
    private const string Key = "selfservice.methods.passkey.config.attestation";

    [Fact]
    public void The_default_asks_for_no_attestation_and_allows_any_authenticator()
    {
        var attestation = TestConfig.Load(TestConfig.Local()).Options.SelfService.Methods.Passkey.Config.Attestation;

        Assert.Equal("none", attestation.Conveyance);
        Assert.Null(attestation.MetadataPath);
        Assert.Empty(attestation.AllowedAaguids);
    }

    [Theory]
    [InlineData("indirect")]
    [InlineData("enterprise")]
    [InlineData("Direct")]
    public void A_conveyance_other_than_none_or_direct_is_refused(string conveyance)
    {
        var refused = TestConfig.Refused(TestConfig.Local(), ($"{Key}.conveyance", conveyance));

        Assert.Contains(conveyance, TestConfig.ErrorFor(refused, $"{Key}.conveyance").Problem);
    }

    [Fact]
    public void A_metadata_file_that_is_not_there_is_refused()
    {
        var refused = TestConfig.Refused(TestConfig.Local(), ($"{Key}.metadata_path", "/nowhere/blob.jwt"));

        Assert.Contains("/nowhere/blob.jwt", TestConfig.ErrorFor(refused, $"{Key}.metadata_path").Problem);
    }

    [Fact]
    public void An_allowed_aaguid_that_is_not_a_uuid_is_refused()
    {
        var blob = Path.GetTempFileName();
        var refused = TestConfig.Refused(TestConfig.Local(), ($"{Key}.conveyance", "direct"), ($"{Key}.metadata_path", blob),
            ($"{Key}.allowed_aaguids.0", "yubikey"));

        TestConfig.ErrorFor(refused, $"{Key}.allowed_aaguids.0");
        File.Delete(blob);
    }

    [Theory]
    [InlineData("none", true)]
    [InlineData("direct", false)]
    public void An_allow_list_needs_direct_attestation_checked_against_metadata(string conveyance, bool withMetadata)
    {
        var blob = Path.GetTempFileName();
        var overrides = new List<(string, string?)> { ($"{Key}.conveyance", conveyance), ($"{Key}.allowed_aaguids.0", "cb69481e-8ff7-4039-93ec-0a2729a154a8") };
        if (withMetadata) overrides.Add(($"{Key}.metadata_path", blob));

        var refused = TestConfig.Refused(TestConfig.Local(), [.. overrides]);

        Assert.Contains("any authenticator can claim any AAGUID", TestConfig.ErrorFor(refused, $"{Key}.allowed_aaguids").Problem);
        File.Delete(blob);
    }
}
