using App.Audit;
using App.Identities;
using App.KratosJson;

namespace App.Admin;

/// <summary>
/// An identity's credentials in the admin API: their summaries (Kratos's <c>credentials</c> map) and
/// Kratos's <c>deleteIdentityCredentials</c>, which removes one type when its kind allows it.
/// </summary>
public sealed class IdentityCredentials(IEnumerable<ICredentialType> types, AuditLog audit)
{
    /// <summary>The values Kratos accepts for <c>include_credential</c> and for the type in the path.</summary>
    public static readonly IReadOnlySet<string> KratosTypes = new HashSet<string>(StringComparer.Ordinal)
        { "password", "oidc", "totp", "lookup_secret", "webauthn", "code", "passkey", "profile", "saml", "link_recovery", "code_recovery" };

    /// <summary>Kratos's refusal for a type an administrator may not remove (passkey, code).</summary>
    public static ErrorEnvelope CannotBeDeleted(string type) => KratosErrors.BadRequest($"Credentials type {type} cannot be deleted.");

    /// <summary>The include_credential values, or Kratos's 400 for one it does not know.</summary>
    public static (IReadOnlySet<string>? Types, ErrorEnvelope? Problem) ParseInclude(IQueryCollection query)
    {
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in query["include_credential"])
        {
            if (value is null || !KratosTypes.Contains(value))
                return (null, KratosErrors.BadRequest($"Invalid value `{value}` for parameter `include_credential`."));
            wanted.Add(value);
        }
        return (wanted, null);
    }

    public async Task<Dictionary<string, CredentialsJson>> SummarizeAsync(Identity identity, IReadOnlySet<string>? withConfig = null, CancellationToken cancel = default) =>
        (await SummarizeAsync([identity], withConfig, cancel))[identity.Id];

    /// <summary>
    /// Each identity's credentials map, for a page of a list: one batch per credential type, not one
    /// per identity (Kratos's list reads carry the summaries too, without config).
    /// </summary>
    public async Task<Dictionary<Guid, Dictionary<string, CredentialsJson>>> SummarizeAsync(IReadOnlyCollection<Identity> identities,
        IReadOnlySet<string>? withConfig = null, CancellationToken cancel = default)
    {
        var all = identities.DistinctBy(i => i.Id).ToDictionary(i => i.Id, _ => new Dictionary<string, CredentialsJson>(StringComparer.Ordinal));
        if (all.Count == 0) return all;
        foreach (var type in types)
            foreach (var (id, summary) in await type.SummariesAsync(identities, withConfig?.Contains(type.Type) == true, cancel))
                all[id][type.Type] = summary;
        return all;
    }

    /// <summary>
    /// Removes the identity's credentials of <paramref name="type"/> within the caller's unit of work, as
    /// Kratos does: 404 when it has none of that type, 400 when the type may not be removed.
    /// </summary>
    public async Task<ErrorEnvelope?> RemoveAsync(Identity identity, string type, HttpContext? http, CancellationToken cancel = default)
    {
        var kind = types.FirstOrDefault(t => t.Type == type);
        if (kind is null || !(await kind.SummariesAsync([identity], withConfig: false, cancel)).ContainsKey(identity.Id))
            return KratosErrors.NotFound($"You tried to remove a {type} but this user have no {type} set up.");
        if (await kind.RemoveAsync(identity, cancel) is { } refusal) return refusal;
        audit.Add(AuditEvents.AdminCredentialsDeleted, http, identity.Id, details: new { type });
        return null;
    }
}
