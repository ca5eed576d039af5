using App.Configuration;
using App.SelfService.Flows;
using App.Tests.Unit.Configuration;
using Microsoft.AspNetCore.Http;
using Codec = App.Ceremonies.Base64Url;

namespace App.Tests.Unit.Ceremonies;

/// <summary>
/// Double-submit CSRF with a masked token: the cookie holds the secret, the form holds
/// pad || (secret XOR pad), and the flow holds SHA-256(secret).
/// </summary>
public sealed class CsrfTests
{
    private static readonly PortalSettings Settings = TestConfig.Load(TestConfig.Local());
    private readonly Csrf csrf = new(Settings);
    private readonly byte[] secret = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    private static DefaultHttpContext Browser(byte[]? secret = null, string? cookieValue = null)
    {
        var http = new DefaultHttpContext();
        var value = cookieValue ?? (secret is null ? null : Codec.Encode(secret));
        if (value is not null) http.Request.Headers.Cookie = $"other=1; {Settings.CsrfCookieName}={value}; last=2";
        return http;
    }

    private static Flow FlowOf(byte[] secret) => new() { CsrfHash = Csrf.Hash(secret) };

    [Fact]
    public void Masked_token_round_trips_through_check()
    {
        Assert.Null(csrf.Check(Browser(secret), FlowOf(secret), Csrf.Mask(secret)));
    }

    [Fact]
    public void Masks_differ_every_time_and_never_show_the_secret()
    {
        var tokens = Enumerable.Range(0, 50).Select(_ => Csrf.Mask(secret)).ToList();

        Assert.Equal(tokens.Count, tokens.Distinct().Count());
        foreach (var token in tokens)
        {
            Assert.True(Codec.TryDecode(token, out var bytes));
            Assert.Equal(64, bytes.Length);
            Assert.NotEqual(secret, bytes[32..]);
            Assert.NotEqual(secret, bytes[..32]);
            Assert.Null(csrf.Check(Browser(secret), FlowOf(secret), token));
        }
    }

    [Fact]
    public void Token_for_the_request_unmasks_to_the_cookie_secret()
    {
        var http = Browser(secret);

        Assert.Null(csrf.Check(http, FlowOf(secret), csrf.TokenFor(http)));
        Assert.Equal("", csrf.TokenFor(Browser()));
    }

    [Fact]
    public void Missing_cookie_is_refused()
    {
        var reason = csrf.Check(Browser(), FlowOf(secret), Csrf.Mask(secret));

        Assert.Equal(Csrf.NoCookies, reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void Cookie_that_is_not_a_32_byte_secret_counts_as_missing(string cookie)
    {
        var reason = csrf.Check(Browser(cookieValue: cookie.Length == 0 ? "\"\"" : cookie), FlowOf(secret), Csrf.Mask(secret));

        Assert.Equal(Csrf.CookieMissing, reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Missing_token_is_refused(string? token)
    {
        Assert.Contains("CSRF token was not included", csrf.Check(Browser(secret), FlowOf(secret), token));
    }

    [Fact]
    public void Token_of_another_secret_is_refused()
    {
        var other = Enumerable.Repeat((byte)7, 32).ToArray();

        Assert.Contains("do not match", csrf.Check(Browser(secret), FlowOf(secret), Csrf.Mask(other)));
    }

    [Fact]
    public void Unmasked_secret_is_not_a_token()
    {
        Assert.Contains("do not match", csrf.Check(Browser(secret), FlowOf(secret), Codec.Encode(secret)));
        Assert.Contains("do not match", csrf.Check(Browser(secret), FlowOf(secret), Codec.Encode([.. new byte[32], .. secret])
            .Replace('A', 'B')));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(63)]
    public void Token_with_any_byte_changed_is_refused(int index)
    {
        Assert.True(Codec.TryDecode(Csrf.Mask(secret), out var bytes));
        bytes[index] ^= 0x01;

        Assert.Contains("do not match", csrf.Check(Browser(secret), FlowOf(secret), Codec.Encode(bytes)));
    }

    [Theory]
    [InlineData("%%%")]
    [InlineData("AAAA")]
    public void Malformed_token_is_refused(string token)
    {
        Assert.Contains("do not match", csrf.Check(Browser(secret), FlowOf(secret), token));
    }

    [Fact]
    public void Flow_of_another_browser_is_refused_even_with_a_matching_token()
    {
        var other = Enumerable.Repeat((byte)7, 32).ToArray();

        Assert.Contains("another browser", csrf.Check(Browser(secret), FlowOf(other), Csrf.Mask(secret)));
        Assert.Contains("another browser", csrf.Check(Browser(secret), new Flow(), Csrf.Mask(secret)));
        Assert.False(csrf.Owns(Browser(secret), FlowOf(other)));
        Assert.False(csrf.Owns(Browser(secret), new Flow()));
        Assert.False(csrf.Owns(Browser(), FlowOf(secret)));
        Assert.True(csrf.Owns(Browser(secret), FlowOf(secret)));
    }

    [Fact]
    public void New_browser_gets_an_http_only_lax_cookie_usable_in_the_same_request()
    {
        var http = Browser();

        var made = csrf.EnsureSecret(http);

        Assert.Equal(32, made.Length);
        Assert.Same(made, csrf.EnsureSecret(http));
        var cookie = Assert.Single(http.Response.Headers.SetCookie.ToArray())!;
        Assert.StartsWith($"{Settings.CsrfCookieName}={Codec.Encode(made)};", cookie);
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=lax", cookie);
        Assert.Contains("path=/", cookie);
        Assert.DoesNotContain("secure", cookie);
        Assert.Null(csrf.Check(http, FlowOf(made), csrf.TokenFor(http)));
    }

    [Fact]
    public void Browser_with_a_secret_keeps_it()
    {
        var http = Browser(secret);

        Assert.Equal(secret, csrf.EnsureSecret(http));
        Assert.Equal(0, http.Response.Headers.SetCookie.Count);
    }

    [Fact]
    public void Cookie_is_secure_when_the_portal_is_served_over_https()
    {
        var https = new Csrf(TestConfig.Load(TestConfig.Production()));
        var http = new DefaultHttpContext();

        https.EnsureSecret(http);

        Assert.Contains("secure", http.Response.Headers.SetCookie.ToString());
    }

    [Fact]
    public void Secrets_differ_per_browser()
    {
        Assert.NotEqual(csrf.EnsureSecret(Browser()), csrf.EnsureSecret(Browser()));
    }
}
