using Microsoft.AspNetCore.Identity;

namespace App.Credentials.Passkeys;

internal static class PasskeyMapping
{
    public static UserPasskeyInfo ToInfo(Passkey p) => new(
        p.CredentialId, p.PublicKey, new DateTimeOffset(DateTime.SpecifyKind(p.CreatedAt, DateTimeKind.Utc)), (uint)p.SignCount,
        string.IsNullOrEmpty(p.Transports) ? null : p.Transports.Split(','),
        p.IsUserVerified, p.IsBackupEligible, p.IsBackedUp, p.AttestationObject, p.ClientDataJson)
    { Name = p.DisplayName };
}
