using System.Text.Json;
using System.Text.Json.Nodes;
using App.Audit;
using App.Configuration;
using App.Data;
using App.KratosJson;
using App.SelfService.Flows;
using Microsoft.EntityFrameworkCore;

namespace App.Identities;

/// <summary>
/// Kratos's admin identity API (<c>listIdentities</c>, <c>getIdentity</c>, <c>updateIdentity</c>,
/// <c>deleteIdentity</c>), on the admin listener only. Every change is audited: it is how an
/// administrator marks an account high-value, deactivates it or removes it.
/// </summary>
public static class AdminIdentityEndpoints
{
    public static IEndpointRouteBuilder MapAdminIdentities(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/identities", ListAsync);
        app.MapGet("/admin/identities/{id}", GetAsync);
        app.MapPut("/admin/identities/{id}", UpdateAsync);
        app.MapDelete("/admin/identities/{id}", DeleteAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, PortalDbContext db, PortalSettings settings)
    {
        var (size, problem) = Paging.PageSize(http.Request);
        if (problem is not null) return problem;
        var identities = db.Identities.AsNoTracking().Include(i => i.Identifiers).AsQueryable();
        if (http.Request.Query["credentials_identifier"] is { Count: > 0 } identifier)
        {
            var wanted = EmailAddress.Normalize(identifier.ToString());
            identities = identities.Where(i => i.Identifiers.Any(x => x.Value == wanted));
        }
        if (http.Request.Query["page_token"] is { Count: > 0 } token)
        {
            // The token is the last identity's id; ids are time-ordered (UUIDv7), oldest first as in Kratos.
            if (!Guid.TryParse(token, out var after)) return Paging.Bad("page_token is not a token this endpoint gave out.");
            identities = identities.Where(i => i.Id.CompareTo(after) > 0);
        }
        var rows = await identities.OrderBy(i => i.Id).Take(size + 1).ToListAsync();
        var page = Paging.Page(http, rows, size, i => i.Id.ToString());
        return Results.Json(page.Select(i => IdentityJson.From(i, settings, includeAdminMetadata: true)), KratosJsonOptions.Default);
    }

    private static async Task<IResult> GetAsync(string id, PortalDbContext db, PortalSettings settings) =>
        await FindAsync(db, id, tracked: false) is { } identity
            ? Results.Json(IdentityJson.From(identity, settings, includeAdminMetadata: true), KratosJsonOptions.Default)
            : NotFound();

    /// <summary>
    /// Replaces traits, state and metadata (Kratos <c>updateIdentityBody</c>). The traits are
    /// validated like a sign-up's; addresses that stay keep their verification, new ones start unverified.
    /// </summary>
    private static async Task<IResult> UpdateAsync(string id, HttpContext http, PortalDbContext db, PortalSettings settings,
        SchemaRegistry schemas, IdentityDirectory directory, AuditLog audit, TimeProvider clock)
    {
        if (await FindAsync(db, id, tracked: true) is not { } identity) return NotFound();
        var (submission, problem) = await Submission.ReadAsync(http.Request);
        if (submission?.Json is not { } body) return Paging.Bad(problem ?? "The body must be a JSON object.");
        var schemaId = body["schema_id"] is JsonValue s && s.TryGetValue<string>(out var sid) ? sid : identity.SchemaId;
        if (schemas.Find(schemaId) is not { } schema) return Paging.Bad($"The identity schema \"{schemaId}\" does not exist.");
        var state = body["state"] is JsonValue st && st.TryGetValue<string>(out var text) ? text : identity.State;
        if (state is not (IdentityStates.Active or IdentityStates.Inactive)) return Paging.Bad("state must be active or inactive.");
        if (body["traits"] is not JsonObject rawTraits) return Paging.Bad("traits must be a JSON object.");
        if (!IsObjectOrNull(body, "metadata_public") || !IsObjectOrNull(body, "metadata_admin"))
            return Paging.Bad("metadata_public and metadata_admin must be JSON objects or null.");

        var traits = schema.Normalize(rawTraits);
        if (schema.Validate(traits) is { IsValid: false } errors)
            return Paging.Bad(string.Join(" ", errors.Select(e => $"traits.{e.Path}: {e.Text}")));
        var wanted = IdentityDirectory.IdentifiersOf(schema, traits);
        var values = wanted.Select(w => w.Value).ToList();
        if (await db.IdentityIdentifiers.AnyAsync(x => values.Contains(x.Value) && x.IdentityId != identity.Id))
            return Results.Json(KratosErrors.Make(409, "The resource could not be created due to a conflict", reason:
                "An identity with the same identifier already exists."), KratosJsonOptions.Default, statusCode: 409);

        var now = clock.GetUtcNow().UtcDateTime;
        (string Field, string? Value)[] before =
            [("state", identity.State), ("traits", identity.Traits), ("metadata_admin", identity.MetadataAdmin), ("metadata_public", identity.MetadataPublic)];
        identity.SchemaId = schema.Id;
        identity.Traits = traits.ToJsonString();
        if (state != identity.State) (identity.State, identity.StateChangedAt) = (state, now);
        identity.MetadataPublic = Serialized(body["metadata_public"]);
        identity.MetadataAdmin = Serialized(body["metadata_admin"]);
        identity.UpdatedAt = now;
        directory.ReplaceIdentifiers(identity, wanted, now);
        string?[] after = [identity.State, identity.Traits, identity.MetadataAdmin, identity.MetadataPublic];
        var changed = before.Where((b, i) => b.Value != after[i]).Select(b => b.Field).ToArray();
        audit.Add(AuditEvents.AdminIdentityUpdated, http, identity.Id, details: new { changed, state = identity.State });
        await db.SaveChangesAsync();
        return Results.Json(IdentityJson.From(identity, settings, includeAdminMetadata: true), KratosJsonOptions.Default);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext http, PortalDbContext db, AuditLog audit)
    {
        if (await FindAsync(db, id, tracked: true) is not { } identity) return NotFound();
        // Passkeys, addresses and sessions go with it (cascade); the audit trail stays.
        db.Identities.Remove(identity);
        audit.Add(AuditEvents.AdminIdentityDeleted, http, identity.Id, details: new { addresses = identity.Identifiers.Select(x => x.Value) });
        await db.SaveChangesAsync();
        return Results.NoContent();
    }

    private static async Task<Identity?> FindAsync(PortalDbContext db, string id, bool tracked)
    {
        if (!Guid.TryParse(id, out var identityId)) return null;
        var query = db.Identities.Include(i => i.Identifiers).Where(i => i.Id == identityId);
        return await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync();
    }

    private static bool IsObjectOrNull(JsonObject body, string name) => body[name] is null or JsonObject;

    private static string? Serialized(JsonNode? node) => node is JsonObject o ? o.ToJsonString() : null;

    private static IResult NotFound() =>
        Results.Json(KratosErrors.NotFound("Unable to locate the resource"), KratosJsonOptions.Default, statusCode: 404);
}
