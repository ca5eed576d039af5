using System.Buffers.Binary;
using System.Text;

namespace App.Credentials.Passkeys;

/// <summary>
/// Reads the one thing the portal needs from an attestation object that Identity does not expose:
/// the AAGUID in its authenticator data (WebAuthn §6.5.1), which names the passkey provider.
/// Identity has already verified the object by the time this runs.
/// </summary>
public static class AttestationObject
{
    public static Guid? ReadAaguid(byte[] attestationObject)
    {
        try
        {
            var authData = FindAuthData(attestationObject);
            // rpIdHash(32) flags(1) signCount(4) then attested credential data, which starts with the AAGUID.
            if (authData is null || authData.Length < 53 || (authData[32] & 0x40) == 0) return null;
            return new Guid(authData.AsSpan(37, 16), bigEndian: true);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[]? FindAuthData(byte[] cbor)
    {
        var position = 0;
        var (major, count) = Head(cbor, ref position);
        if (major != 5) throw new FormatException("The attestation object is not a CBOR map.");
        for (ulong i = 0; i < count; i++)
        {
            var (keyMajor, keyLength) = Head(cbor, ref position);
            if (keyMajor != 3) throw new FormatException("Attestation object keys are text.");
            var key = Encoding.UTF8.GetString(Slice(cbor, ref position, keyLength));
            if (key == "authData")
            {
                var (valueMajor, valueLength) = Head(cbor, ref position);
                if (valueMajor != 2) throw new FormatException("authData is a byte string.");
                return Slice(cbor, ref position, valueLength).ToArray();
            }
            Skip(cbor, ref position, depth: 0);
        }
        return null;
    }

    private static void Skip(byte[] cbor, ref int position, int depth)
    {
        if (depth > 8) throw new FormatException("CBOR nested too deeply.");
        var (major, value) = Head(cbor, ref position);
        switch (major)
        {
            case 2 or 3: Slice(cbor, ref position, value); break;
            case 4: for (ulong i = 0; i < value; i++) Skip(cbor, ref position, depth + 1); break;
            case 5: for (ulong i = 0; i < value * 2; i++) Skip(cbor, ref position, depth + 1); break;
            case 6: Skip(cbor, ref position, depth + 1); break;
        }
    }

    private static (int Major, ulong Value) Head(byte[] cbor, ref int position)
    {
        if (position >= cbor.Length) throw new FormatException("CBOR ended early.");
        var initial = cbor[position++];
        var major = initial >> 5;
        var info = initial & 0x1f;
        ulong value = info switch
        {
            < 24 => (ulong)info,
            24 => Slice(cbor, ref position, 1)[0],
            25 => BinaryPrimitives.ReadUInt16BigEndian(Slice(cbor, ref position, 2)),
            26 => BinaryPrimitives.ReadUInt32BigEndian(Slice(cbor, ref position, 4)),
            27 => BinaryPrimitives.ReadUInt64BigEndian(Slice(cbor, ref position, 8)),
            _ => throw new FormatException("Indefinite-length CBOR is not used by authenticators."),
        };
        return (major, value);
    }

    private static ReadOnlySpan<byte> Slice(byte[] cbor, ref int position, ulong length)
    {
        if (length > (ulong)(cbor.Length - position)) throw new FormatException("CBOR length runs past the end.");
        var span = cbor.AsSpan(position, (int)length);
        position += (int)length;
        return span;
    }
}
