using Microsoft.Extensions.Configuration;

namespace App.Configuration;

public sealed class SessionOptions
{
    /// <summary>How long a session lasts, as a Go duration. Default 24h.</summary>
    [ConfigurationKeyName("lifespan")] public string Lifespan { get; set; } = "24h";
    [ConfigurationKeyName("cookie")] public SessionCookieOptions Cookie { get; set; } = new();
    [ConfigurationKeyName("whoami")] public WhoAmIOptions WhoAmI { get; set; } = new();
}

public sealed class SessionCookieOptions
{
    [ConfigurationKeyName("name")] public string Name { get; set; } = "ory_kratos_session";
    /// <summary>Keep the cookie across browser restarts (until the session expires). Default true.</summary>
    [ConfigurationKeyName("persistent")] public bool Persistent { get; set; } = true;
    /// <summary>Lax (default), Strict or None.</summary>
    [ConfigurationKeyName("same_site")] public string SameSite { get; set; } = "Lax";
}

public sealed class IdentityOptions
{
    [ConfigurationKeyName("default_schema_id")] public string DefaultSchemaId { get; set; } = "default";
    [ConfigurationKeyName("schemas")] public List<SchemaReference> Schemas { get; set; } = [];
}

/// <summary>An identity schema: <c>url</c> is <c>file://path</c>, a plain path, or <c>base64://…</c>.</summary>
public sealed class SchemaReference
{
    [ConfigurationKeyName("id")] public string Id { get; set; } = "";
    [ConfigurationKeyName("url")] public string Url { get; set; } = "";
}
