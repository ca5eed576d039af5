using App.Credentials.Passkeys;

namespace App.Tests.Unit.Ceremonies;

/// <summary>New passkeys are named after their provider from the community AAGUID list (Data/aaguid.json).</summary>
public sealed class PasskeyNamingTests
{
    private readonly PasskeyNaming naming = new();

    [Theory]
    [InlineData("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4", "Google Password Manager")]
    [InlineData("08987058-cadc-4b81-b6e1-30de50dcbe96", "Windows Hello")]
    [InlineData("fbfc3007-154e-4ecc-8c0b-6e020557d7bd", "Apple Passwords")]
    public void Known_aaguid_gets_its_provider_name(string aaguid, string name)
    {
        Assert.Equal(name, naming.NameFor(AttestationObjectTests.MadeBy(Guid.Parse(aaguid)), "alice@example.com"));
    }

    [Fact]
    public void Unknown_aaguid_gets_the_fallback()
    {
        var unknown = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");

        Assert.Equal("alice@example.com", naming.NameFor(AttestationObjectTests.MadeBy(unknown), "alice@example.com"));
    }

    [Fact]
    public void Zero_aaguid_of_none_attestation_gets_the_fallback()
    {
        Assert.Equal("alice@example.com", naming.NameFor(AttestationObjectTests.MadeBy(null), "alice@example.com"));
    }

    [Fact]
    public void Unreadable_attestation_object_gets_the_fallback()
    {
        Assert.Equal("alice@example.com", naming.NameFor([0xbf, 0x00], "alice@example.com"));
        Assert.Equal("", naming.NameFor([], ""));
    }
}
