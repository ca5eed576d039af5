using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using App.Data;
using App.KratosJson;

namespace App.Admin;

/// <summary>
/// Kratos <c>batchPatchIdentities</c>: many identities created in one request, each on its own, so
/// one refused entry (a taken address, a bad trait) does not stop the others; each says how it went.
/// </summary>
public sealed class IdentityBatch(IdentityAdministration identities, PortalDbContext db)
{
    /// <summary>Kratos's limit on entries per request.</summary>
    public const int MaxEntries = 2000;
    /// <summary>Room for <see cref="MaxEntries"/> identities with traits and metadata.</summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    public async Task<AdminOutcome<BatchJson>> ApplyAsync(JsonNode body, HttpContext http)
    {
        if (body is not JsonObject { } request || request["identities"] is not JsonArray entries)
            return KratosErrors.BadRequest("The request body must be an object with an identities array.");
        if (entries.Count > MaxEntries)
            return KratosErrors.BadRequest($"At most {MaxEntries} identities can be patched in one request.");
        var patchIds = new List<Guid?>();
        foreach (var entry in entries)
        {
            if (entry is not JsonObject patch) return KratosErrors.BadRequest("Each entry of identities must be an object.");
            if (patch["patch_id"] is null) patchIds.Add(null);
            else if (patch["patch_id"] is JsonValue v && v.TryGetValue<string>(out var text) && Guid.TryParse(text, out var patchId)) patchIds.Add(patchId);
            else return KratosErrors.BadRequest("patch_id must be a UUID.");
        }

        var results = new List<BatchEntryJson>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i]!["create"] is not JsonObject create)
            {
                results.Add(BatchEntryJson.Failed(patchIds[i], KratosErrors.BadRequest("The entry has no create object.")));
                continue;
            }
            var outcome = await CreateOneAsync(create, http);
            results.Add(outcome.Error is { } error ? BatchEntryJson.Failed(patchIds[i], error) : BatchEntryJson.Created(patchIds[i], outcome.Value!.Id));
        }
        return AdminOutcome<BatchJson>.Ok(new BatchJson(results));
    }

    private async Task<AdminOutcome<Identities.Identity>> CreateOneAsync(JsonObject create, HttpContext http)
    {
        try
        {
            return await identities.CreateAsync(create, http);
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            // Another request took the same address or external id meanwhile; nothing of this entry was written.
            return AdminErrors.Conflict();
        }
        finally
        {
            // What an entry left in the context, saved or refused, must not ride along with the next one.
            db.ChangeTracker.Clear();
        }
    }
}

public sealed record BatchJson([property: JsonPropertyName("identities")] List<BatchEntryJson> Identities);

public sealed record BatchEntryJson(
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("identity")] Guid? Identity,
    [property: JsonPropertyName("patch_id")] Guid? PatchId,
    [property: JsonPropertyName("error")] ErrorBody? Error)
{
    public static BatchEntryJson Created(Guid? patchId, Guid identity) => new("create", identity, patchId, null);
    public static BatchEntryJson Failed(Guid? patchId, ErrorEnvelope error) => new("error", null, patchId, error.Error);
}
