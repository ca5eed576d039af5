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

    public async Task<CredentialsJson?> SummaryAsync(Identity identity, bool withConfig, CancellationToken cancel)
    {
        if (await store.FindAsync(identity.Id, cancel) is not { } password) return null;
        return new CredentialsJson
        {
            Type = Type,
            Identifiers = identity.Identifiers.OrderBy(x => x.CreatedAt).Select(x => x.Value).ToList(),
            Version = 0,
            CreatedAt = IdentityJson.Utc(password.CreatedAt),
            UpdatedAt = IdentityJson.Utc(password.UpdatedAt),
            Config = withConfig ? new JsonObject { ["hashed_password"] = password.HashedPassword } : null,
        };
    }

    public async Task<ErrorEnvelope?> RemoveAsync(Identity identity, CancellationToken cancel)
    {
        await store.RemoveAsync(identity.Id);
        return null;
    }
}
