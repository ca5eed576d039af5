using System.Text.Json.Nodes;
using App.Audit;
using App.Configuration;
using App.Courier;
using App.Data;
using App.Localization;

namespace App.Identities;

/// <summary>
/// Changing an identity's email. The new address waits beside the old one, unproven and no
/// identifier for signing in or recovering, until its verification code or link is used; then it
/// takes the old one's place, in the traits and as identifier. Until then the old one keeps working,
/// and its owner is told at once, so a change they did not make can be stopped by signing in with it.
/// </summary>
public sealed class EmailChange(PortalDbContext db, AuditLog audit, Outbox outbox, CourierTemplates templates, PortalSettings settings, TimeProvider clock)
{
    /// <summary>
    /// Adds <paramref name="address"/> as waiting to replace <paramref name="current"/> on a tracked
    /// <paramref name="identity"/>, in place of any address that waited before; emails the current address.
    /// </summary>
    public IdentityIdentifier Request(Identity identity, IdentityIdentifier current, string address, HttpContext http, Guid? sessionId, Guid flowId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var earlier in identity.Identifiers.Where(x => x.ReplacesId is not null).ToList())
        {
            identity.Identifiers.Remove(earlier);
            db.IdentityIdentifiers.Remove(earlier);
        }
        var pending = new IdentityIdentifier
        {
            IdentityId = identity.Id, TraitPath = current.TraitPath, Value = address, ReplacesId = current.Id, CreatedAt = now, UpdatedAt = now,
        };
        db.IdentityIdentifiers.Add(pending);
        audit.Add(AuditEvents.EmailChangeRequested, http, identity.Id, sessionId, flowId, new { trait = current.TraitPath });
        var values = new Dictionary<string, string>
        {
            ["To"] = current.Value,
            ["NewAddress"] = address,
            ["BrandName"] = settings.BrandName,
            // Without a support page, signing in with this very address is how to undo it.
            ["SupportURL"] = settings.Options.Ui.SupportUrl is { Length: > 0 } support ? support : settings.PublicUrl(settings.Options.SelfService.Flows.Login.UiUrl),
        };
        outbox.Enqueue(templates.Render("email_change", "valid", values, Languages.Match(identity.Locale) ?? Languages.Current), current.Value, identity.Id);
        return pending;
    }

    /// <summary>A waiting address just proven takes the place of the one it replaces, on a tracked identity.</summary>
    public void Complete(Identity identity, string address, HttpContext http, Guid flowId)
    {
        if (identity.Identifiers.FirstOrDefault(x => x.Value == address && x.ReplacesId is not null) is not { } proven) return;
        var now = clock.GetUtcNow().UtcDateTime;
        if (identity.Identifiers.FirstOrDefault(x => x.Id == proven.ReplacesId) is { } replaced)
        {
            identity.Identifiers.Remove(replaced);
            db.IdentityIdentifiers.Remove(replaced);
        }
        proven.ReplacesId = null;
        proven.UpdatedAt = now;
        var traits = JsonNode.Parse(identity.Traits) as JsonObject ?? [];
        var target = traits;
        var path = proven.TraitPath.Split('.');
        foreach (var part in path[..^1])
        {
            if (target[part] is not JsonObject child) target[part] = child = [];
            target = child;
        }
        target[path[^1]] = address;
        identity.Traits = traits.ToJsonString();
        identity.UpdatedAt = now;
        audit.Add(AuditEvents.EmailChanged, http, identity.Id, flowId: flowId, details: new { trait = proven.TraitPath });
    }
}
