using App.Identities;
using Microsoft.AspNetCore.Identity;

namespace App.Ceremonies;

/// <summary>Why a ceremony was refused. Expected failures are results, not exceptions.</summary>
public enum CeremonyFailure
{
    None,
    /// <summary>No ceremony was pending for the flow, or it was already used.</summary>
    NoPendingChallenge,
    Expired,
    /// <summary>The credential JSON could not be read.</summary>
    Malformed,
    /// <summary>The handler refused the credential: origin, rpIdHash, flags, signature, counter, owner.</summary>
    Rejected,
}

public sealed record AttestationOutcome(CeremonyFailure Failure, string? Reason, UserPasskeyInfo? Passkey, string? UserHandle)
{
    public bool Succeeded => Failure == CeremonyFailure.None;
}

public sealed record AssertionOutcome(CeremonyFailure Failure, string? Reason, UserPasskeyInfo? Passkey, Identity? Identity)
{
    public bool Succeeded => Failure == CeremonyFailure.None;
}
