using App.Identities;
using Xunit;

namespace App.Tests.Unit.Schema;

public class EmailAddressTests
{
    [Theory]
    [InlineData("ann@example.com", "ann@example.com")]
    [InlineData("  Ann@Example.COM\n", "ann@example.com")]
    [InlineData("JÖRG@Bücher.DE", "jörg@xn--bcher-kva.de")]
    [InlineData("user@xn--bcher-kva.de", "user@xn--bcher-kva.de")]
    [InlineData("\"Odd@Quoted\"@Example.com", "\"odd@quoted\"@example.com")]
    [InlineData("No-At-Sign", "no-at-sign")]
    [InlineData("Trailing@", "trailing@")]
    public void Normalize(string input, string expected) => Assert.Equal(expected, EmailAddress.Normalize(input));

    [Theory]
    [InlineData("ann@example.com")]
    [InlineData("ann.lee+tag@mail.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    [InlineData("jörg@bücher.de")]
    [InlineData("a@b.co")]
    [InlineData("x@sub-domain.example")]
    public void Valid(string value) => Assert.True(EmailAddress.IsValid(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("plainaddress")]
    [InlineData("@example.com")]
    [InlineData("ann@")]
    [InlineData("ann@@example.com")]
    [InlineData("a@b@example.com")]
    [InlineData("ann@localhost")]
    [InlineData("ann lee@example.com")]
    [InlineData(" ann@example.com")]
    [InlineData("ann@exa mple.com")]
    [InlineData("ann\u0001@example.com")]
    [InlineData(".ann@example.com")]
    [InlineData("ann.@example.com")]
    [InlineData("an..n@example.com")]
    [InlineData("ann<x>@example.com")]
    [InlineData("ann@-example.com")]
    [InlineData("ann@example-.com")]
    [InlineData("ann@example..com")]
    [InlineData("ann@example.com.")]
    [InlineData("ann@exa_mple.com")]
    [InlineData("ann@[127.0.0.1]")]
    public void Invalid(string? value) => Assert.False(EmailAddress.IsValid(value));

    [Fact]
    public void Length_limits()
    {
        var local64 = new string('a', 64);
        Assert.True(EmailAddress.IsValid(local64 + "@example.com"));
        Assert.False(EmailAddress.IsValid(local64 + "a@example.com"));

        var label = new string('d', 63);
        Assert.True(EmailAddress.IsValid($"a@{label}.com"));
        Assert.False(EmailAddress.IsValid($"a@{label}d.com"));

        // 254 characters in total is the most an address may have.
        var domain = $"{label}.{label}.{label}.{new string('d', 60)}";   // 252 characters
        Assert.True(EmailAddress.IsValid("a@" + domain));
        Assert.False(EmailAddress.IsValid("ab@" + domain));
    }
}
