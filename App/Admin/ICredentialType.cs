using App.Identities;
using App.KratosJson;

namespace App.Admin;

/// <summary>
/// One kind of credential as the admin API sees it (Kratos's credential types: <c>passkey</c>,
/// <c>code</c>, <c>lookup_secret</c>, …): its summary on an identity and whether an administrator may remove it.
/// Each kind registers one; <see cref="IdentityCredentials"/> asks them all.
/// </summary>
public interface ICredentialType
{
    /// <summary>Kratos's name for the type, as in <c>/admin/identities/{id}/credentials/{type}</c>.</summary>
    string Type { get; }

    /// <summary>
    /// The credential of this type of each identity that has one, by identity id, read in a fixed
    /// number of queries however many identities there are, so a page of a list costs what one does.
    /// <paramref name="withConfig"/>: include_credential asked for it.
    /// </summary>
    Task<IReadOnlyDictionary<Guid, CredentialsJson>> SummariesAsync(IReadOnlyCollection<Identity> identities, bool withConfig, CancellationToken cancel);

    /// <summary>Removes it within the caller's unit of work, or says why it may not be removed.</summary>
    Task<ErrorEnvelope?> RemoveAsync(Identity identity, CancellationToken cancel);
}
