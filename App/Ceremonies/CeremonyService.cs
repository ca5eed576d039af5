using System.Security.Cryptography;
using System.Text.Json.Nodes;
using App.Configuration;
using App.Data;
using App.Identities;
using App.SelfService.Flows;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace App.Ceremonies;

/// <summary>
/// The one place WebAuthn ceremonies are run, for the hosted pages and the Kratos JSON API alike.
/// Identity's <see cref="IPasskeyHandler{TUser}"/> does the verification; this service keeps its
/// state server-side on the flow, consumes it exactly once and lets it expire, which Identity's own
/// cookie-based state does not guarantee.
/// </summary>
public sealed class CeremonyService(
    IPasskeyHandler<Identity> handler,
    PortalDbContext db,
    PortalSettings settings,
    TimeProvider clock)
{
    /// <summary>How long a started ceremony stays usable on the server.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private const int MaxCredentialJsonLength = 64 * 1024;

    /// <summary>
    /// Starts a registration; returns the Kratos <c>publicKey</c> creation options. Sign-up makes a
    /// new user handle; settings pass the identity's own, so its passkeys are excluded and a new one
    /// joins them under the same handle.
    /// </summary>
    public async Task<JsonObject> BeginRegistrationAsync(Flow flow, string userName, HttpContext http, string? userHandle = null)
    {
        var entity = new PasskeyUserEntity { Id = userHandle ?? NewUserHandle(), Name = userName, DisplayName = userName };
        var result = await handler.MakeCreationOptionsAsync(entity, http);
        Remember(flow, result.AttestationState);
        var options = JsonNode.Parse(result.CreationOptionsJson)!.AsObject();
        options["rp"]!["name"] = settings.RpDisplayName;
        // Older browsers read only requireResidentKey; Kratos sends both.
        options["authenticatorSelection"]!["requireResidentKey"] = true;
        if (options["excludeCredentials"] is JsonArray { Count: 0 }) options.Remove("excludeCredentials");
        if (options["hints"] is JsonArray { Count: 0 }) options.Remove("hints");
        // Ask whether the credential is discoverable: a security key may not be, and then needs email-first sign-in.
        options["extensions"] = new JsonObject { ["credProps"] = true };
        return options;
    }

    /// <summary>
    /// Starts a sign-in. Without an identity the request is discoverable (no allowCredentials); with
    /// one it lists that identity's credentials, for security keys that cannot be discovered.
    /// </summary>
    public async Task<JsonObject> BeginLoginAsync(Flow flow, Identity? identity, HttpContext http, IEnumerable<byte[]>? decoyCredentialIds = null)
    {
        var result = await handler.MakeRequestOptionsAsync(identity, http);
        Remember(flow, result.AssertionState);
        var options = JsonNode.Parse(result.RequestOptionsJson)!.AsObject();
        if (decoyCredentialIds is not null)
            options["allowCredentials"] = new JsonArray(decoyCredentialIds.Select(id => (JsonNode)new JsonObject
            {
                ["type"] = "public-key",
                ["id"] = Base64Url.Encode(id),
            }).ToArray());
        if (options["allowCredentials"] is JsonArray { Count: 0 }) options.Remove("allowCredentials");
        // Transports are known only for real credentials; listing them would tell a real account
        // from a decoy, so every descriptor is sent as {type, id} alone.
        if (options["allowCredentials"] is JsonArray descriptors)
            foreach (var descriptor in descriptors.OfType<JsonObject>()) descriptor.Remove("transports");
        if (options["hints"] is JsonArray { Count: 0 }) options.Remove("hints");
        return options;
    }

    public async Task<AttestationOutcome> CompleteRegistrationAsync(Flow flow, string credentialJson, HttpContext http)
    {
        var (failure, state) = await ConsumeAsync(flow, credentialJson);
        if (failure != CeremonyFailure.None) return new(failure, Describe(failure), null, null);
        var result = await handler.PerformAttestationAsync(new PasskeyAttestationContext
        {
            HttpContext = http,
            CredentialJson = credentialJson,
            AttestationState = state,
        });
        return result.Succeeded
            ? new(CeremonyFailure.None, null, result.Passkey, result.UserEntity.Id)
            : new(CeremonyFailure.Rejected, result.Failure.Message, null, null);
    }

    public async Task<AssertionOutcome> CompleteLoginAsync(Flow flow, string credentialJson, HttpContext http)
    {
        var (failure, state) = await ConsumeAsync(flow, credentialJson);
        if (failure != CeremonyFailure.None) return new(failure, Describe(failure), null, null);
        var result = await handler.PerformAssertionAsync(new PasskeyAssertionContext
        {
            HttpContext = http,
            CredentialJson = credentialJson,
            AssertionState = state,
        });
        return result.Succeeded
            ? new(CeremonyFailure.None, null, result.Passkey, result.User)
            : new(CeremonyFailure.Rejected, result.Failure.Message, null, null);
    }

    private void Remember(Flow flow, string? state)
    {
        flow.CeremonyState = state;
        flow.CeremonyNonce = Guid.NewGuid();
        flow.CeremonyExpiresAt = clock.GetUtcNow().UtcDateTime + Lifetime;
    }

    /// <summary>
    /// Takes the pending ceremony off the flow with a compare-and-swap on its nonce, so of two
    /// concurrent submissions at most one proceeds, and a replay finds nothing.
    /// </summary>
    private async Task<(CeremonyFailure, string?)> ConsumeAsync(Flow flow, string credentialJson)
    {
        if (string.IsNullOrWhiteSpace(credentialJson) || credentialJson.Length > MaxCredentialJsonLength || !LooksLikeJsonObject(credentialJson))
            return (CeremonyFailure.Malformed, null);
        if (flow.CeremonyState is not { } state || flow.CeremonyNonce is not { } nonce)
            return (CeremonyFailure.NoPendingChallenge, null);
        var taken = await db.Flows
            .Where(f => f.Id == flow.Id && f.CeremonyNonce == nonce)
            .ExecuteUpdateAsync(s => s
                .SetProperty(f => f.CeremonyState, (string?)null)
                .SetProperty(f => f.CeremonyNonce, (Guid?)null));
        flow.CeremonyState = null;
        flow.CeremonyNonce = null;
        if (taken != 1) return (CeremonyFailure.NoPendingChallenge, null);
        if (flow.CeremonyExpiresAt is not { } expires || expires <= clock.GetUtcNow().UtcDateTime)
            return (CeremonyFailure.Expired, null);
        return (CeremonyFailure.None, state);
    }

    private static bool LooksLikeJsonObject(string json)
    {
        // Several parsers read the credential JSON after this check; a repeated name could mean
        // different things to each of them, so it makes the credential malformed.
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json, new System.Text.Json.JsonDocumentOptions { AllowDuplicateProperties = false });
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object;
        }
        catch (System.Text.Json.JsonException) { return false; }
    }

    private static string Describe(CeremonyFailure failure) => failure switch
    {
        CeremonyFailure.NoPendingChallenge => "No passkey ceremony is pending for this flow, or it was already used.",
        CeremonyFailure.Expired => "The passkey ceremony took too long and expired.",
        CeremonyFailure.Malformed => "The passkey response could not be read.",
        _ => "The passkey was refused.",
    };

    /// <summary>64 random alphanumerics, as Kratos makes them: the user handle must not reveal who the user is.</summary>
    public static string NewUserHandle() =>
        RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 64);
}
