using System.Net;
using App.Identities;

namespace App.Configuration;

/// <summary>
/// The admin console's part of start-up validation: its passkey sign-in runs on the admin
/// listener's own origin (<c>serve.admin.base_url</c>), which rp.id must cover, and which must stay
/// out of the public flows' origins, so a console sign-in can never be replayed on the public side
/// nor a public one on the console.
/// </summary>
public static class AdminConsoleCheck
{
    private const string BaseUrlKey = "serve.admin.base_url";
    private const string RpIdKey = "selfservice.methods.passkey.config.rp.id";
    private const string OriginsKey = "selfservice.methods.passkey.config.rp.origins";
    private const string Disable = "admin.console.enabled to false";

    /// <summary>The console's origin: <c>serve.admin.base_url</c>'s, or <c>http://localhost:&lt;serve.admin.port&gt;</c>.</summary>
    public static string OriginOf(ServeAdminOptions admin) =>
        admin.BaseUrl is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Authority)
            : $"http://localhost:{admin.Port}";

    public static void Check(PortalOptions options, IReadOnlyList<string> publicOrigins, List<ConfigError> errors)
    {
        var console = options.Admin.Console;
        for (var i = 0; i < console.Identities.Count; i++)
            if (!EmailAddress.IsValid(console.Identities[i]?.Trim()))
                errors.Add(new($"admin.console.identities.{i}", $"'{console.Identities[i]}' is not an email address.",
                    "List the addresses administrators sign in with, such as ops@example.com."));
        // Only a console asked for by name stops the start; unset, it stays off instead (see OriginProblems).
        if (console.Enabled == true) errors.AddRange(OriginProblems(options, publicOrigins));
    }

    /// <summary>Why the console could not sign anyone in on its origin; empty when it can (or is off).</summary>
    public static List<ConfigError> OriginProblems(PortalOptions options, IReadOnlyList<string> publicOrigins)
    {
        var errors = new List<ConfigError>();
        if (options.Admin.Console.Enabled == false || !options.SelfService.Methods.Passkey.Enabled) return errors;

        var admin = options.Serve.Admin;
        // A port out of range is reported on its own; there is no origin to check.
        if (admin.Port is < 1 or > 65535) return errors;
        if (admin.BaseUrl is { Length: > 0 } written
            && (!Uri.TryCreate(written, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")))
        {
            errors.Add(new(BaseUrlKey, $"'{written}' is not an absolute http(s) URL.", "Write the admin listener's URL as browsers reach it, such as http://localhost:4434/."));
            return errors;
        }
        var origin = new Uri(OriginOf(admin));
        var rpId = options.SelfService.Methods.Passkey.Config.Rp.Id;
        // A missing or malformed rp.id is reported by the relying party's own check.
        if (string.IsNullOrWhiteSpace(rpId) || IPAddress.TryParse(rpId.Trim('[', ']'), out _) || rpId != rpId.ToLowerInvariant() || rpId.Contains('/') || rpId.Contains(':'))
            return errors;
        if (IPAddress.TryParse(origin.Host.Trim('[', ']'), out _))
            errors.Add(new(BaseUrlKey, $"The admin console would sign in on {origin}, an IP address; WebAuthn needs a domain.",
                $"Set {BaseUrlKey} to http://localhost:{admin.Port}/ (the default), or set {Disable}."));
        else if (!RelyingParty.IsRpIdValidFor(rpId, origin.Host))
            errors.Add(new(BaseUrlKey, $"The admin console signs in with passkeys on {origin} ({BaseUrlKey}), which {RpIdKey} '{rpId}' does not cover.",
                $"Set {BaseUrlKey} to an address under {rpId} that reaches the admin listener (such as https://admin.{rpId}/), set {RpIdKey} to cover {origin.Host}, or set {Disable}."));
        else if (origin.Scheme == "http" && origin.Host != "localhost" && !origin.Host.EndsWith(".localhost", StringComparison.Ordinal))
            errors.Add(new(BaseUrlKey, $"'{origin}' uses http; browsers allow passkeys only on https or localhost.",
                $"Serve the admin listener over https, or reach it through a tunnel on localhost (ssh -L {admin.Port}:localhost:{admin.Port})."));
        if (publicOrigins.Any(o => string.Equals(o.TrimEnd('/'), origin.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)))
            errors.Add(new(OriginsKey, $"{origin.GetLeftPart(UriPartial.Authority)} is the admin console's origin ({BaseUrlKey}); it is accepted for console sign-ins only, never for the public flows.",
                $"Remove it from {OriginsKey}, or give the admin listener another address in {BaseUrlKey}."));
        return errors;
    }
}
