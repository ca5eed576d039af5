using System.Text.Json;
using App.Configuration;
using App.Identities;

namespace App.Admin.Console;

/// <summary>
/// Who may use the admin console: an active identity whose <c>metadata_admin</c> has
/// <c>"roles": ["admin"]</c> (set through the admin API), or one with an address listed in
/// <c>admin.console.identities</c>. Asked at sign-in and again at every console action, so taking
/// the role away takes the console away at once.
/// </summary>
public sealed class ConsoleAccess(PortalSettings settings)
{
    public const string AdminRole = "admin";

    private readonly HashSet<string> listed = settings.Options.Admin.Console.Identities
        .Where(a => !string.IsNullOrWhiteSpace(a)).Select(EmailAddress.Normalize).ToHashSet(StringComparer.Ordinal);

    public bool IsAdministrator(Identity identity) =>
        identity.State == IdentityStates.Active && (HasAdminRole(identity.MetadataAdmin) || identity.Identifiers.Any(x => listed.Contains(x.Value)));

    /// <summary>Only a JSON array of strings under <c>roles</c> counts; anything else grants nothing.</summary>
    public static bool HasAdminRole(string? metadataAdmin)
    {
        if (string.IsNullOrEmpty(metadataAdmin)) return false;
        try
        {
            using var document = JsonDocument.Parse(metadataAdmin);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
                && roles.EnumerateArray().Any(r => r.ValueKind == JsonValueKind.String && r.GetString() == AdminRole);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
