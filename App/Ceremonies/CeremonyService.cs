using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using App.Ceremonies.Attestation;
using App.Data;
using App.Identities;
using App.SelfService.Flows;
using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;

namespace App.Ceremonies;

/// <summary>
/// The one place WebAuthn ceremonies are run, for the hosted pages, the interactive pages and the
/// Kratos JSON API alike. Fido2 verifies; this service keeps the ceremony's options server-side on
/// the flow, consumes them exactly once and lets them expire, which Fido2 leaves to its caller.
/// </summary>
public sealed partial class CeremonyService(
    IFido2 fido2,
    AttestationPolicy policy,
    PortalDbContext db,
    TimeProvider clock,
    ILogger<CeremonyService> log)
{
    /// <summary>How long a started ceremony stays usable on the server.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private const int MaxCredentialJsonLength = 64 * 1024;

    /// <summary>
    /// Starts a registration; returns the Kratos <c>publicKey</c> creation options. Sign-up makes a
    /// new user handle; settings pass the owner, so its passkeys are excluded and the new one joins
    /// them under the same handle.
    /// </summary>
    public async Task<JsonObject> BeginRegistrationAsync(Flow flow, string userName, Identity? owner = null,
        AuthenticatorTarget target = AuthenticatorTarget.Any)
    {
        var excluded = owner is null ? [] : await ExcludedAsync(owner);
        var options = fido2.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = Encoding.UTF8.GetBytes(owner?.PasskeyUserHandle ?? NewUserHandle()), Name = userName, DisplayName = userName },
            ExcludeCredentials = excluded,
            // Passkeys are discoverable and user-verified; older browsers read only requireResidentKey.
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Required,
                RequireResidentKey = true,
                UserVerification = UserVerificationRequirement.Required,
            },
            AttestationPreference = policy.Conveyance,
            // Ask whether the credential is discoverable: a security key may not be, and then needs email-first sign-in.
            Extensions = new AuthenticationExtensionsClientInputs { CredProps = true },
            PubKeyCredParams = Algorithms.Offered,
        });
        Aim(options, target);
        var json = options.ToJson();
        Remember(flow, json);
        return Present(json);
    }

    /// <summary>
    /// A backup on another device: hints (WebAuthn L3 §5.4.7) steer the browser's first screen, and
    /// a security key must also be cross-platform, or the browser may offer this device again.
    /// Fido2 makes either hint cross-platform as it sets it (a phone over hybrid roams too).
    /// </summary>
    private static void Aim(CredentialCreateOptions options, AuthenticatorTarget target)
    {
        switch (target)
        {
            case AuthenticatorTarget.Phone:
                options.Hints = [PublicKeyCredentialHint.Hybrid];
                break;
            case AuthenticatorTarget.SecurityKey:
                options.Hints = [PublicKeyCredentialHint.SecurityKey];
                options.AuthenticatorSelection.AuthenticatorAttachment = AuthenticatorAttachment.CrossPlatform;
                break;
            case AuthenticatorTarget.Automatic:
                options.AuthenticatorSelection.UserVerification = UserVerificationRequirement.Preferred;
                break;
        }
    }

    /// <summary>
    /// Starts a sign-in. Without an identity the request is discoverable (no allowCredentials); with
    /// one it lists that identity's credentials, for security keys that cannot be discovered.
    /// </summary>
    public async Task<JsonObject> BeginLoginAsync(Flow flow, Identity? identity, IEnumerable<byte[]>? decoyCredentialIds = null)
    {
        var allowed = decoyCredentialIds?.ToList()
            ?? (identity is null ? [] : await db.Passkeys.AsNoTracking().Where(p => p.IdentityId == identity.Id).Select(p => p.CredentialId).ToListAsync());
        var options = fido2.GetAssertionOptions(new GetAssertionOptionsParams
        {
            // Transports are known only for real credentials; listing them would tell a real account
            // from a decoy, so every descriptor is {type, id} alone.
            AllowedCredentials = allowed.Select(id => new PublicKeyCredentialDescriptor(id)).ToList(),
            UserVerification = UserVerificationRequirement.Required,
        });
        var json = options.ToJson();
        Remember(flow, json);
        return Present(json);
    }

    public async Task<AttestationOutcome> CompleteRegistrationAsync(Flow flow, string credentialJson)
    {
        var (failure, state) = Consume(flow, credentialJson);
        if (failure != CeremonyFailure.None) return new(failure, Describe(failure), null, null);
        if (CredentialJson.Read<AuthenticatorAttestationRawResponse>(credentialJson) is not { Response: not null, RawId: not null } response)
            return new(CeremonyFailure.Malformed, Describe(CeremonyFailure.Malformed), null, null);
        if (ReadOptions(state!, CredentialCreateOptions.FromJson) is not { User: not null } options)
            return new(CeremonyFailure.NoPendingChallenge, Describe(CeremonyFailure.NoPendingChallenge), null, null);
        RegisteredPublicKeyCredential credential;
        try
        {
            credential = await fido2.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response,
                OriginalOptions = options,
                IsCredentialIdUniqueToUserCallback = (args, cancel) => IsNewCredentialAsync(args.CredentialId, cancel),
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (refusal, reason) = Classify(e);
            return new(refusal, reason, null, null);
        }
        if (policy.Refusal(credential) is { } refused) return new(CeremonyFailure.NotApproved, refused, null, null);
        return new(CeremonyFailure.None, null, new NewCredential(
            credential.Id, credential.PublicKey, credential.SignCount, Transports.Names(credential.Transports),
            credential.IsBackupEligible, credential.IsBackedUp, credential.AaGuid, credential.AttestationFormat,
            credential.AttestationObject, credential.AttestationClientDataJson), Encoding.UTF8.GetString(options.User.Id));
    }

    public async Task<AssertionOutcome> CompleteLoginAsync(Flow flow, string credentialJson)
    {
        var (failure, state) = Consume(flow, credentialJson);
        if (failure != CeremonyFailure.None) return new(failure, Describe(failure), null, null);
        if (CredentialJson.Read<AuthenticatorAssertionRawResponse>(credentialJson) is not { Response.AuthenticatorData: not null, RawId: not null } response)
            return new(CeremonyFailure.Malformed, Describe(CeremonyFailure.Malformed), null, null);
        if (ReadOptions(state!, AssertionOptions.FromJson) is not { Challenge: not null } options)
            return new(CeremonyFailure.NoPendingChallenge, Describe(CeremonyFailure.NoPendingChallenge), null, null);

        // One statement: the identity with its addresses, and the passkey (tracked: a successful
        // sign-in updates it in the flow's unit of work).
        var identity = await OwnerOfPasskey.For(db)(db, response.RawId);
        if (identity?.Passkeys.FirstOrDefault() is not { } passkey) return Rejected(UnknownCredential);
        // §7.2 step 6: a discoverable sign-in learns who is signing in only from the user handle.
        if (options.AllowCredentials is not { Count: > 0 } && response.Response.UserHandle is not { Length: > 0 })
            return Rejected("no user handle in a discoverable sign-in");

        var (result, refusal, reason) = await VerifyAssertionAsync(response, options, passkey.PublicKey, passkey.SignCount, passkey.IsBackupEligible, identity);
        if (result is null) return new(refusal, reason, null, null);
        passkey.SignCount = result.SignCount;
        passkey.IsBackedUp = result.IsBackedUp;
        return new(CeremonyFailure.None, null, passkey, identity);
    }

    // Compiled once: every passkey sign-in runs it.
    private static readonly CompiledPerModel<Func<PortalDbContext, byte[], Task<Identity?>>> OwnerOfPasskey = new(() =>
        EF.CompileAsyncQuery((PortalDbContext db, byte[] rawId) => db.Identities
            .Include(i => i.Identifiers).Include(i => i.Passkeys.Where(p => p.CredentialId == rawId))
            .AsSingleQuery().FirstOrDefault(i => i.Passkeys.Any(p => p.CredentialId == rawId))));

    /// <summary>
    /// Fido2's verification of an assertion against a stored credential of <paramref name="owner"/>,
    /// and §7.2 step 16, which Fido2 leaves to its caller: backup eligibility is fixed when a
    /// credential is made, so a change means another authenticator.
    /// </summary>
    private async Task<(VerifyAssertionResult? Result, CeremonyFailure Failure, string? Reason)> VerifyAssertionAsync(
        AuthenticatorAssertionRawResponse response, AssertionOptions options, byte[] publicKey, long signCount, bool backupEligible, Identity owner)
    {
        var handle = Encoding.UTF8.GetBytes(owner.PasskeyUserHandle);
        VerifyAssertionResult result;
        try
        {
            result = await fido2.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = options,
                StoredPublicKey = publicKey,
                StoredSignatureCounter = (uint)signCount,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(args.UserHandle.AsSpan().SequenceEqual(handle)),
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var (refusal, reason) = Classify(e);
            return (null, refusal, reason);
        }
        if (AuthenticatorData.Parse(response.Response.AuthenticatorData).IsBackupEligible != backupEligible)
            return (null, CeremonyFailure.Rejected, "backup eligibility differs from the credential record");
        return (result, CeremonyFailure.None, null);
    }

    /// <summary>A credential id is unique across passkeys and security keys: one authenticator credential is one record.</summary>
    private async Task<bool> IsNewCredentialAsync(byte[] credentialId, CancellationToken cancel) =>
        !await db.Passkeys.AnyAsync(p => p.CredentialId == credentialId, cancel)
        && !await db.SecurityKeys.AnyAsync(k => k.CredentialId == credentialId, cancel);

    /// <summary>The owner's passkeys and security keys: an authenticator already on the account is not registered twice.</summary>
    private async Task<List<PublicKeyCredentialDescriptor>> ExcludedAsync(Identity owner)
    {
        var passkeys = await db.Passkeys.AsNoTracking().Where(p => p.IdentityId == owner.Id).Select(p => new { p.CredentialId, p.Transports }).ToListAsync();
        var keys = await db.SecurityKeys.AsNoTracking().Where(k => k.IdentityId == owner.Id).Select(k => new { k.CredentialId, k.Transports }).ToListAsync();
        return passkeys.Concat(keys)
            .Select(c => new PublicKeyCredentialDescriptor(PublicKeyCredentialType.PublicKey, c.CredentialId, Transports.Parse(c.Transports))).ToList();
    }
    /// <summary>The reason of a sign-in with a credential id no account has; the page may tell the browser to forget it.</summary>
    public const string UnknownCredential = "unknown credential";

    private static AssertionOutcome Rejected(string reason) => new(CeremonyFailure.Rejected, reason, null, null);

    /// <summary>
    /// Fido2 reports expected refusals as <see cref="Fido2VerificationException"/>; hostile input can
    /// also make its parsers throw other exceptions, which are refusals all the same.
    /// </summary>
    private (CeremonyFailure, string) Classify(Exception e)
    {
        if (e is not Fido2VerificationException verification)
        {
            log.LogInformation("A WebAuthn response was refused by a {Type}: {Message}", e.GetType().Name, e.Message);
            return (CeremonyFailure.Rejected, $"{e.GetType().Name}: {e.Message}");
        }
        var failure = verification.Code switch
        {
            Fido2ErrorCode.NonUniqueCredentialId => CeremonyFailure.AlreadyRegistered,
            Fido2ErrorCode.UndesiredMetadataStatus => CeremonyFailure.Compromised,
            Fido2ErrorCode.InvalidCertificateChain => CeremonyFailure.NotApproved,
            // Fido2 gives no code of its own to an attestation type the model's metadata does not
            // declare (self attestation without basic_surrogate, say); only its message names the metadata.
            Fido2ErrorCode.InvalidAttestation when verification.Message.Contains("metadata", StringComparison.OrdinalIgnoreCase) => CeremonyFailure.NotApproved,
            _ => CeremonyFailure.Rejected,
        };
        return (failure, $"{verification.Code}: {verification.Message}");
    }

    private void Remember(Flow flow, string optionsJson)
    {
        var open = flow.CeremonyNonce is not null && flow.CeremonyExpiresAt > clock.GetUtcNow().UtcDateTime ? flow.CeremonyState : null;
        flow.CeremonyState = PendingCeremonies.Add(open, optionsJson);
        flow.CeremonyNonce = Guid.NewGuid();
        flow.CeremonyExpiresAt = clock.GetUtcNow().UtcDateTime + Lifetime;
    }

    /// <summary>The options as the browser receives them, without the empty lists a browser need not see.</summary>
    private static JsonObject Present(string optionsJson)
    {
        var options = JsonNode.Parse(optionsJson)!.AsObject();
        foreach (var name in new[] { "excludeCredentials", "allowCredentials", "hints", "attestationFormats" })
            if (options[name] is JsonArray { Count: 0 }) options.Remove(name);
        return options;
    }

    /// <summary>
    /// Takes the pending ceremony off the flow. The flow's nonce is a concurrency token, so the
    /// write that saves this request's outcome is a compare-and-swap on it: of two concurrent
    /// submissions at most one commits, the other's whole transaction (its session included) is
    /// rolled back, and a replay finds nothing. Taking it here and committing it with the outcome
    /// makes a sign-in one write transaction instead of two.
    /// </summary>
    private (CeremonyFailure, string?) Consume(Flow flow, string credentialJson)
    {
        if (string.IsNullOrWhiteSpace(credentialJson) || credentialJson.Length > MaxCredentialJsonLength || !LooksLikeJsonObject(credentialJson))
            return (CeremonyFailure.Malformed, null);
        if (flow.CeremonyState is not { } state || flow.CeremonyNonce is null)
            return (CeremonyFailure.NoPendingChallenge, null);
        flow.CeremonyState = null;
        flow.CeremonyNonce = null;
        if (flow.CeremonyExpiresAt is not { } expires || expires <= clock.GetUtcNow().UtcDateTime)
            return (CeremonyFailure.Expired, null);
        return PendingCeremonies.Pick(state, credentialJson) is { } options ? (CeremonyFailure.None, options) : (CeremonyFailure.NoPendingChallenge, null);
    }

    /// <summary>Options saved by an earlier engine of the portal are not Fido2's; such a ceremony is over.</summary>
    private static T? ReadOptions<T>(string state, Func<string, T> read) where T : class
    {
        try { return read(state); }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or ArgumentException) { return null; }
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
