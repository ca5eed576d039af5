using System.Text.Json;
using System.Text.Json.Nodes;
using App.Audit;
using App.Configuration;
using App.Data;
using App.Identities.Schema;
using App.KratosJson;
using App.SelfService.Flows;
using Microsoft.EntityFrameworkCore;

namespace App.Identities;

/// <summary>
/// Kratos's admin identity API (<c>listIdentities</c>, <c>createIdentity</c>, <c>getIdentity</c>,
/// <c>updateIdentity</c>, <c>deleteIdentity</c>), on the admin listener only. Every change is audited: it is how an
/// administrator marks an account high-value, deactivates it or removes it.
/// </summary>
public static class AdminIdentityEndpoints
{
    public static IEndpointRouteBuilder MapAdminIdentities(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/identities", ListAsync);
        app.MapPost("/admin/identities", CreateAsync);
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
        var (after, badToken) = Paging.Token(http.Request);
        if (badToken is not null) return badToken;
        // Oldest first, as in Kratos.
        if (after is { } last) identities = identities.Where(i => i.Id.CompareTo(last) > 0);
        var rows = await identities.OrderBy(i => i.Id).Take(size + 1).ToListAsync();
        var page = Paging.Page(http, rows, size, i => i.Id.ToString());
        return Results.Json(page.Select(i => IdentityJson.From(i, settings, includeAdminMetadata: true)), KratosJsonOptions.Default);
    }

    private static async Task<IResult> GetAsync(string id, PortalDbContext db, PortalSettings settings) =>
        await FindAsync(db, id, tracked: false) is { } identity
            ? Results.Json(IdentityJson.From(identity, settings, includeAdminMetadata: true), KratosJsonOptions.Default)
            : NotFound();

    /// <summary>
    /// Creates an identity without credentials (Kratos <c>createIdentityBody</c>): the person signs in
    /// by email the first time and saves a passkey then, which is how an operator invites someone.
    /// </summary>
    private static async Task<IResult> CreateAsync(HttpContext http, PortalDbContext db, PortalSettings settings,
        SchemaRegistry schemas, IdentityDirectory directory, AuditLog audit, TimeProvider clock)
    {
        var (body, problem) = await ReadBodyAsync(http, db, schemas, schemas.Default.Id, IdentityStates.Active, except: null);
        if (problem is not null) return problem;
        var identity = directory.Add(body!.Schema, body.Traits, Ceremonies.CeremonyService.NewUserHandle());
        identity.Locale = null;
        identity.State = body.State;
        identity.MetadataPublic = body.MetadataPublic;
        identity.MetadataAdmin = body.MetadataAdmin;
        audit.Add(AuditEvents.AdminIdentityCreated, http, identity.Id, details: new { state = identity.State });
        await db.SaveChangesAsync();
        return Results.Json(IdentityJson.From(identity, settings, includeAdminMetadata: true), KratosJsonOptions.Default, statusCode: 201);
    }

    /// <summary>
    /// Replaces traits, state and metadata (Kratos <c>updateIdentityBody</c>). The traits are
    /// validated like a sign-up's; addresses that stay keep their verification, new ones start unverified.
    /// </summary>
    private static async Task<IResult> UpdateAsync(string id, HttpContext http, PortalDbContext db, PortalSettings settings,
        SchemaRegistry schemas, IdentityDirectory directory, AuditLog audit, TimeProvider clock)
    {
        if (await FindAsync(db, id, tracked: true) is not { } identity) return NotFound();
        var (body, problem) = await ReadBodyAsync(http, db, schemas, identity.SchemaId, identity.State, except: identity.Id);
        if (problem is not null) return problem;

        var now = clock.GetUtcNow().UtcDateTime;
        (string Field, string? Value)[] before =
            [("state", identity.State), ("traits", identity.Traits), ("metadata_admin", identity.MetadataAdmin), ("metadata_public", identity.MetadataPublic)];
        identity.SchemaId = body!.Schema.Id;
        identity.Traits = body.Traits.ToJsonString();
        if (body.State != identity.State) (identity.State, identity.StateChangedAt) = (body.State, now);
        identity.MetadataPublic = body.MetadataPublic;
        identity.MetadataAdmin = body.MetadataAdmin;
        identity.UpdatedAt = now;
        directory.ReplaceIdentifiers(identity, body.Identifiers, now);
        string?[] after = [identity.State, identity.Traits, identity.MetadataAdmin, identity.MetadataPublic];
        var changed = before.Where((b, i) => b.Value != after[i]).Select(b => b.Field).ToArray();
        audit.Add(AuditEvents.AdminIdentityUpdated, http, identity.Id, details: new { changed, state = identity.State });
        await db.SaveChangesAsync();
        return Results.Json(IdentityJson.From(identity, settings, includeAdminMetadata: true), KratosJsonOptions.Default);
    }

    /// <summary>An identity document as create and update take it, checked against its schema and the other identities.</summary>
    private sealed record IdentityBody(IdentitySchema Schema, JsonObject Traits, string State, string? MetadataPublic, string? MetadataAdmin,
        IReadOnlyList<(string Path, string Value)> Identifiers);

    private static async Task<(IdentityBody? Body, IResult? Problem)> ReadBodyAsync(HttpContext http, PortalDbContext db, SchemaRegistry schemas,
        string defaultSchema, string defaultState, Guid? except)
    {
        var (submission, problem) = await Submission.ReadAsync(http.Request);
        if (problem == "too_large") return (null, Results.Json(KratosErrors.TooLarge(), KratosJsonOptions.Default, statusCode: 413));
        if (submission?.Json is not { } body) return (null, Paging.Bad(problem ?? "The body must be a JSON object."));
        // Left out (or null) means "as before" or the default; present, it must be text.
        if (!TryText(body, "schema_id", defaultSchema, out var schemaId) || !TryText(body, "state", defaultState, out var state))
            return (null, Paging.Bad("schema_id and state must be strings."));
        if (schemas.Find(schemaId) is not { } schema) return (null, Paging.Bad($"The identity schema \"{schemaId}\" does not exist."));
        if (state is not (IdentityStates.Active or IdentityStates.Inactive)) return (null, Paging.Bad("state must be active or inactive."));
        if (body["traits"] is not JsonObject rawTraits) return (null, Paging.Bad("traits must be a JSON object."));
        if (!IsObjectOrNull(body, "metadata_public") || !IsObjectOrNull(body, "metadata_admin"))
            return (null, Paging.Bad("metadata_public and metadata_admin must be JSON objects or null."));

        var traits = schema.Normalize(rawTraits);
        if (schema.Validate(traits) is { IsValid: false } errors)
            return (null, Paging.Bad(string.Join(" ", errors.Select(e => $"traits.{e.Path}: {e.Text}"))));
        var wanted = IdentityDirectory.IdentifiersOf(schema, traits);
        var values = wanted.Select(w => w.Value).ToList();
        if (await db.IdentityIdentifiers.AnyAsync(x => values.Contains(x.Value) && x.IdentityId != except))
            return (null, Results.Json(KratosErrors.Make(409, "The resource could not be created due to a conflict", reason:
                "An identity with the same identifier already exists."), KratosJsonOptions.Default, statusCode: 409));
        return (new IdentityBody(schema, traits, state, Serialized(body["metadata_public"]), Serialized(body["metadata_admin"]), wanted), null);
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

    private static bool TryText(JsonObject body, string name, string fallback, out string value)
    {
        value = fallback;
        if (body[name] is null) return true;
        if (body[name] is not JsonValue text || !text.TryGetValue<string>(out var given)) return false;
        value = given;
        return true;
    }

    private static string? Serialized(JsonNode? node) => node is JsonObject o ? o.ToJsonString() : null;

    private static IResult NotFound() =>
        Results.Json(KratosErrors.NotFound("Unable to locate the resource"), KratosJsonOptions.Default, statusCode: 404);
}
