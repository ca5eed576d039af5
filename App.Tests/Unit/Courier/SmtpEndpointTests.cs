using App.Courier.Smtp;
using MailKit.Security;

namespace App.Tests.Unit.Courier;

/// <summary>courier.smtp.connection_uri as Kratos reads it.</summary>
public sealed class SmtpEndpointTests
{
    [Fact]
    public void Smtp_means_required_starttls_on_the_submission_port()
    {
        var endpoint = SmtpEndpoint.Parse("smtp://user:secret@mail.example.com:587/");

        Assert.Equal(new SmtpEndpoint("mail.example.com", 587, SecureSocketOptions.StartTls, "user", "secret", false, null), endpoint);
    }

    [Fact]
    public void Smtps_means_implicit_tls()
    {
        var endpoint = SmtpEndpoint.Parse("smtps://user:secret@mail.example.com:465/");

        Assert.Equal(new SmtpEndpoint("mail.example.com", 465, SecureSocketOptions.SslOnConnect, "user", "secret", false, null), endpoint);
    }

    [Theory]
    [InlineData("smtp://mail.example.com", 587, SecureSocketOptions.StartTls)]
    [InlineData("smtp://mail.example.com/", 587, SecureSocketOptions.StartTls)]
    [InlineData("smtp://mail.example.com:/", 587, SecureSocketOptions.StartTls)]
    [InlineData("smtps://mail.example.com", 465, SecureSocketOptions.SslOnConnect)]
    [InlineData("SMTPS://mail.example.com:2465", 2465, SecureSocketOptions.SslOnConnect)]
    [InlineData("smtp://mail.example.com:25/?disable_starttls=true", 25, SecureSocketOptions.None)]
    [InlineData("smtp://mail.example.com:25/?disable_starttls=1", 25, SecureSocketOptions.None)]
    [InlineData("smtp://mail.example.com:25/?disable_starttls=false", 25, SecureSocketOptions.StartTls)]
    [InlineData("smtps://mail.example.com/?disable_starttls=true", 465, SecureSocketOptions.SslOnConnect)]
    public void Chooses_port_and_security(string uri, int port, SecureSocketOptions security)
    {
        var endpoint = SmtpEndpoint.Parse(uri);

        Assert.Equal("mail.example.com", endpoint.Host);
        Assert.Equal(port, endpoint.Port);
        Assert.Equal(security, endpoint.Security);
        Assert.Null(endpoint.UserName);
        Assert.Null(endpoint.Password);
    }

    [Fact]
    public void Reads_a_local_maildev_without_tls()
    {
        var endpoint = SmtpEndpoint.Parse("smtp://localhost:1025/?disable_starttls=true");

        Assert.Equal(new SmtpEndpoint("localhost", 1025, SecureSocketOptions.None, null, null, false, null), endpoint);
    }

    [Fact]
    public void Reads_certificate_options()
    {
        var endpoint = SmtpEndpoint.Parse("smtp://10.0.0.5:587/?skip_ssl_verify=true&server_name=mail.example.com");

        Assert.Equal("10.0.0.5", endpoint.Host);
        Assert.True(endpoint.SkipCertificateVerification);
        Assert.Equal("mail.example.com", endpoint.ServerName);
        Assert.Equal(SecureSocketOptions.StartTls, endpoint.Security);
    }

    [Fact]
    public void Verifies_certificates_by_default()
    {
        var endpoint = SmtpEndpoint.Parse("smtps://mail.example.com/?skip_ssl_verify=false");

        Assert.False(endpoint.SkipCertificateVerification);
        Assert.Null(endpoint.ServerName);
    }

    [Fact]
    public void Percent_decodes_user_and_password()
    {
        var endpoint = SmtpEndpoint.Parse("smtp://apikey%40example.com:p%40ss%3Aw%2Frd+%25@mail.example.com/");

        Assert.Equal("apikey@example.com", endpoint.UserName);
        Assert.Equal("p@ss:w/rd+%", endpoint.Password);
        Assert.Equal("mail.example.com", endpoint.Host);
    }

    [Fact]
    public void Takes_the_last_at_sign_as_the_end_of_the_credentials()
    {
        var endpoint = SmtpEndpoint.Parse("smtp://user:p@ss@mail.example.com:2525");

        Assert.Equal("p@ss", endpoint.Password);
        Assert.Equal("mail.example.com", endpoint.Host);
        Assert.Equal(2525, endpoint.Port);
    }

    [Fact]
    public void Reads_a_user_without_a_password()
    {
        var endpoint = SmtpEndpoint.Parse("smtp://user@mail.example.com");

        Assert.Equal("user", endpoint.UserName);
        Assert.Null(endpoint.Password);
    }

    [Fact]
    public void Reads_an_ipv6_host()
    {
        var endpoint = SmtpEndpoint.Parse("smtps://[::1]:1465/");

        Assert.Equal("::1", endpoint.Host);
        Assert.Equal(1465, endpoint.Port);
        Assert.Equal("smtps://[::1]:1465/", endpoint.ToString());
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   ", "is empty")]
    [InlineData("mail.example.com:587", "has no scheme")]
    [InlineData("http://mail.example.com", "the scheme 'http'")]
    [InlineData("smtp://", "has no host")]
    [InlineData("smtp://user:pass@:587/", "has no host")]
    [InlineData("smtp://mail.example.com:0", "not a number between 1 and 65535")]
    [InlineData("smtp://mail.example.com:65536", "not a number between 1 and 65535")]
    [InlineData("smtp://mail.example.com:-1", "not a number between 1 and 65535")]
    [InlineData("smtp://mail.example.com:abc", "not a number between 1 and 65535")]
    [InlineData("smtp://mail example.com", "characters a host name cannot have")]
    [InlineData("smtp://[not-ipv6]:25", "not an IPv6 address")]
    [InlineData("smtp://mail.example.com/?disable_starttls=yes", "disable_starttls value that is neither true nor false")]
    [InlineData("smtp://mail.example.com/?skip_ssl_verify=maybe", "skip_ssl_verify value that is neither true nor false")]
    [InlineData("smtp://:secret@mail.example.com", "a password but no user name")]
    public void Refuses_bad_uris_with_a_message_that_shows_a_correct_one(string uri, string problem)
    {
        var error = Assert.Throws<FormatException>(() => SmtpEndpoint.Parse(uri));

        Assert.Contains(problem, error.Message);
        Assert.Contains("smtp://user:password@mail.example.com:587/", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [InlineData("smtps://user:hunter2-secret@mail.example.com:99999/")]
    [InlineData("smtp://user:hunter2-secret@mail.example.com/?disable_starttls=hunter2-secret")]
    [InlineData("ftp://user:hunter2-secret@mail.example.com/")]
    [InlineData("smtp://user:hunter2/secret@mail.example.com/")]
    [InlineData("smtp://user:hunter2-secret@mail example.com/")]
    [InlineData("user:hunter2-secret@mail.example.com")]
    public void Never_repeats_the_password_in_an_error(string uri)
    {
        var error = Assert.Throws<FormatException>(() => SmtpEndpoint.Parse(uri));

        Assert.DoesNotContain("hunter2", error.Message);
    }

    [Theory]
    [InlineData("smtp://user:secret@mail.example.com:587/", "smtp://user:***@mail.example.com:587/")]
    [InlineData("smtps://user:secret@mail.example.com", "smtps://user:***@mail.example.com:465/")]
    [InlineData("smtp://a%40b:secret@mail.example.com", "smtp://a%40b:***@mail.example.com:587/")]
    [InlineData("smtp://user@mail.example.com", "smtp://user@mail.example.com:587/")]
    [InlineData("smtp://localhost:1025/?disable_starttls=true", "smtp://localhost:1025/?disable_starttls=true")]
    [InlineData("smtp://u:secret@1.2.3.4/?skip_ssl_verify=true&server_name=mx.example.com",
        "smtp://u:***@1.2.3.4:587/?skip_ssl_verify=true&server_name=mx.example.com")]
    public void Prints_without_the_password(string uri, string printed)
    {
        var endpoint = SmtpEndpoint.Parse(uri);

        Assert.Equal(printed, endpoint.ToString());
        Assert.DoesNotContain("secret", endpoint.ToString());
        Assert.DoesNotContain("secret", $"{endpoint}");
    }

    [Fact]
    public void Printed_form_parses_back_to_the_same_endpoint_apart_from_the_password()
    {
        var endpoint = SmtpEndpoint.Parse("smtp://a%40b:secret@mx.example.com:2525/?disable_starttls=true&skip_ssl_verify=true&server_name=x.example.com");

        Assert.Equal(endpoint with { Password = "***" }, SmtpEndpoint.Parse(endpoint.ToString()));
    }
}
