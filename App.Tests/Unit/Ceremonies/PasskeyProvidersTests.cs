using App.Ceremonies;
using App.Ceremonies.Attestation;
using App.Configuration;
using App.Credentials.Passkeys;

namespace App.Tests.Unit.Ceremonies;

/// <summary>New passkeys are named after their provider from the community AAGUID list (Data/aaguid.json).</summary>
public sealed class PasskeyProvidersTests
{
    private readonly PasskeyProviders providers = new(new AttestationPolicy(new AttestationOptions(), MetadataCatalog.Empty));

    private static NewCredential MadeBy(Guid aaguid, string[]? transports = null, bool backedUp = true) =>
        new([1], [2], 0, transports ?? ["internal"], backedUp, backedUp, aaguid, "none", [], []);

    [Theory]
    [InlineData("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4", "Google Password Manager")]
    [InlineData("08987058-cadc-4b81-b6e1-30de50dcbe96", "Windows Hello")]
    [InlineData("fbfc3007-154e-4ecc-8c0b-6e020557d7bd", "Apple Passwords")]
    public void Known_aaguid_gets_its_provider_name_and_icons(string aaguid, string name)
    {
        Assert.Equal(name, providers.NameFor(MadeBy(Guid.Parse(aaguid)), Mac));
        var provider = providers.Find(Guid.Parse(aaguid))!;
        Assert.StartsWith("data:image/", provider.IconLight);
        Assert.StartsWith("data:image/", provider.IconDark);
    }

    [Fact]
    public void Unknown_aaguid_gets_a_description_instead()
    {
        var unknown = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff");

        Assert.Null(providers.Find(unknown));
        Assert.Equal("Passkey on macOS", providers.NameFor(MadeBy(unknown), Mac));
    }

    [Fact]
    public void Zero_aaguid_of_none_attestation_names_no_provider()
    {
        Assert.Null(providers.Find(Guid.Empty));
        Assert.Null(providers.Find(null));
        Assert.Equal("Security key", providers.NameFor(MadeBy(Guid.Empty, ["usb"], backedUp: false), Mac));
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
        Assert.Equal(name, PasskeyProviders.Describe(transports, backedUp, userAgent));

    [Fact]
    public void A_synced_passkey_that_also_reports_usb_is_not_called_a_security_key() =>
        Assert.Equal("Passkey on macOS", PasskeyProviders.Describe(["usb"], backedUp: true, Mac));
}
