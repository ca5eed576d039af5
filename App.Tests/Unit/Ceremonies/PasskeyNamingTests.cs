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

    private const string Mac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15";
    private const string IPhone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
    private const string Windows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private const string Android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
    private const string ChromeOs = "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    private const string Linux = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    [Theory]
    [InlineData(new[] { "internal", "hybrid" }, true, Mac, "Passkey on macOS")]
    [InlineData(new[] { "internal" }, true, IPhone, "Passkey on iPhone")]
    [InlineData(new[] { "internal" }, false, Windows, "Passkey on Windows")]
    [InlineData(new[] { "internal" }, true, Android, "Passkey on Android")]
    [InlineData(new[] { "internal" }, false, ChromeOs, "Passkey on ChromeOS")]
    [InlineData(new[] { "internal" }, false, Linux, "Passkey on Linux")]
    [InlineData(new[] { "usb" }, false, Mac, "Security key")]
    [InlineData(new[] { "nfc", "usb" }, false, Android, "Security key")]
    [InlineData(new[] { "hybrid" }, true, Windows, "Passkey on a phone")]
    [InlineData(new string[0], false, "", "Passkey")]
    [InlineData(new string[0], true, "curl/8.5.0", "Passkey")]
    public void Without_a_known_provider_the_name_says_what_and_where(string[] transports, bool backedUp, string userAgent, string name) =>
        Assert.Equal(name, PasskeyNaming.Describe(transports, backedUp, userAgent));

    [Fact]
    public void A_synced_passkey_that_also_reports_usb_is_not_called_a_security_key() =>
        Assert.Equal("Passkey on macOS", PasskeyNaming.Describe(["usb"], backedUp: true, Mac));
}
