using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MailKit.Security;

namespace App.Courier.Smtp;

/// <summary>
/// Where and how to deliver mail, read from Kratos's <c>courier.smtp.connection_uri</c>, such as
/// <c>smtp://user:password@mail.example.com:587/</c>, in the terms MailKit's client takes:
/// <see cref="SecureSocketOptions.StartTls"/> (plain connect, then STARTTLS, which the server must
/// offer), <see cref="SecureSocketOptions.SslOnConnect"/> (TLS from the first byte) or
/// <see cref="SecureSocketOptions.None"/> (plain text, for a local test server only).
/// </summary>
public sealed record SmtpEndpoint(
    string Host,
    int Port,
    SecureSocketOptions Security,
    string? UserName,
    string? Password,
    bool SkipCertificateVerification,
    string? ServerName)
{
    private const string Examples =
        "Use smtp://user:password@mail.example.com:587/ (STARTTLS), smtps://user:password@mail.example.com:465/ (implicit TLS) " +
        "or smtp://localhost:1025/?disable_starttls=true (a local test server).";

    private const string EncodingHint = "Percent-encode special characters in the user name and password (/ as %2F, @ as %40, : as %3A).";

    /// <summary>
    /// Reads a connection URI the way Kratos does: <c>smtp</c> requires STARTTLS unless
    /// <c>disable_starttls=true</c>, <c>smtps</c> is implicit TLS, <c>skip_ssl_verify=true</c> accepts any
    /// certificate and <c>server_name</c> names the certificate to expect. Error messages never repeat
    /// the URI, because it may hold the password.
    /// </summary>
    /// <exception cref="FormatException">The URI cannot be used; the message says why and shows a correct one.</exception>
    public static SmtpEndpoint Parse(string connectionUri)
    {
        if (string.IsNullOrWhiteSpace(connectionUri)) throw Bad("is empty.");
        var rest = connectionUri.Trim();

        var schemeEnd = rest.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) throw Bad("has no scheme.");
        var scheme = rest[..schemeEnd].ToLowerInvariant();
        var security = scheme switch
        {
            "smtp" => SecureSocketOptions.StartTls,
            "smtps" => SecureSocketOptions.SslOnConnect,
            _ when scheme.Length <= 10 && scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.') =>
                throw Bad($"has the scheme '{scheme}', but only smtp and smtps are supported."),
            _ => throw Bad("has an unknown scheme."),
        };
        rest = rest[(schemeEnd + 3)..];

        if (rest.IndexOf('#') is var fragment and >= 0) rest = rest[..fragment];
        var query = "";
        if (rest.IndexOf('?') is var queryStart and >= 0) (rest, query) = (rest[..queryStart], rest[(queryStart + 1)..]);
        if (rest.IndexOf('/') is var pathStart and >= 0) rest = rest[..pathStart];

        // The user information ends at the last @, so an unencoded @ in a password still parses.
        string? user = null, password = null;
        if (rest.LastIndexOf('@') is var at and >= 0)
        {
            var userInfo = rest[..at];
            rest = rest[(at + 1)..];
            var colon = userInfo.IndexOf(':');
            user = Uri.UnescapeDataString(colon >= 0 ? userInfo[..colon] : userInfo);
            password = colon >= 0 ? Uri.UnescapeDataString(userInfo[(colon + 1)..]) : null;
            if (user.Length == 0 && !string.IsNullOrEmpty(password)) throw Bad("has a password but no user name.");
            if (user.Length == 0) (user, password) = (null, null);
        }

        var (host, portText) = SplitHostAndPort(rest);
        var port = security == SecureSocketOptions.SslOnConnect ? 465 : 587;
        if (portText.Length > 0 && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
            throw Bad("has a port that is not a number between 1 and 65535. " + EncodingHint);

        var skipVerify = false;
        string? serverName = null;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var key = QueryDecode(equals >= 0 ? pair[..equals] : pair);
            var value = QueryDecode(equals >= 0 ? pair[(equals + 1)..] : "");
            switch (key)
            {
                case "disable_starttls":
                    if (ParseBool(key, value) && security == SecureSocketOptions.StartTls) security = SecureSocketOptions.None;
                    break;
                case "skip_ssl_verify":
                    skipVerify = ParseBool(key, value);
                    break;
                case "server_name":
                    serverName = value.Length > 0 ? value : null;
                    break;
            }
        }

        return new SmtpEndpoint(host, port, security, user, password, skipVerify, serverName);
    }

    /// <summary>The URI again with the password replaced by <c>***</c>, so it can be logged.</summary>
    public override string ToString()
    {
        var scheme = Security == SecureSocketOptions.SslOnConnect ? "smtps" : "smtp";
        var user = UserName is null ? "" : Uri.EscapeDataString(UserName) + (Password is null ? "" : ":***") + "@";
        var host = Host.Contains(':') ? $"[{Host}]" : Host;
        var options = new List<string>();
        if (Security == SecureSocketOptions.None) options.Add("disable_starttls=true");
        if (SkipCertificateVerification) options.Add("skip_ssl_verify=true");
        if (ServerName is not null) options.Add("server_name=" + Uri.EscapeDataString(ServerName));
        var query = options.Count > 0 ? "?" + string.Join('&', options) : "";
        return $"{scheme}://{user}{host}:{Port.ToString(CultureInfo.InvariantCulture)}/{query}";
    }

    private static (string Host, string Port) SplitHostAndPort(string authority)
    {
        string host, port = "";
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            if (close < 0 || !IPAddress.TryParse(authority[1..close], out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
                throw Bad("has a bracketed host that is not an IPv6 address.");
            host = authority[1..close];
            var after = authority[(close + 1)..];
            if (after.Length > 0 && after[0] != ':') throw Bad("has text after the IPv6 address where the port belongs.");
            if (after.Length > 0) port = after[1..];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon >= 0 ? authority[..colon] : authority;
            if (colon >= 0) port = authority[(colon + 1)..];
            if (host.Length > 0 && !host.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_'))
                throw Bad("has a host name with characters a host name cannot have. " + EncodingHint);
        }
        if (host.Length == 0) throw Bad("has no host.");
        return (host, port);
    }

    /// <summary>The values Go's strconv.ParseBool accepts, as Kratos reads these options with it.</summary>
    private static bool ParseBool(string key, string value) => value switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => throw Bad($"has a {key} value that is neither true nor false."),
    };

    private static string QueryDecode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private static FormatException Bad(string problem) =>
        new($"The SMTP connection URI (courier.smtp.connection_uri) {problem} {Examples}");
}
