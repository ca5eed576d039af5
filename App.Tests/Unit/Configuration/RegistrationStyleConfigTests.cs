using App.Configuration;
using static App.Tests.Unit.Configuration.TestConfig;

namespace App.Tests.Unit.Configuration;

/// <summary><c>selfservice.flows.registration.style</c>: unified here by default, profile_first as Kratos has it.</summary>
public sealed class RegistrationStyleConfigTests
{
    private const string Key = "selfservice.flows.registration.style";

    [Fact]
    public void Registration_is_one_step_unless_told_otherwise()
    {
        var settings = Load(Local());

        Assert.Equal("unified", settings.Options.SelfService.Flows.Registration.Style);
        Assert.False(settings.RegistrationProfileFirst);
    }

    [Theory]
    [InlineData("unified", false)]
    [InlineData("profile_first", true)]
    public void Both_Kratos_styles_are_taken(string style, bool profileFirst) =>
        Assert.Equal(profileFirst, Load(Local(), (Key, style)).RegistrationProfileFirst);

    [Theory]
    [InlineData("two_step")]
    [InlineData("Profile_First")]
    [InlineData("")]
    public void Another_style_is_refused_with_the_two_it_could_be(string style)
    {
        var error = ErrorFor(Refused(Local(), (Key, style)), Key);

        Assert.Contains($"'{style}'", error.Problem);
        Assert.Contains("unified", error.Fix);
        Assert.Contains("profile_first", error.Fix);
    }

    [Fact]
    public void Profile_first_without_the_profile_method_is_refused()
    {
        var error = ErrorFor(Refused(Local(), (Key, "profile_first"), ("selfservice.methods.profile.enabled", "false")), Key);

        Assert.Contains("selfservice.methods.profile.enabled", error.Fix);
    }
}
