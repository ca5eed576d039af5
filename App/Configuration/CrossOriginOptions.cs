namespace App.Configuration;

/// <summary>
/// <c>serve.public.cors</c>, as Kratos has it: lets a UI on another origin (Ory Elements on the
/// product's own domain, say) read flows and sessions with the browser's cookies. Off by default,
/// because the portal's own pages are same-origin and need none of it.
/// </summary>
public sealed class CrossOriginOptions
{
    [ConfigurationKeyName("enabled")] public bool Enabled { get; set; }
    /// <summary>
    /// Origins such as <c>https://app.example.com</c>; one <c>*</c> stands for any run of characters
    /// (<c>https://*.example.com</c>). A lone <c>*</c> is any origin, which the portal refuses together
    /// with <c>allow_credentials</c>: any site could then read a visitor's session.
    /// </summary>
    [ConfigurationKeyName("allowed_origins")] public List<string> AllowedOrigins { get; set; } = [];
    [ConfigurationKeyName("allowed_methods")] public List<string> AllowedMethods { get; set; } = [];
    [ConfigurationKeyName("allowed_headers")] public List<string> AllowedHeaders { get; set; } = [];
    [ConfigurationKeyName("exposed_headers")] public List<string> ExposedHeaders { get; set; } = [];
    [ConfigurationKeyName("allow_credentials")] public bool AllowCredentials { get; set; } = true;
    /// <summary>Seconds a browser may keep a preflight's answer; 0 (Kratos's default) asks every time.</summary>
    [ConfigurationKeyName("max_age")] public int MaxAge { get; set; }
    /// <summary>Accepted for Kratos configurations; preflights are always answered here.</summary>
    [ConfigurationKeyName("options_passthrough")] public bool OptionsPassthrough { get; set; }
    [ConfigurationKeyName("debug")] public bool Debug { get; set; }

    // Kratos's defaults, used when a list is left out. Configuration binding appends to a list's
    // initial items, so the defaults cannot be the initial values.
    public static readonly string[] DefaultMethods = ["POST", "GET", "PUT", "PATCH", "DELETE"];
    public static readonly string[] DefaultHeaders = ["Authorization", "Content-Type", "Max-Age", "X-Session-Token", "X-XSRF-TOKEN", "X-CSRF-TOKEN"];
    public static readonly string[] DefaultExposedHeaders = ["Content-Type"];

    public IReadOnlyList<string> Methods => AllowedMethods.Count > 0 ? AllowedMethods : DefaultMethods;
    public IReadOnlyList<string> Headers => AllowedHeaders.Count > 0 ? AllowedHeaders : DefaultHeaders;
    public IReadOnlyList<string> Exposed => ExposedHeaders.Count > 0 ? ExposedHeaders : DefaultExposedHeaders;
    /// <summary>Kratos's default is any origin; here an empty list means that too, and is refused with credentials.</summary>
    public IReadOnlyList<string> Origins => AllowedOrigins.Count > 0 ? AllowedOrigins : ["*"];
}
