using App.Configuration;
using App.Credentials.SecurityKeys;
using App.Data;
using App.KratosJson;
using Microsoft.EntityFrameworkCore;

namespace App.Sessions;

/// <summary>
/// Authenticator assurance levels (Kratos <c>identity.available_aal</c>, <c>required_aal</c>). An
/// identity can reach aal2 only with a second-factor security key guarding its password. Backup
/// codes do not count: here they are a way back in after losing every passkey, not a second factor,
/// so a passkey-only account with backup codes is never asked for aal2. Nor is one that disabled its
/// password but kept its keys: they guard nothing then, and asking for them would turn a passkey
/// sign-in into a lock-out for whoever has lost the key.
/// </summary>
public sealed class AuthenticatorAssurance(PortalDbContext db, PortalSettings settings, SecondFactorEligibility eligibility)
{
    public const string Aal1 = "aal1";
    public const string Aal2 = "aal2";

    public async Task<string> HighestAvailableAsync(Guid identityId) =>
        await HasSecurityKey.For(db)(db, identityId) && await eligibility.GuardsAsync(identityId) ? Aal2 : Aal1;

    // Compiled once: asked after every sign-in.
    private static readonly CompiledPerModel<Func<PortalDbContext, Guid, Task<bool>>> HasSecurityKey = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, Guid identityId) => db.SecurityKeys.Any(k => k.IdentityId == identityId)));

    /// <summary>The session lacks a second factor its identity has, and <paramref name="requiredAal"/> asks for it.</summary>
    public async Task<bool> LacksSecondFactorAsync(Session session, string requiredAal) =>
        requiredAal == RequiredAal.HighestAvailable && session.Aal != Aal2 && await HighestAvailableAsync(session.IdentityId) == Aal2;

    /// <summary>Kratos's 403 <c>session_aal2_required</c> when the session must do its second factor first, else null.</summary>
    public async Task<ErrorEnvelope?> RefusalAsync(Session session, string requiredAal, string? returnTo) =>
        await LacksSecondFactorAsync(session, requiredAal) ? AalErrors.Aal2Required(SecondFactorUrl(returnTo)) : null;

    /// <summary>The login flow that asks a signed-in session for its second factor.</summary>
    public string SecondFactorUrl(string? returnTo) =>
        settings.BrowserFlowUrl(SelfService.Flows.FlowKinds.Login) + "?aal=aal2"
        + (string.IsNullOrEmpty(returnTo) ? "" : "&return_to=" + Uri.EscapeDataString(returnTo));
}
