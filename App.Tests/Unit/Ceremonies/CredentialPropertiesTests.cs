using App.Credentials.Passkeys;

namespace App.Tests.Unit.Ceremonies;

/// <summary>
/// credProps.rk (https://www.w3.org/TR/webauthn-3/#sctn-authenticator-credential-properties-extension)
/// decides whether a passkey is discoverable; a browser that does not report it is believed.
/// </summary>
public sealed class CredentialPropertiesTests
{
    private static string Credential(string extensionResults) =>
        """{"id":"AAAA","rawId":"AAAA","type":"public-key","clientExtensionResults":""" + extensionResults + ""","response":{}}""";

    [Fact]
    public void Reported_non_discoverable_credential_is_not_discoverable()
    {
        Assert.False(CredentialProperties.IsDiscoverable(Credential("""{"credProps":{"rk":false}}""")));
    }

    [Theory]
    [InlineData("""{"credProps":{"rk":true}}""")]
    [InlineData("""{"credProps":{}}""")]
    [InlineData("""{}""")]
    [InlineData("""{"credProps":{"rk":"false"}}""")]
    [InlineData("""{"credProps":{"rk":0}}""")]
    [InlineData("""{"credProps":{"rk":null}}""")]
    [InlineData("""{"credProps":null}""")]
    public void Anything_but_an_explicit_false_is_discoverable(string extensionResults)
    {
        Assert.True(CredentialProperties.IsDiscoverable(Credential(extensionResults)));
    }

    [Theory]
    [InlineData("""{"id":"AAAA","type":"public-key","response":{}}""")]
    [InlineData("""{"clientExtensionResults":null}""")]
    [InlineData("not json")]
    [InlineData("{\"clientExtensionResults\":{\"credProps\":{\"rk\":false}")]
    [InlineData("")]
    public void Missing_or_unreadable_results_are_discoverable(string json)
    {
        Assert.True(CredentialProperties.IsDiscoverable(json));
    }

    // The extension results are client-supplied and Identity accepts any JSON value for them,
    // so a wrong shape reaches this method after a successful ceremony.
    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("""{"credProps":[]}""")]
    [InlineData("""{"credProps":"yes"}""")]
    public void Wrongly_shaped_results_are_discoverable_and_never_throw(string extensionResults)
    {
        Assert.True(CredentialProperties.IsDiscoverable(Credential(extensionResults)));
    }
}
