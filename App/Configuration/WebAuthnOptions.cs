using Microsoft.Extensions.Configuration;

namespace App.Configuration;

/// <summary>
/// Kratos <c>selfservice.methods.webauthn</c>: security keys as a second factor. Off by default,
/// as in Kratos. Only <c>passwordless: false</c> is offered: signing in with a key alone is what
/// the passkey method is for.
/// </summary>
public sealed class WebAuthnMethodOptions
{
    [ConfigurationKeyName("enabled")] public bool Enabled { get; set; }
    [ConfigurationKeyName("config")] public WebAuthnConfig Config { get; set; } = new();
}

public sealed class WebAuthnConfig
{
    [ConfigurationKeyName("passwordless")] public bool? Passwordless { get; set; }
    /// <summary>Unset: the passkey method's relying party. One portal has one relying party.</summary>
    [ConfigurationKeyName("rp")] public WebAuthnRelyingPartyOptions? Rp { get; set; }
}

/// <summary>As <see cref="RelyingPartyOptions"/>, with every value optional so that an unset one means the passkey method's.</summary>
public sealed class WebAuthnRelyingPartyOptions
{
    [ConfigurationKeyName("id")] public string? Id { get; set; }
    [ConfigurationKeyName("display_name")] public string? DisplayName { get; set; }
    [ConfigurationKeyName("origins")] public List<string> Origins { get; set; } = [];
}

/// <summary>
/// Kratos's <c>required_aal</c> values: <c>aal1</c> accepts any session;
/// <c>highest_available</c> asks for the second factor of identities that have one.
/// </summary>
public static class RequiredAal
{
    public const string Aal1 = "aal1";
    public const string HighestAvailable = "highest_available";
}

public sealed class WhoAmIOptions
{
    /// <summary>Kratos's default is <c>highest_available</c>.</summary>
    [ConfigurationKeyName("required_aal")] public string RequiredAal { get; set; } = Configuration.RequiredAal.HighestAvailable;
    /// <summary>
    /// Not in Kratos: keep whoami's answers in memory (<see cref="Sessions.WhoAmICache"/>). Turn it
    /// off when several processes share one database.
    /// </summary>
    [ConfigurationKeyName("cache")] public bool Cache { get; set; } = true;
    [ConfigurationKeyName("tokenizer")] public TokenizerOptions Tokenizer { get; set; } = new();
}

/// <summary><c>session.whoami.tokenizer</c>: the templates <c>/sessions/whoami?tokenize_as=</c> names, as in Kratos.</summary>
public sealed class TokenizerOptions
{
    [ConfigurationKeyName("templates")] public Dictionary<string, TokenizerTemplate> Templates { get; set; } = new(StringComparer.Ordinal);
}

public sealed class TokenizerTemplate
{
    /// <summary>How long the token lasts, as a Go duration; Kratos's default is 1m.</summary>
    [ConfigurationKeyName("ttl")] public string Ttl { get; set; } = "1m";
    /// <summary>A JSON Web Key Set with the private signing key first: <c>file://path</c>, a plain path, or <c>base64://…</c>.</summary>
    [ConfigurationKeyName("jwks_url")] public string JwksUrl { get; set; } = "";
    /// <summary>A Jsonnet claims mapper in Kratos; refused here, since the portal runs no Jsonnet.</summary>
    [ConfigurationKeyName("claims_mapper_url")] public string? ClaimsMapperUrl { get; set; }
    /// <summary><c>id</c> (default) or <c>external_id</c>: what the token's <c>sub</c> is.</summary>
    [ConfigurationKeyName("subject_source")] public string SubjectSource { get; set; } = "id";
}
