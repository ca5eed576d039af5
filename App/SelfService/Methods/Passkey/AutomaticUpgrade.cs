using System.Text.Json.Nodes;
using App.Ceremonies;
using App.Configuration;
using App.SelfService.Flows;
using App.SelfService.Flows.Settings;
using App.Sessions;

namespace App.SelfService.Methods.Passkey;

/// <summary>A settings flow ready for the browser's automatic passkey upgrade: where to post, its CSRF token and the creation options.</summary>
public sealed record UpgradeOffer(string Action, string CsrfToken, string CreateData);

/// <summary>
/// The automatic passkey upgrade (WebAuthn L3 conditional create): right after a sign-in without a
/// passkey (an emailed code, a password), the browser's password manager may save a passkey
/// without asking. The credential goes through the settings flow like any other. On unless
/// <c>selfservice.methods.passkey.config.automatic_upgrade</c> is false.
/// </summary>
public sealed class AutomaticUpgrade(PortalSettings settings, FlowEngine engine, SettingsFlow settingsFlow, FlowStore store,
    CeremonyService ceremonies, SessionService sessions, Identities.SchemaRegistry schemas)
{
    /// <summary>The proofs after which an upgrade is offered: those that are not a passkey.</summary>
    public static readonly IReadOnlySet<string> UpgradableProofs = new HashSet<string> { "code", "password" };

    public bool Applies(Session session) =>
        settings.PasskeysEnabled && settings.Options.SelfService.Methods.Passkey.Config.AutomaticUpgrade
        && session.Restriction is null && session.Identity is not null && sessions.IsPrivileged(session)
        && session.Proofs().LastOrDefault() is { } last && UpgradableProofs.Contains(last.Method);

    public async Task<UpgradeOffer?> OfferAsync(HttpContext http, Session session)
    {
        if (!Applies(session)) return null;
        var flow = await engine.StartAsync(settingsFlow, http, FlowTypes.Browser, null, identityId: session.IdentityId, session: session);
        var identity = session.Identity!;
        var traits = JsonNode.Parse(identity.Traits) as JsonObject ?? [];
        var userName = schemas.Find(identity.SchemaId)?.DisplayNameOf(traits) ?? identity.Identifiers.FirstOrDefault()?.Value ?? "";
        // The flow's ceremony becomes the silent one; its own "Add passkey" options are replaced with it.
        var options = await ceremonies.BeginRegistrationAsync(flow, userName, identity, AuthenticatorTarget.Automatic);
        await store.SaveAsync();
        var csrf = store.UiForResponse(flow, http).Find("csrf_token")?.Attributes.ValueText ?? "";
        return new UpgradeOffer(store.ActionUrl(flow), csrf, new JsonObject { ["publicKey"] = options }.ToJsonString());
    }
}
