using System.Text;
using System.Text.Json.Nodes;
using App.Credentials.SecurityKeys;
using App.Identities;
using App.SelfService.Flows;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;

namespace App.Ceremonies;

/// <summary>
/// The ceremonies of security keys used as a second factor. They run through the same Fido2, state
/// and single-use handling as passkeys; what differs is what is asked of the authenticator and
/// which records are looked at: only <see cref="SecurityKey"/> rows, never passkeys.
/// </summary>
public sealed partial class CeremonyService
{
    /// <summary>
    /// Starts adding a security key. As Kratos asks for MFA keys: a roaming authenticator, no
    /// discoverable credential, and user verification discouraged, because the key is the second
    /// factor, not the whole sign-in.
    /// </summary>
    public async Task<JsonObject> BeginSecurityKeyRegistrationAsync(Flow flow, string userName, Identity owner)
    {
        var options = fido2.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = Encoding.UTF8.GetBytes(owner.PasskeyUserHandle), Name = userName, DisplayName = userName },
            ExcludeCredentials = await ExcludedAsync(owner),
            AuthenticatorSelection = new AuthenticatorSelection
            {
                AuthenticatorAttachment = AuthenticatorAttachment.CrossPlatform,
                ResidentKey = ResidentKeyRequirement.Discouraged,
                RequireResidentKey = false,
                UserVerification = UserVerificationRequirement.Discouraged,
            },
            AttestationPreference = policy.Conveyance,
            PubKeyCredParams = Algorithms.Offered,
        });
        var json = options.ToJson();
        Remember(flow, json);
        return Present(json);
    }

    /// <summary>Starts the second-factor step: the identity's security keys, and nothing else, are allowed.</summary>
    public async Task<JsonObject> BeginSecurityKeyLoginAsync(Flow flow, Guid identityId)
    {
        var allowed = await db.SecurityKeys.AsNoTracking().Where(k => k.IdentityId == identityId).Select(k => k.CredentialId).ToListAsync();
        var options = fido2.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = allowed.Select(id => new PublicKeyCredentialDescriptor(id)).ToList(),
            UserVerification = UserVerificationRequirement.Discouraged,
        });
        var json = options.ToJson();
        Remember(flow, json);
        return Present(json);
    }

    /// <summary>
    /// Verifies the second-factor assertion of <paramref name="identity"/>: the credential must be one
    /// of its security keys. A passkey, or another identity's key, is refused.
    /// </summary>
    public async Task<SecurityKeyOutcome> CompleteSecurityKeyLoginAsync(Flow flow, string credentialJson, Identity identity)
    {
        var (failure, state) = Consume(flow, credentialJson);
        if (failure != CeremonyFailure.None) return new(failure, Describe(failure), null);
        if (CredentialJson.Read<AuthenticatorAssertionRawResponse>(credentialJson) is not { Response.AuthenticatorData: not null, RawId: not null } response)
            return new(CeremonyFailure.Malformed, Describe(CeremonyFailure.Malformed), null);
        if (ReadOptions(state!, AssertionOptions.FromJson) is not { Challenge: not null } options)
            return new(CeremonyFailure.NoPendingChallenge, Describe(CeremonyFailure.NoPendingChallenge), null);

        // Tracked: a successful step updates the counter in the flow's unit of work.
        var key = await db.SecurityKeys.FirstOrDefaultAsync(k => k.CredentialId == response.RawId && k.IdentityId == identity.Id);
        if (key is null) return new(CeremonyFailure.Rejected, "not a security key of this identity", null);
        var (result, refusal, reason) = await VerifyAssertionAsync(response, options, key.PublicKey, key.SignCount, key.IsBackupEligible, identity);
        if (result is null) return new(refusal, reason, null);
        key.SignCount = result.SignCount;
        key.IsBackedUp = result.IsBackedUp;
        key.LastUsedAt = clock.GetUtcNow().UtcDateTime;
        return new(CeremonyFailure.None, null, key);
    }
}

/// <param name="Key">The tracked security key, its counter already updated.</param>
public sealed record SecurityKeyOutcome(CeremonyFailure Failure, string? Reason, SecurityKey? Key)
{
    public bool Succeeded => Failure == CeremonyFailure.None;
}
