using System.Text.Json.Nodes;
using App.Admin;
using App.Identities;
using App.KratosJson;

namespace App.Credentials.Passwords;

/// <summary>
/// Kratos's <c>password</c> credential in the admin API: the addresses it signs in with, and the hash
/// only when <c>include_credential=password</c> asks for it, as Kratos does. An administrator may remove
/// it, which ends password sign-in for the identity.
/// </summary>
public sealed class PasswordCredentials(PasswordStore store) : ICredentialType
{
    public string Type => "password";

    public async Task<IReadOnlyDictionary<Guid, CredentialsJson>> SummariesAsync(IReadOnlyCollection<Identity> identities, bool withConfig, CancellationToken cancel)
    {
        var passwords = await store.FindAsync(identities.Select(i => i.Id).Distinct().ToList(), cancel);
        return identities.DistinctBy(i => i.Id).Where(i => passwords.ContainsKey(i.Id))
            .ToDictionary(i => i.Id, i => Summary(i, passwords[i.Id], withConfig));
    }

    private CredentialsJson Summary(Identity identity, PasswordCredential password, bool withConfig) =>
        new()
        {
            Type = Type,
            Identifiers = identity.Identifiers.OrderBy(x => x.CreatedAt).Select(x => x.Value).ToList(),
            Version = 0,
            CreatedAt = IdentityJson.Utc(password.CreatedAt),
            UpdatedAt = IdentityJson.Utc(password.UpdatedAt),
            Config = withConfig ? new JsonObject { ["hashed_password"] = password.HashedPassword } : null,
        };

    public async Task<ErrorEnvelope?> RemoveAsync(Identity identity, CancellationToken cancel)
    {
        await store.RemoveAsync(identity.Id);
        return null;
    }
}
