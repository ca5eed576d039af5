using App.Configuration;

namespace App.Tests.Unit.Configuration;

/// <summary>selfservice.methods.webauthn and the required_aal keys, with Kratos's names and defaults.</summary>
public sealed class SecondFactorConfigTests
{
    [Fact]
    public void Webauthn_is_off_and_required_aal_is_highest_available_by_default_as_in_Kratos()
    {
        var settings = TestConfig.Load(TestConfig.Local());
        Assert.False(settings.SecurityKeysEnabled);
        Assert.Equal("highest_available", settings.Options.Session.WhoAmI.RequiredAal);
        Assert.Equal("highest_available", settings.Options.SelfService.Flows.Settings.RequiredAal);
    }

    [Fact]
    public void Webauthn_on_uses_the_passkey_relying_party()
    {
        var settings = TestConfig.Load(TestConfig.Local(), ("selfservice.methods.webauthn.enabled", "true"),
            ("selfservice.methods.webauthn.config.passwordless", "false"));
        Assert.True(settings.SecurityKeysEnabled);
        Assert.Equal("localhost", settings.RpId);
    }

    [Fact]
    public void Passwordless_true_is_refused()
    {
        var refused = TestConfig.Refused(TestConfig.Local(), ("selfservice.methods.webauthn.enabled", "true"),
            ("selfservice.methods.webauthn.config.passwordless", "true"));
        Assert.Contains("passkey", TestConfig.ErrorFor(refused, "selfservice.methods.webauthn.config.passwordless").Problem);
    }

    [Fact]
    public void Another_relying_party_than_the_passkey_one_is_refused()
    {
        var refused = TestConfig.Refused(TestConfig.Local(), ("selfservice.methods.webauthn.enabled", "true"),
            ("selfservice.methods.webauthn.config.rp.id", "example.com"));
        TestConfig.ErrorFor(refused, "selfservice.methods.webauthn.config.rp.id");
    }

    [Theory]
    [InlineData("session.whoami.required_aal")]
    [InlineData("selfservice.flows.settings.required_aal")]
    public void An_unknown_required_aal_is_refused(string key)
    {
        var refused = TestConfig.Refused(TestConfig.Local(), (key, "aal3"));
        TestConfig.ErrorFor(refused, key);
    }
}
