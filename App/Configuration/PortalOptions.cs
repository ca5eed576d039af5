using Microsoft.Extensions.Configuration;

namespace App.Configuration;

/// <summary>
/// The operator's configuration. Key names and nesting follow kratos.yml (snake_case), so an
/// existing Kratos configuration carries over: <c>selfservice.methods.passkey.config.rp.id</c>
/// is <c>Selfservice.Methods.Passkey.Config.Rp.Id</c> here.
/// </summary>
public sealed class PortalOptions
{
    /// <summary>Where identities live: <c>sqlite://path</c> (default <c>sqlite://data/identity.db</c>, relative to the working directory) or <c>postgres://…</c>.</summary>
    [ConfigurationKeyName("dsn")] public string Dsn { get; set; } = "sqlite://data/identity.db";
    [ConfigurationKeyName("serve")] public ServeOptions Serve { get; set; } = new();
    [ConfigurationKeyName("selfservice")] public SelfServiceOptions SelfService { get; set; } = new();
    [ConfigurationKeyName("session")] public SessionOptions Session { get; set; } = new();
    [ConfigurationKeyName("identity")] public IdentityOptions Identity { get; set; } = new();
    [ConfigurationKeyName("courier")] public CourierOptions Courier { get; set; } = new();
    [ConfigurationKeyName("secrets")] public SecretsOptions Secrets { get; set; } = new();
    [ConfigurationKeyName("log")] public LogOptions Log { get; set; } = new();
    [ConfigurationKeyName("ui")] public UiOptions Ui { get; set; } = new();
    [ConfigurationKeyName("audit")] public AuditOptions Audit { get; set; } = new();
    [ConfigurationKeyName("admin")] public AdminOptions Admin { get; set; } = new();
    [ConfigurationKeyName("hashers")] public HashersOptions Hashers { get; set; } = new();
}

public sealed class ServeOptions
{
    [ConfigurationKeyName("public")] public ServePublicOptions Public { get; set; } = new();
    [ConfigurationKeyName("admin")] public ServeAdminOptions Admin { get; set; } = new();
}

public sealed class ServePublicOptions
{
    /// <summary>The URL browsers use to reach the portal. Default <c>http://localhost:4455/</c>.</summary>
    [ConfigurationKeyName("base_url")] public string BaseUrl { get; set; } = "http://localhost:4455/";
    /// <summary>Interface to listen on. Default: all interfaces of localhost.</summary>
    [ConfigurationKeyName("host")] public string Host { get; set; } = "localhost";
    [ConfigurationKeyName("port")] public int Port { get; set; } = 4455;
    /// <summary>
    /// Proxies (IP addresses or CIDR ranges) whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>
    /// are believed. Behind a load balancer, list it here, or every visitor shares its address and
    /// its per-IP rate limits. Empty by default: forwarded headers are ignored, so nobody can fake an address.
    /// </summary>
    [ConfigurationKeyName("trusted_proxies")] public List<string> TrustedProxies { get; set; } = [];
    [ConfigurationKeyName("cors")] public CrossOriginOptions Cors { get; set; } = new();
}

public sealed class ServeAdminOptions
{
    /// <summary>The admin API listens only here. Default <c>127.0.0.1</c>: never expose it publicly.</summary>
    [ConfigurationKeyName("host")] public string Host { get; set; } = "127.0.0.1";
    [ConfigurationKeyName("port")] public int Port { get; set; } = 4434;
    /// <summary>
    /// The URL administrators' browsers use to reach the admin listener, and so the origin of the
    /// admin console's passkey sign-in. Default <c>http://localhost:&lt;port&gt;/</c>: WebAuthn
    /// cannot run on an IP address, so never 127.0.0.1.
    /// </summary>
    [ConfigurationKeyName("base_url")] public string? BaseUrl { get; set; }
    /// <summary>
    /// Who may call the admin API. Required when the admin listener is reachable from other machines;
    /// once any is set, every admin request needs one, on loopback too.
    /// </summary>
    [ConfigurationKeyName("api_keys")] public List<AdminApiKeyOptions> ApiKeys { get; set; } = [];
}

/// <summary>One admin API key: its name (the actor in the audit log) and the hash <c>scripts/admin-key.sh</c> printed.</summary>
public sealed class AdminApiKeyOptions
{
    [ConfigurationKeyName("name")] public string Name { get; set; } = "";
    /// <summary><c>sha256:</c> and the key's SHA-256 in lower-case hex. The key itself is never configured.</summary>
    [ConfigurationKeyName("key_hash")] public string KeyHash { get; set; } = "";
}

/// <summary>The audit log.</summary>
public sealed class AuditOptions
{
    /// <summary>How long audit events are kept, as a Go duration that may use days. Default 365d.</summary>
    [ConfigurationKeyName("retention")] public string Retention { get; set; } = "365d";
}

public sealed class LogOptions
{
    [ConfigurationKeyName("level")] public string Level { get; set; } = "info";
    /// <summary>Include exception details in error responses. Never in production.</summary>
    [ConfigurationKeyName("leak_sensitive_values")] public bool LeakSensitiveValues { get; set; }
}
