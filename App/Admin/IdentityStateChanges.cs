using System.Text.Json.Nodes;
using App.Identities;

namespace App.Admin;

/// <summary>
/// Deactivating and activating an identity from the console. Both are the admin API's patch of
/// <c>/state</c>, with its checks and audit; deactivating also ends every session of the identity,
/// so activating it later does not bring old sign-ins back.
/// </summary>
public sealed class IdentityStateChanges(IdentityAdministration identities, SessionAdministration sessions)
{
    public async Task<AdminOutcome<Identity>> DeactivateAsync(Guid identityId, HttpContext? http)
    {
        var outcome = await identities.PatchAsync(identityId.ToString(), StatePatch(IdentityStates.Inactive), http);
        if (outcome.Error is not null) return outcome;
        var ended = await sessions.RevokeAllAsync(identityId, http);
        return ended.Error is { } error ? error : outcome;
    }

    public Task<AdminOutcome<Identity>> ActivateAsync(Guid identityId, HttpContext? http) =>
        identities.PatchAsync(identityId.ToString(), StatePatch(IdentityStates.Active), http);

    private static JsonNode StatePatch(string state) =>
        new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/state", ["value"] = state });
}
