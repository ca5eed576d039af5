using System.Text.Json.Nodes;
using App.Identities;
using App.KratosJson;

namespace App.Admin;

/// <summary>
/// Kratos's <c>code</c> credential: the addresses an emailed code signs in with, which are the traits
/// the schema marks <c>credentials.code.identifier</c>. It follows the traits, so it cannot be removed
/// on its own, as in Kratos; changing the address changes it.
/// </summary>
public sealed class CodeCredentials(SchemaRegistry schemas) : ICredentialType
{
    public string Type => "code";

    /// <summary>Read from the addresses the identities were loaded with: no query at all.</summary>
    public Task<IReadOnlyDictionary<Guid, CredentialsJson>> SummariesAsync(IReadOnlyCollection<Identity> identities, bool withConfig, CancellationToken cancel)
    {
        var all = new Dictionary<Guid, CredentialsJson>();
        foreach (var identity in identities)
            if (Summary(identity, withConfig) is { } summary) all[identity.Id] = summary;
        return Task.FromResult<IReadOnlyDictionary<Guid, CredentialsJson>>(all);
    }

    private CredentialsJson? Summary(Identity identity, bool withConfig)
    {
        var schema = schemas.Find(identity.SchemaId);
        var addresses = identity.Identifiers
            .Where(x => schema?.Field(x.TraitPath)?.Extension.CodeIdentifier == true)
            .OrderBy(x => x.CreatedAt).ToList();
        if (addresses.Count == 0) return null;
        return new CredentialsJson
        {
            Type = Type,
            Identifiers = addresses.Select(a => a.Value).ToList(),
            Version = 1,
            CreatedAt = IdentityJson.Utc(addresses.Min(a => a.CreatedAt)),
            UpdatedAt = IdentityJson.Utc(addresses.Max(a => a.UpdatedAt)),
            Config = withConfig ? new JsonObject
            {
                ["addresses"] = new JsonArray(addresses.Select(a => (JsonNode)new JsonObject { ["channel"] = "email", ["address"] = a.Value }).ToArray()),
            } : null,
        };
    }

    public Task<ErrorEnvelope?> RemoveAsync(Identity identity, CancellationToken cancel) =>
        Task.FromResult<ErrorEnvelope?>(IdentityCredentials.CannotBeDeleted(Type));
}
