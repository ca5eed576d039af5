using App.Data;
using App.Identities.Schema;
using Microsoft.EntityFrameworkCore;

namespace App.Identities;

/// <summary>Finds identities by their sign-in identifiers and builds new ones from validated traits.</summary>
public sealed class IdentityDirectory(PortalDbContext db, TimeProvider clock)
{
    public Task<Identity?> FindByIdentifierAsync(string identifier)
    {
        var value = EmailAddress.Normalize(identifier);
        return db.Identities.AsNoTracking()
            .Include(i => i.Passkeys)
            .Include(i => i.Identifiers)
            // One statement whether or not the address exists: split queries would skip the
            // includes for a missing identity, and the difference shows in the time taken.
            .AsSingleQuery()
            // An address waiting to replace another (an email change) signs nobody in until it is proven.
            .FirstOrDefaultAsync(i => i.Identifiers.Any(x => x.Value == value && x.ReplacesId == null));
    }

    public Task<bool> AnyIdentifierTakenAsync(IEnumerable<string> values)
    {
        var list = values.ToList();
        return db.IdentityIdentifiers.AnyAsync(x => list.Contains(x.Value));
    }

    /// <summary>The identifiers the schema marks in these traits: every credential identifier and address.</summary>
    public static IReadOnlyList<(string Path, string Value)> IdentifiersOf(IdentitySchema schema, System.Text.Json.Nodes.JsonObject traits)
    {
        var found = new List<(string, string)>();
        foreach (var field in schema.Fields.Where(f => f.IsIdentifier))
        {
            System.Text.Json.Nodes.JsonNode? node = traits;
            foreach (var part in field.Path.Split('.')) node = node?[part];
            if (node?.GetValueKind() == System.Text.Json.JsonValueKind.String && node.GetValue<string>() is { Length: > 0 } value
                && !found.Any(f => f.Item2 == value))
                found.Add((field.Path, value));
        }
        return found;
    }

    /// <summary>Adds a new identity to the unit of work; the caller saves it in its transaction.</summary>
    public Identity Add(IdentitySchema schema, System.Text.Json.Nodes.JsonObject traits, string passkeyUserHandle)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var identity = new Identity
        {
            SchemaId = schema.Id,
            Traits = traits.ToJsonString(),
            PasskeyUserHandle = passkeyUserHandle,
            Locale = Localization.Languages.Current,
            CreatedAt = now,
            UpdatedAt = now,
            StateChangedAt = now,
        };
        identity.Identifiers.AddRange(IdentifiersOf(schema, traits).Select(x => new IdentityIdentifier
        {
            IdentityId = identity.Id, TraitPath = x.Path, Value = x.Value, CreatedAt = now, UpdatedAt = now,
        }));
        db.Identities.Add(identity);
        return identity;
    }

    /// <summary>
    /// Makes the identity's addresses the ones its new traits name: an address that stays keeps its
    /// verification, a new one starts unverified, one no longer named is dropped.
    /// </summary>
    public void ReplaceIdentifiers(Identity identity, IReadOnlyList<(string Path, string Value)> wanted, DateTime now)
    {
        foreach (var gone in identity.Identifiers.Where(x => !wanted.Any(w => w.Value == x.Value)).ToList())
        {
            identity.Identifiers.Remove(gone);
            db.IdentityIdentifiers.Remove(gone);
        }
        foreach (var (path, value) in wanted)
        {
            if (identity.Identifiers.FirstOrDefault(x => x.Value == value) is { } kept) { kept.TraitPath = path; continue; }
            // Added to the set, not the list: found through the navigation with its id already set, EF would
            // take it for an existing row. Adding it fixes up identity.Identifiers too.
            db.IdentityIdentifiers.Add(new IdentityIdentifier { IdentityId = identity.Id, TraitPath = path, Value = value, CreatedAt = now, UpdatedAt = now });
        }
    }
}
