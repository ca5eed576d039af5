using System.Net;

namespace App.Configuration;

/// <summary>
/// Checks the configuration before anything starts, so a mistake stops the process with a message
/// that names the key and the fix instead of surfacing later as a failed ceremony.
/// </summary>
public static class ConfigValidator
{
    private const string RpKey = "selfservice.methods.passkey.config.rp";

    public static IReadOnlyList<ConfigError> Validate(PortalOptions options)
    {
        var errors = new List<ConfigError>();
        CheckDsn(options.Dsn, errors);
        CheckUi(options.Ui, errors);
        for (var i = 0; i < options.Serve.Public.TrustedProxies.Count; i++)
            if (TrustedProxies.Parse(options.Serve.Public.TrustedProxies[i]) is null)
                errors.Add(new($"serve.public.trusted_proxies.{i}", $"'{options.Serve.Public.TrustedProxies[i]}' is not an IP address or range.",
                    "Give an address such as 10.0.0.5 or a range such as 10.0.0.0/8 or fd00::/8."));
        CheckCors(options.Serve.Public.Cors, errors);
        var baseUrl = CheckAbsoluteUrl("serve.public.base_url", options.Serve.Public.BaseUrl, errors);
        CheckAbsoluteUrl("selfservice.default_browser_return_url", options.SelfService.DefaultBrowserReturnUrl, errors);
        for (var i = 0; i < options.SelfService.AllowedReturnUrls.Count; i++)
            CheckReturnUrl($"selfservice.allowed_return_urls.{i}", options.SelfService.AllowedReturnUrls[i], errors);
        CheckDuration("selfservice.flows.login.lifespan", options.SelfService.Flows.Login.Lifespan, errors);
        CheckDuration("selfservice.flows.registration.lifespan", options.SelfService.Flows.Registration.Lifespan, errors);
        CheckDuration("selfservice.flows.settings.lifespan", options.SelfService.Flows.Settings.Lifespan, errors);
        CheckDuration("selfservice.flows.settings.privileged_session_max_age", options.SelfService.Flows.Settings.PrivilegedSessionMaxAge, errors);
        CheckDuration("selfservice.flows.recovery.lifespan", options.SelfService.Flows.Recovery.Lifespan, errors);
        if (options.SelfService.Flows.Recovery.Use != "code")
            errors.Add(new("selfservice.flows.recovery.use", $"'{options.SelfService.Flows.Recovery.Use}' is not a recovery method here.",
                "Use code: the email carries a one-time code and a link. Kratos's older link method is not offered."));
        CheckDuration("selfservice.flows.verification.lifespan", options.SelfService.Flows.Verification.Lifespan, errors);
        if (options.SelfService.Flows.Verification.Use != "code")
            errors.Add(new("selfservice.flows.verification.use", $"'{options.SelfService.Flows.Verification.Use}' is not a verification method here.",
                "Use code: the email carries a one-time code and a link. Kratos's older link method is not offered."));
        if (options.SelfService.Flows.Verification.After.DefaultBrowserReturnUrl is { Length: > 0 } afterVerification)
            CheckAbsoluteUrl("selfservice.flows.verification.after.default_browser_return_url", afterVerification, errors);
        if (options.SelfService.Flows.Registration.Style is not (RegistrationStyles.Unified or RegistrationStyles.ProfileFirst))
            errors.Add(new("selfservice.flows.registration.style", $"'{options.SelfService.Flows.Registration.Style}' is not a registration style.",
                "Use unified (traits and passkey in one step, the default here) or profile_first (traits first, then the passkey, as Kratos defaults to)."));
        else if (options.SelfService.Flows.Registration.Style == RegistrationStyles.ProfileFirst && !options.SelfService.Methods.Profile.Enabled)
            errors.Add(new("selfservice.flows.registration.style", "profile_first needs the profile method, which is turned off: its first screen would be empty.",
                "Set selfservice.methods.profile.enabled to true, or use style unified."));
        foreach (var (hook, i) in (options.SelfService.Flows.Registration.After.Passkey.Hooks ?? []).Select((h, i) => (h.Hook, i)))
            if (hook is not ("session" or "show_verification_ui"))
                errors.Add(new($"selfservice.flows.registration.after.passkey.hooks.{i}.hook", $"'{hook}' is not a registration hook here.",
                    "Use session (signs the new user in) or show_verification_ui; list session too to keep signing in."));
        CheckDuration("session.lifespan", options.Session.Lifespan, errors);
        CheckCookie(options.Session.Cookie, errors);
        CheckTokenizer(options.Session.WhoAmI.Tokenizer, errors);
        if (options.SelfService.Methods.Passkey.Enabled)
        {
            CheckRelyingParty(options.SelfService.Methods.Passkey.Config.Rp, baseUrl, errors);
            RelatedOrigins.Check(options.SelfService.Methods.Passkey.Config.Rp, errors);
            CheckAttestation(options.SelfService.Methods.Passkey.Config.Attestation, errors);
        }
        SecondFactorCheck.Check(options, errors);
        CheckCode(options.SelfService.Methods.Code, errors);
        PasswordConfigCheck.Check(options, errors);
        CheckCourier(options.Courier, errors);
        for (var i = 0; i < options.Secrets.Default.Count; i++)
            if (options.Secrets.Default[i].Length < 32)
                errors.Add(new($"secrets.default.{i}", "The secret is shorter than 32 characters.", "Use a random string of at least 32 characters, such as the output of `openssl rand -hex 32`."));
        if (options.Serve.Admin.Port is < 1 or > 65535)
            errors.Add(new("serve.admin.port", $"{options.Serve.Admin.Port} is not a TCP port.", "Use a port between 1 and 65535, such as 4434."));
        CheckAdminKeys(options.Serve.Admin, errors);
        var publicOrigins = options.SelfService.Methods.Passkey.Config.Rp.Origins is { Count: > 0 } configured ? configured
            : baseUrl is null ? [] : [baseUrl.GetLeftPart(UriPartial.Authority)];
        AdminConsoleCheck.Check(options, publicOrigins, errors);
        if (!GoDuration.TryParseWithDays(options.Audit.Retention, out var retention) || retention <= TimeSpan.Zero || retention > TimeSpan.FromDays(36500))
            errors.Add(new("audit.retention", $"'{options.Audit.Retention}' is not a duration from 1s to 36500d.", "Use a duration such as 365d, 90d or 720h."));
        if (options.Identity.Schemas.Count > 0 && options.Identity.Schemas.All(s => s.Id != options.Identity.DefaultSchemaId))
            errors.Add(new("identity.default_schema_id", $"No schema in identity.schemas has the id '{options.Identity.DefaultSchemaId}'.",
                "Set identity.default_schema_id to the id of one of identity.schemas."));
        return errors;
    }

    private static void CheckAdminKeys(ServeAdminOptions admin, List<ConfigError> errors)
    {
        const string key = "serve.admin.api_keys";
        const string makeOne = "Run scripts/admin-key.sh <name> and add the {name, key_hash} it prints";
        if (admin.ApiKeys.Count == 0 && !AdminListener.IsLoopbackHost(admin.Host))
            errors.Add(new(key, $"The admin API listens on '{admin.Host}', which other machines may reach, and no API key is configured: anyone who reaches it could administer every account.",
                $"{makeOne} to {key}, or set serve.admin.host to 127.0.0.1."));
        for (var i = 0; i < admin.ApiKeys.Count; i++)
        {
            var entry = admin.ApiKeys[i];
            if (!System.Text.RegularExpressions.Regex.IsMatch(entry.Name ?? "", "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"))
                errors.Add(new($"{key}.{i}.name", $"'{entry.Name}' is not a key name.", "Name the key after who uses it, in letters, digits, '.', '-' and '_', such as support-tool."));
            else if (admin.ApiKeys.Take(i).Any(e => e.Name == entry.Name))
                errors.Add(new($"{key}.{i}.name", $"Another key is named '{entry.Name}' already.", "Give every key its own name: the audit log tells them apart by it."));
            if (Admin.AdminKeyHash.Digest(entry.KeyHash) is null)
                errors.Add(new($"{key}.{i}.key_hash", "The hash is not sha256: and 64 hexadecimal digits.", $"{makeOne}; never put the key itself here."));
        }
    }

    private static void CheckCode(CodeMethodOptions code, List<ConfigError> errors)
    {
        const string key = "selfservice.methods.code.config";
        CheckDuration($"{key}.lifespan", code.Config.Lifespan, errors);
        if (code.Config.MaxSubmissions is < 1 or > 255)
            errors.Add(new($"{key}.max_submissions", $"{code.Config.MaxSubmissions} is out of range.", "Use a number from 1 to 255; the default is 5."));
        if (code.Config.RequirePasskeyAfterSignIn is not ("never" or "flagged" or "always"))
            errors.Add(new($"{key}.require_passkey_after_sign_in", $"'{code.Config.RequirePasskeyAfterSignIn}' is not a policy.", "Use never, flagged or always."));
        var limits = code.Config.RateLimits;
        CheckDuration($"{key}.rate_limits.window", limits.Window, errors);
        foreach (var (name, value) in new[] { ("sends_per_address", limits.SendsPerAddress), ("sends_per_ip", limits.SendsPerIp),
                     ("submissions_per_address", limits.SubmissionsPerAddress), ("submissions_per_ip", limits.SubmissionsPerIp) })
            if (value < 1)
                errors.Add(new($"{key}.rate_limits.{name}", $"{value} would refuse every request.", "Use a number of at least 1."));
    }

    private static void CheckCourier(CourierOptions courier, List<ConfigError> errors)
    {
        if (!string.IsNullOrWhiteSpace(courier.Smtp.ConnectionUri))
        {
            try { Courier.Smtp.SmtpEndpoint.Parse(courier.Smtp.ConnectionUri); }
            catch (FormatException e)
            {
                errors.Add(new("courier.smtp.connection_uri", e.Message, "Use smtp://user:password@host:587/ (STARTTLS), smtps://user:password@host:465/ (TLS) or smtp://localhost:1025/?disable_starttls=true."));
            }
        }
        if (courier.Smtp.FromAddress is not { } from || from.Count(c => c == '@') != 1 || from.Any(c => char.IsWhiteSpace(c) || c is '<' or '>'))
            errors.Add(new("courier.smtp.from_address", $"'{courier.Smtp.FromAddress}' is not an email address.", "Use the address mail is sent from, such as no-reply@example.com."));
        if (courier.MessageRetries is < 1 or > 100)
            errors.Add(new("courier.message_retries", $"{courier.MessageRetries} is out of range.", "Use a number from 1 to 100; the default is 5."));
        CheckDuration("courier.worker.poll_interval", courier.Worker.PollInterval, errors);
        CheckDuration("courier.worker.retry_backoff", courier.Worker.RetryBackoff, errors);
        if (courier.TemplateOverridePath is { Length: > 0 } path && !Directory.Exists(path))
            errors.Add(new("courier.template_override_path", $"The folder '{path}' does not exist.", "Point it at a folder that holds <template>/valid/email.body.gotmpl files, or remove the key."));
    }

    private static void CheckDsn(string dsn, List<ConfigError> errors)
    {
        var scheme = dsn.Split("://", 2)[0].ToLowerInvariant();
        if (!dsn.Contains("://") || scheme is not ("sqlite" or "postgres" or "postgresql"))
            errors.Add(new("dsn", $"'{dsn}' has an unknown scheme.",
                "Use sqlite://data/identity.db for the embedded database or postgres://user:password@host:5432/database."));
        else if (scheme == "sqlite" && dsn.Length <= "sqlite://".Length)
            errors.Add(new("dsn", "The SQLite path is empty.", "Give a file path, such as sqlite://data/identity.db."));
    }

    private static void CheckCors(CrossOriginOptions cors, List<ConfigError> errors)
    {
        const string key = "serve.public.cors";
        if (!cors.Enabled) return;
        if (cors.Origins.Contains("*") && cors.AllowCredentials)
            errors.Add(new($"{key}.allowed_origins", "CORS allows any origin with the browser's cookies, so any site could read a visitor's session and flows.",
                "List the origins of your UI, such as https://app.example.com or https://*.example.com, or set allow_credentials to false."));
        for (var i = 0; i < cors.AllowedOrigins.Count; i++)
        {
            var origin = cors.AllowedOrigins[i];
            if (origin == "*") continue;
            var example = CorsExample(origin);
            if (origin.Count(c => c == '*') > 1 || !Uri.TryCreate(example, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/"
                || !example.TrimEnd('/').Equals(uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
                errors.Add(new($"{key}.allowed_origins.{i}", $"'{origin}' is not an origin.",
                    "Write a scheme, a host and an optional port, with at most one *, such as https://app.example.com or https://*.example.com."));
        }
        if (cors.MaxAge < 0) errors.Add(new($"{key}.max_age", $"{cors.MaxAge} is negative.", "Use a number of seconds of 0 or more."));
    }

    /// <summary>An origin pattern with its <c>*</c> filled in, so Uri can judge the rest: a name in the host, a number in the port.</summary>
    private static string CorsExample(string origin)
    {
        var star = origin.IndexOf('*');
        if (star < 0) return origin;
        var colon = origin.LastIndexOf(':');
        var inPort = colon > origin.IndexOf("://", StringComparison.Ordinal) + 2 && star > colon;
        return origin.Replace("*", inPort ? "1" : "x");
    }

    /// <summary>
    /// An http(s) URL, or a native app's own scheme (com.example.app://callback), where a browser
    /// that finished an app's flow is sent back to it; never one that runs or reads something.
    /// </summary>
    private static void CheckReturnUrl(string key, string? value, List<ConfigError> errors)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && ReturnUrls.IsAppScheme(uri.Scheme) && uri.Host.Length > 0) return;
        CheckAbsoluteUrl(key, value, errors);
    }

    private static Uri? CheckAbsoluteUrl(string key, string? value, List<ConfigError> errors)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            return uri;
        errors.Add(new(key, $"'{value}' is not an absolute http(s) URL.", "Write the full URL, such as http://localhost:4455/."));
        return null;
    }

    private static void CheckDuration(string key, string value, List<ConfigError> errors)
    {
        if (!GoDuration.TryParse(value, out var span) || span <= TimeSpan.Zero)
            errors.Add(new(key, $"'{value}' is not a positive duration.", "Use a duration such as 1h, 30m or 90s."));
    }

    private static void CheckTokenizer(TokenizerOptions tokenizer, List<ConfigError> errors)
    {
        foreach (var (name, template) in tokenizer.Templates)
        {
            var key = $"session.whoami.tokenizer.templates.{name}";
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                errors.Add(new(key, $"'{name}' is not a template name.", "Use letters, digits, '-', '_' and '.'."));
            CheckDuration($"{key}.ttl", template.Ttl, errors);
            if (string.IsNullOrWhiteSpace(template.JwksUrl))
                errors.Add(new($"{key}.jwks_url", "A template needs a key set to sign with.", "Set jwks_url to file://path or base64:// of a JSON Web Key Set."));
            else if (template.JwksUrl.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || template.JwksUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                errors.Add(new($"{key}.jwks_url", "The private signing key is read from a file or base64:// here, never fetched over the network.", "Save the key set as a file and use file://path."));
            if (!string.IsNullOrEmpty(template.ClaimsMapperUrl))
                errors.Add(new($"{key}.claims_mapper_url", "Jsonnet claims mappers are not run here; the token carries Kratos's standard claims.", "Remove claims_mapper_url, and read further claims from whoami or the admin API."));
            if (template.SubjectSource is not ("id" or "external_id"))
                errors.Add(new($"{key}.subject_source", $"'{template.SubjectSource}' is not a subject source.", "Use id or external_id."));
        }
    }

    private static void CheckCookie(SessionCookieOptions cookie, List<ConfigError> errors)
    {
        if (string.IsNullOrWhiteSpace(cookie.Name) || cookie.Name.Any(c => c <= ' ' || ";,=\"\\".Contains(c)))
            errors.Add(new("session.cookie.name", $"'{cookie.Name}' is not a valid cookie name.", "Use letters, digits, '-' and '_', such as ory_kratos_session."));
        if (cookie.SameSite is not ("Lax" or "Strict" or "None"))
            errors.Add(new("session.cookie.same_site", $"'{cookie.SameSite}' is not a SameSite mode.", "Use Lax, Strict or None."));
    }

    /// <summary>scheme://host[:port] and at most a trailing slash; an explicit default port is fine, browsers drop it.</summary>
    private static bool IsBareOrigin(string text, Uri origin)
    {
        var authority = origin.GetLeftPart(UriPartial.Authority);
        var written = text.Trim().TrimEnd('/');
        return string.Equals(written, authority, StringComparison.OrdinalIgnoreCase)
            || (origin.IsDefaultPort && string.Equals(written, $"{authority}:{origin.Port}", StringComparison.OrdinalIgnoreCase));
    }

    private static void CheckRelyingParty(RelyingPartyOptions rp, Uri? baseUrl, List<ConfigError> errors)
    {
        if (string.IsNullOrWhiteSpace(rp.Id))
        {
            errors.Add(new($"{RpKey}.id", "Passkeys are enabled but no RP ID is set.",
                $"Set {RpKey}.id to the domain of your login pages (for example example.com), or set selfservice.methods.passkey.enabled to false."));
            return;
        }
        if (IPAddress.TryParse(rp.Id.Trim('[', ']'), out _))
        {
            errors.Add(new($"{RpKey}.id", $"'{rp.Id}' is an IP address; WebAuthn requires a domain.",
                $"Serve the portal under a domain name and set {RpKey}.id to it; for local work use localhost."));
            return;
        }
        if (rp.Id != rp.Id.ToLowerInvariant() || rp.Id.Contains('/') || rp.Id.Contains(':'))
        {
            errors.Add(new($"{RpKey}.id", $"'{rp.Id}' is not a bare lower-case domain.", $"Write only the host, such as example.com, without scheme, port or path."));
            return;
        }
        var origins = rp.Origins.Count > 0 ? rp.Origins : baseUrl is null ? [] : [baseUrl.GetLeftPart(UriPartial.Authority)];
        for (var i = 0; i < origins.Count; i++)
        {
            var key = rp.Origins.Count > 0 ? $"{RpKey}.origins.{i}" : "serve.public.base_url";
            if (!Uri.TryCreate(origins[i], UriKind.Absolute, out var origin) || origin.Scheme is not ("http" or "https"))
            {
                errors.Add(new(key, $"'{origins[i]}' is not an origin.", "Write scheme, host and optional port, such as https://login.example.com."));
                continue;
            }
            if (!IsBareOrigin(origins[i], origin))
                errors.Add(new(key, $"'{origins[i]}' has a path; an origin is only scheme://host[:port].",
                    $"Remove the path: {origin.GetLeftPart(UriPartial.Authority)}."));
            if (!RelyingParty.IsRpIdValidFor(rp.Id, origin.Host))
                errors.Add(new($"{RpKey}.id", $"'{rp.Id}' is neither the host of origin '{origins[i]}' nor a registrable suffix of it.",
                    $"Set {RpKey}.id to '{origin.Host}' or to a parent domain of it, or remove that origin."));
            if (origin.Scheme == "http" && origin.Host != "localhost" && !origin.Host.EndsWith(".localhost", StringComparison.Ordinal))
                errors.Add(new(key, $"'{origins[i]}' uses http; browsers allow passkeys only on https or localhost.",
                    "Serve the portal over https."));
        }
    }

    private static void CheckAttestation(AttestationOptions attestation, List<ConfigError> errors)
    {
        const string key = "selfservice.methods.passkey.config.attestation";
        if (attestation.Conveyance is not ("none" or "direct"))
            errors.Add(new($"{key}.conveyance", $"'{attestation.Conveyance}' is not a conveyance.", "Use none (the default) or direct."));
        foreach (var (name, path) in new[] { ("metadata_path", attestation.MetadataPath), ("metadata_root_path", attestation.MetadataRootPath) })
            if (path is { Length: > 0 } && !File.Exists(path))
                errors.Add(new($"{key}.{name}", $"The file '{path}' does not exist.", "Point it at a file the portal can read, or remove the key."));
        for (var i = 0; i < attestation.AllowedAaguids.Count; i++)
            if (!Guid.TryParse(attestation.AllowedAaguids[i], out _))
                errors.Add(new($"{key}.allowed_aaguids.{i}", $"'{attestation.AllowedAaguids[i]}' is not an AAGUID.", "Write it as a UUID, such as cb69481e-8ff7-4039-93ec-0a2729a154a8."));
        if (attestation.AllowedAaguids.Count > 0 && (attestation.Conveyance != "direct" || string.IsNullOrEmpty(attestation.MetadataPath)))
            errors.Add(new($"{key}.allowed_aaguids", "An AAGUID list needs attested AAGUIDs: without direct attestation checked against metadata, any authenticator can claim any AAGUID.",
                $"Set {key}.conveyance to direct and {key}.metadata_path to a FIDO metadata BLOB, or remove {key}.allowed_aaguids."));
    }

    private static void CheckUi(UiOptions ui, List<ConfigError> errors)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(ui.Theme ?? "", "^[a-z0-9][a-z0-9-]{0,39}$"))
            errors.Add(new("ui.theme", $"'{ui.Theme}' is not a theme folder name.", "Use the name of a folder in wwwroot/themes/, in lower case letters, digits and dashes."));
        foreach (var (key, value) in new[] { ("ui.logo_url", ui.LogoUrl), ("ui.support_url", ui.SupportUrl) })
            if (value is { Length: > 0 } && !IsPageAddress(value))
                errors.Add(new(key, $"'{value}' is not an address a page can link to.", "Use an https:// (or http://) URL, or a path starting with /."));
    }

    /// <summary>An absolute http(s) URL, or a path of this site (not "//host", which leaves it).</summary>
    private static bool IsPageAddress(string value) =>
        (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        || (value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal) && !value.Contains('\\'));
}
