using App.Data;
using Fido2NetLib.Cbor;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;

namespace App.Credentials.Passkeys;

/// <summary>
/// Passkeys saved before the AAGUID had a column of its own still carry it in their stored
/// attestation object (WebAuthn §6.5.1); this copies it over once, at start-up.
/// </summary>
public static class AaguidBackfill
{
    public static async Task RunAsync(PortalDbContext db, CancellationToken cancel = default)
    {
        var pending = await db.Passkeys.Where(p => p.Aaguid == null).ToListAsync(cancel);
        if (pending.Count == 0) return;
        foreach (var passkey in pending)
        {
            passkey.Aaguid = Read(passkey.AttestationObject) ?? Guid.Empty;
            passkey.AttestationFormat ??= Format(passkey.AttestationObject);
        }
        await db.SaveChangesAsync(cancel);
    }

    public static Guid? Read(byte[] attestationObject)
    {
        try
        {
            var authData = (byte[])CborObject.Decode(attestationObject)["authData"]!;
            return AuthenticatorData.Parse(authData).AttestedCredentialData?.AaGuid;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A record from before the portal kept attestation objects whole, or a damaged one: no AAGUID to copy.
            return null;
        }
    }

    private static string? Format(byte[] attestationObject)
    {
        try { return (string?)CborObject.Decode(attestationObject)["fmt"]; }
        catch (Exception e) when (e is not OperationCanceledException) { return null; }
    }
}
