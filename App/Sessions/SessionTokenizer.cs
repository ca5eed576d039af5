using System.Text.Json.Nodes;
using App.Configuration;
using App.KratosJson;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace App.Sessions;

/// <summary>
/// whoami's <c>tokenize_as</c>: the session as a JSON Web Token signed with a template's key, with
/// Kratos's claims (<c>jti</c>, <c>iss</c>, <c>exp</c>, <c>sub</c>, <c>sid</c>, <c>nbf</c>, <c>iat</c>)
/// and the key's <c>kid</c>. Each template's key is read and tried once at start-up, so a template
/// that cannot sign stops the portal instead of failing requests.
/// </summary>
public sealed class SessionTokenizer
{
    private sealed record Template(SigningCredentials Credentials, TimeSpan Ttl, bool SubjectIsExternalId);

    private readonly Dictionary<string, Template> templates = new(StringComparer.Ordinal);
    private readonly PortalSettings settings;
    private readonly TimeProvider clock;
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    public SessionTokenizer(PortalSettings settings, TimeProvider clock, string configRoot)
    {
        this.settings = settings;
        this.clock = clock;
        var errors = new List<ConfigError>();
        foreach (var (name, template) in settings.Options.Session.WhoAmI.Tokenizer.Templates)
        {
            var key = $"session.whoami.tokenizer.templates.{name}.jwks_url";
            if (!GoDuration.TryParse(template.Ttl, out var ttl) || ttl <= TimeSpan.Zero) continue; // ConfigValidator names it
            if (SigningKey(template.JwksUrl, configRoot, out var problem) is not { } credentials)
            {
                errors.Add(new(key, problem!, "Point jwks_url at a JSON Web Key Set whose first key is a private key with an alg, such as ES256 or RS256."));
                continue;
            }
            templates[name] = new Template(credentials, ttl, template.SubjectSource == "external_id");
        }
        if (errors.Count > 0) throw new InvalidConfigurationException(errors);
    }

    /// <summary>The token for a session as whoami writes it, or Kratos's 400 when the template is unknown or the identity lacks the subject.</summary>
    public (string? Token, ErrorEnvelope? Error) Tokenize(string templateName, JsonObject session)
    {
        if (!templates.TryGetValue(templateName, out var template))
            return (null, KratosErrors.BadRequest($"Unable to find tokenizer template \"{templateName}\"."));
        var subject = template.SubjectIsExternalId
            ? session["identity"]?["external_id"]?.GetValue<string>()
            : session["identity"]?["id"]?.GetValue<string>();
        if (string.IsNullOrEmpty(subject))
            return (null, KratosErrors.BadRequest("The session's identity does not have an external ID set, but it is required for the subject claim."));
        var now = clock.GetUtcNow();
        return (Sign(template.Credentials, new Dictionary<string, object>
        {
            ["jti"] = Guid.NewGuid().ToString(),
            ["iss"] = settings.PublicBaseUrl.ToString(),
            ["exp"] = now.Add(template.Ttl).ToUnixTimeSeconds(),
            ["sid"] = session["id"]!.GetValue<string>(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["sub"] = subject,
        }), null);
    }

    private string Sign(SigningCredentials credentials, Dictionary<string, object> claims) =>
        handler.CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = credentials });

    /// <summary>The set's first key, as Kratos picks it, once it has signed a probe token.</summary>
    private SigningCredentials? SigningKey(string url, string root, out string? problem)
    {
        problem = null;
        try
        {
            var first = new JsonWebKeySet(ConfigDocument.Read(url, root)).Keys.FirstOrDefault();
            if (first is null) { problem = $"The key set at '{url}' has no keys."; return null; }
            if (string.IsNullOrEmpty(first.Alg)) { problem = $"The first key at '{url}' has no alg."; return null; }
            var credentials = new SigningCredentials(first, first.Alg);
            Sign(credentials, new Dictionary<string, object> { ["probe"] = true });
            return credentials;
        }
        catch (Exception e) when (ConfigDocument.IsUnreadable(e) || e is ArgumentException or System.Text.Json.JsonException or SecurityTokenException or NotSupportedException or InvalidOperationException)
        {
            problem = $"The key set at '{url}' cannot sign a token: {e.Message}";
            return null;
        }
    }
}
