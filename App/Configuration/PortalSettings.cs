using Microsoft.Extensions.Configuration;

namespace App.Configuration;

/// <summary>
/// The configuration after validation, with durations parsed and URLs resolved, so the rest of the
/// portal never parses a setting twice. Built once at start-up.
/// </summary>
public sealed class PortalSettings
{
    public required PortalOptions Options { get; init; }
    public required Uri PublicBaseUrl { get; init; }
    public required string RpId { get; init; }
    public required IReadOnlyList<string> Origins { get; init; }
    /// <summary>Other sites' origins that may use this RP ID's passkeys (<c>rp.related_origins</c>), as origins.</summary>
    public IReadOnlyList<string> RelatedOrigins { get; init; } = [];
    public required TimeSpan LoginLifespan { get; init; }
    public required TimeSpan RegistrationLifespan { get; init; }
    public required TimeSpan SessionLifespan { get; init; }
    public required TimeSpan SettingsLifespan { get; init; }
    public required TimeSpan RecoveryLifespan { get; init; }
    public required TimeSpan VerificationLifespan { get; init; }
    public required TimeSpan PrivilegedSessionMaxAge { get; init; }
    public required Uri DefaultReturnUrl { get; init; }
    public required IReadOnlyList<Uri> AllowedReturnUrls { get; init; }
    public required TimeSpan CodeLifespan { get; init; }
    public required TimeSpan RateLimitWindow { get; init; }
    public required TimeSpan CourierPollInterval { get; init; }
    public required TimeSpan CourierRetryBackoff { get; init; }
    /// <summary>How long audit events are kept before housekeeping removes them.</summary>
    public required TimeSpan AuditRetention { get; init; }

    /// <summary>The admin console's origin: its passkey sign-in runs there, and only its sign-in accepts it.</summary>
    public string ConsoleOrigin => AdminConsoleCheck.OriginOf(Options.Serve.Admin);
    /// <summary>The console is served (on the admin listener); it signs in with passkeys, so it needs them.</summary>
    public bool ConsoleEnabled => consoleEnabled ??= Options.Admin.Console.Enabled != false && PasskeysEnabled && ConsoleProblems.Count == 0;
    private bool? consoleEnabled;
    /// <summary>Why a console left unset in the configuration is off: its origin is not one rp.id covers (<see cref="AdminConsoleCheck"/>).</summary>
    public IReadOnlyList<ConfigError> ConsoleProblems => AdminConsoleCheck.OriginProblems(Options, Origins);
    /// <summary>Cookies of the console are marked Secure when its origin is https.</summary>
    public bool SecureConsoleCookies => ConsoleOrigin.StartsWith("https:", StringComparison.Ordinal);

    /// <summary>Email sign-in ("Can't use passkey?") is offered.</summary>
    public bool CodeLoginEnabled => Options.SelfService.Methods.Code is { Enabled: true, PasswordlessEnabled: true };
    /// <summary>Recovery by email is offered: it sends the code method's one-time codes.</summary>
    public bool RecoveryEnabled => Options.SelfService.Flows.Recovery.Enabled && Options.SelfService.Methods.Code.Enabled;
    /// <summary>Verification by email is offered: it sends the code method's one-time codes.</summary>
    public bool VerificationEnabled => Options.SelfService.Flows.Verification.Enabled && Options.SelfService.Methods.Code.Enabled;
    /// <summary>Where a verified address's page leads on when the flow has no return_to.</summary>
    public string VerificationReturnUrl => Options.SelfService.Flows.Verification.After.DefaultBrowserReturnUrl is { Length: > 0 } url ? url : DefaultReturnUrl.ToString();
    /// <summary>
    /// What runs after a passkey registration. Unset, this product signs the new user in
    /// (<c>[session]</c>); once set, exactly the hooks listed run, as in Kratos, whose default is none.
    /// </summary>
    public IReadOnlyList<string> RegistrationHooks =>
        Options.SelfService.Flows.Registration.After.Passkey.Hooks?.Select(h => h.Hook).ToList() ?? ["session"];
    /// <summary>Registration asks for the traits on one screen and the passkey on the next (<c>style: profile_first</c>).</summary>
    public bool RegistrationProfileFirst => Options.SelfService.Flows.Registration.Style == RegistrationStyles.ProfileFirst;
    /// <summary>A passkey registration continues in a verification flow for the new address (Kratos's <c>show_verification_ui</c> hook).</summary>
    public bool ShowVerificationAfterRegistration => VerificationEnabled && RegistrationHooks.Contains("show_verification_ui");
    /// <summary>Mail goes out over SMTP; otherwise it stays in the outbox (shown at /dev/mailbox in development).</summary>
    public bool SmtpConfigured => !string.IsNullOrWhiteSpace(Options.Courier.Smtp.ConnectionUri);

    public bool PasskeysEnabled => Options.SelfService.Methods.Passkey.Enabled;
    /// <summary>Security keys as a second factor (Kratos <c>webauthn</c>, <c>passwordless: false</c>).</summary>
    public bool SecurityKeysEnabled => Options.SelfService.Methods.WebAuthn.Enabled && PasskeysEnabled;
    public string RpDisplayName => Options.SelfService.Methods.Passkey.Config.Rp.DisplayName;
    /// <summary>The name on the pages and in the emails.</summary>
    public string BrandName => Options.Ui.BrandName is { Length: > 0 } name ? name : RpDisplayName;
    public string Theme => Options.Ui.Theme;
    public string LogoUrl => Options.Ui.LogoUrl is { Length: > 0 } url ? url : $"/themes/{Theme}/logo.svg";
    public string SessionCookieName => Options.Session.Cookie.Name;
    public bool SecureCookies => PublicBaseUrl.Scheme == Uri.UriSchemeHttps;

    /// <summary>Kratos names the CSRF cookie after a hash of the public URL so two portals on one host don't collide.</summary>
    public string CsrfCookieName { get; init; } = "csrf_token";

    /// <summary>An absolute URL on the public base URL.</summary>
    /// <summary>Where a browser starts a flow of this kind (Kratos <c>/self-service/&lt;kind&gt;/browser</c>).</summary>
    public string BrowserFlowUrl(string kind) => PublicUrl($"self-service/{kind}/browser");

    public string PublicUrl(string pathAndQuery) => new Uri(PublicBaseUrl, pathAndQuery.TrimStart('/')).ToString();

    /// <summary>Binds and validates the configuration; a value of the wrong type is reported like any other mistake.</summary>
    public static PortalSettings Load(IConfiguration configuration)
    {
        PortalOptions options;
        try
        {
            options = configuration.Get<PortalOptions>() ?? new PortalOptions();
        }
        catch (InvalidOperationException e)
        {
            // "Failed to convert configuration value 'abc' at 'serve:public:port' to type 'System.Int32'."
            var key = System.Text.RegularExpressions.Regex.Match(e.Message, " at '([^']+)'").Groups[1].Value.Replace(':', '.');
            throw new InvalidConfigurationException([new ConfigError(key.Length > 0 ? key : "configuration", e.Message,
                "Give the value the type the configuration reference lists (a number, true/false or text).")]);
        }
        return From(options);
    }

    public static PortalSettings From(PortalOptions options)
    {
        var errors = ConfigValidator.Validate(options);
        if (errors.Count > 0) throw new InvalidConfigurationException(errors);
        var baseUrl = new Uri(options.Serve.Public.BaseUrl.EndsWith('/') ? options.Serve.Public.BaseUrl : options.Serve.Public.BaseUrl + "/");
        var rp = options.SelfService.Methods.Passkey.Config.Rp;
        var origins = rp.Origins.Count > 0
            ? rp.Origins.Select(o => new Uri(o).GetLeftPart(UriPartial.Authority)).ToList()
            : [baseUrl.GetLeftPart(UriPartial.Authority)];
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(baseUrl.ToString())));
        return new PortalSettings
        {
            Options = options,
            PublicBaseUrl = baseUrl,
            RpId = rp.Id ?? baseUrl.Host,
            Origins = origins,
            RelatedOrigins = rp.RelatedOrigins.Select(o => new Uri(o).GetLeftPart(UriPartial.Authority)).ToList(),
            LoginLifespan = GoDuration.Parse(options.SelfService.Flows.Login.Lifespan),
            RegistrationLifespan = GoDuration.Parse(options.SelfService.Flows.Registration.Lifespan),
            SessionLifespan = GoDuration.Parse(options.Session.Lifespan),
            SettingsLifespan = GoDuration.Parse(options.SelfService.Flows.Settings.Lifespan),
            RecoveryLifespan = GoDuration.Parse(options.SelfService.Flows.Recovery.Lifespan),
            VerificationLifespan = GoDuration.Parse(options.SelfService.Flows.Verification.Lifespan),
            PrivilegedSessionMaxAge = GoDuration.Parse(options.SelfService.Flows.Settings.PrivilegedSessionMaxAge),
            DefaultReturnUrl = new Uri(options.SelfService.DefaultBrowserReturnUrl),
            AllowedReturnUrls = options.SelfService.AllowedReturnUrls.Select(u => new Uri(u)).ToList(),
            CsrfCookieName = "csrf_token_" + hash,
            CodeLifespan = GoDuration.Parse(options.SelfService.Methods.Code.Config.Lifespan),
            RateLimitWindow = GoDuration.Parse(options.SelfService.Methods.Code.Config.RateLimits.Window),
            CourierPollInterval = GoDuration.Parse(options.Courier.Worker.PollInterval),
            CourierRetryBackoff = GoDuration.Parse(options.Courier.Worker.RetryBackoff),
            AuditRetention = GoDuration.TryParseWithDays(options.Audit.Retention, out var retention) ? retention : throw new FormatException(options.Audit.Retention),
        };
    }
}
