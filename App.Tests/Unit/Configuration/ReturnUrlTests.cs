using App.Configuration;
using static App.Tests.Unit.Configuration.TestConfig;

namespace App.Tests.Unit.Configuration;

/// <summary>return_to may only lead to the portal, the default return URL or an allow-listed URL.</summary>
public sealed class ReturnUrlTests
{
    // Portal on http://localhost:4455/, default return http://localhost:4455/welcome, and one app.
    private static readonly PortalSettings Settings = Load(Local(), ("selfservice.allowed_return_urls.1", "https://app.example.com/dashboard/"));

    [Theory]
    [InlineData("http://localhost:4455/")]
    [InlineData("http://localhost:4455/settings?tab=passkeys")]
    [InlineData("http://localhost:4455/welcome#hello")]
    [InlineData("HTTP://LOCALHOST:4455/welcome")]
    [InlineData("https://app.example.com/dashboard/")]
    [InlineData("https://app.example.com/dashboard/projects/7?view=list")]
    [InlineData("https://APP.example.com/dashboard/x")]
    [InlineData("https://app.example.com:443/dashboard/")]
    public void Same_origin_with_an_allowed_path_prefix_is_allowed(string candidate)
    {
        Assert.True(ReturnUrls.IsAllowed(Settings, candidate));
        Assert.Equal(candidate, ReturnUrls.Resolve(Settings, candidate));
    }

    [Theory]
    [InlineData("https://app.example.com/")] // outside the allowed path
    [InlineData("https://app.example.com/admin/dashboard/")]
    [InlineData("https://app.example.com/dashboard")] // the prefix is /dashboard/
    [InlineData("https://app.example.com/dashboard/../admin")]
    [InlineData("https://app.example.com/dashboard/%2e%2e/admin")] // browsers read %2e%2e as ..
    [InlineData("https://app.example.com/dashboard/.%2E/admin")]
    [InlineData("http://app.example.com/dashboard/")] // other scheme
    [InlineData("https://app.example.com:8443/dashboard/")] // other port
    [InlineData("http://localhost:4456/")]
    [InlineData("https://localhost:4455/")]
    [InlineData("http://127.0.0.1:4455/")] // other host, though the same machine
    [InlineData("https://evil.example/dashboard/")]
    [InlineData("https://app.example.com.evil.example/dashboard/")]
    [InlineData("http://localhost.evil.example:4455/")]
    [InlineData("http://localhost:4455.evil.example/")]
    public void Other_host_port_scheme_or_path_is_refused(string candidate)
    {
        Assert.False(ReturnUrls.IsAllowed(Settings, candidate));
        Assert.Equal("http://localhost:4455/welcome", ReturnUrls.Resolve(Settings, candidate));
    }

    [Theory]
    [InlineData("http://localhost:4455@evil.example/")]
    [InlineData("http://localhost:4455%40evil.example/")]
    [InlineData("http://user:pass@localhost:4455/")]
    [InlineData("https://app.example.com@evil.example/dashboard/")]
    [InlineData("http://evil.example%2F@localhost:4455/")]
    [InlineData("http://evil.example#@localhost:4455/")]
    [InlineData("http://evil.example?@localhost:4455/")]
    public void Userinfo_tricks_are_refused(string candidate)
    {
        Assert.False(ReturnUrls.IsAllowed(Settings, candidate));
        Assert.Equal("http://localhost:4455/welcome", ReturnUrls.Resolve(Settings, candidate));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(document.cookie)")]
    [InlineData("javascript://localhost:4455/%0aalert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://localhost:4455/")]
    public void Other_schemes_are_refused(string candidate)
    {
        Assert.False(ReturnUrls.IsAllowed(Settings, candidate));
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("//evil.example/")]
    [InlineData("///evil.example/")]
    [InlineData("//localhost:4455/")] // protocol-relative is never absolute, even to the portal
    [InlineData("/welcome")]
    [InlineData("welcome")]
    public void Relative_and_protocol_relative_urls_are_refused(string candidate)
    {
        Assert.False(ReturnUrls.IsAllowed(Settings, candidate));
        Assert.Equal("http://localhost:4455/welcome", ReturnUrls.Resolve(Settings, candidate));
    }

    [Theory]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("\\/evil.example")]
    [InlineData("http:\\\\evil.example\\")]
    [InlineData("http:/\\evil.example")]
    [InlineData("http://evil.example\\@localhost:4455/")]
    [InlineData("http://evil.example\\.localhost:4455/")]
    [InlineData("https://evil.example\\app.example.com/dashboard/")]
    public void Backslash_tricks_are_refused(string candidate)
    {
        // Browsers read '\' as '/' in http(s) URLs (WHATWG URL), so each of these leads to evil.example.
        Assert.False(ReturnUrls.IsAllowed(Settings, candidate));
        Assert.Equal("http://localhost:4455/welcome", ReturnUrls.Resolve(Settings, candidate));
    }

    [Theory]
    [InlineData("http://evil.example\t/")]
    [InlineData(" //evil.example")]
    [InlineData("http://evil.example%00.localhost:4455/")]
    [InlineData("http://localhost:4455\r\nLocation: http://evil.example/")]
    public void Whitespace_and_control_character_tricks_are_refused(string candidate)
    {
        Assert.False(ReturnUrls.IsAllowed(Settings, candidate));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a url")]
    public void Missing_or_junk_falls_back_to_the_default(string? candidate)
    {
        Assert.False(ReturnUrls.IsAllowed(Settings, candidate));
        Assert.Equal("http://localhost:4455/welcome", ReturnUrls.Resolve(Settings, candidate));
    }

    [Theory]
    [InlineData("com.example.app://callback/", true)]
    [InlineData("com.example.app://callback/done?state=1", true)]
    [InlineData("COM.EXAMPLE.APP://callback/", true)]
    [InlineData("com.example.app://other/", false)]
    [InlineData("org.example.app://callback/", false)]
    [InlineData("javascript://callback/%0aalert(1)", false)]
    public void A_native_apps_own_scheme_is_allowed_only_as_listed(string candidate, bool allowed)
    {
        var settings = Load(Local(), ("selfservice.allowed_return_urls.1", "com.example.app://callback/"));

        Assert.Equal(allowed, ReturnUrls.IsAllowed(settings, candidate));
        Assert.False(ReturnUrls.IsAllowed(Settings, candidate));
    }

    [Fact]
    public void Allow_list_entries_are_matched_by_path_prefix_like_kratos()
    {
        var settings = Load(Production(), ("selfservice.allowed_return_urls.0", "https://app.example.com/dash"),
            ("selfservice.default_browser_return_url", "https://login.example.com/welcome"));

        // Kratos compares paths with strings.HasPrefix, so an entry without a trailing slash covers siblings too.
        Assert.True(ReturnUrls.IsAllowed(settings, "https://app.example.com/dashboard"));
        Assert.False(ReturnUrls.IsAllowed(settings, "https://app.example.com/admin"));
    }
}
