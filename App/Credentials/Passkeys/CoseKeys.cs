using System.Formats.Cbor;
using System.Security.Cryptography;

namespace App.Credentials.Passkeys;

/// <summary>
/// Checks a credential public key (a COSE_Key, RFC 9052 §7) that comes from outside a ceremony, such
/// as an imported passkey's: it must be one of the algorithms the ceremonies offer
/// (<see cref="Ceremonies.Algorithms"/>), with the curve and lengths that algorithm has, so that a
/// sign-in can verify with it (RFC 9053 §2.1, §7.1, §7.2; RFC 8230 for RSA).
/// </summary>
public static class CoseKeys
{
    /// <summary>Room for an RSA-4096 key with its labels; a COSE_Key of a supported kind is never larger.</summary>
    public const int MaxLength = 1024;

    private const int Kty = 1, Alg = 3, Crv = -1, X = -2, Y = -3;
    private const int Okp = 1, Ec2 = 2, Rsa = 3;

    /// <summary>(curve label, coordinate length, .NET curve) of each ECDSA algorithm offered.</summary>
    private static readonly Dictionary<long, (long Crv, int Length, ECCurve Curve)> EcAlgorithms = new()
    {
        [-7] = (1, 32, ECCurve.NamedCurves.nistP256),
        [-35] = (2, 48, ECCurve.NamedCurves.nistP384),
        [-36] = (3, 66, ECCurve.NamedCurves.nistP521),
    };

    /// <summary>RS256/384/512 and PS256/384/512.</summary>
    private static readonly HashSet<long> RsaAlgorithms = [-257, -258, -259, -37, -38, -39];

    private const long EdDsa = -8, Ed25519 = 6;

    /// <summary>Why the key cannot be used, or null when it can.</summary>
    public static string? Problem(byte[] key)
    {
        if (key.Length is 0 or > MaxLength) return $"must be a COSE_Key of at most {MaxLength} bytes";
        Dictionary<long, object> map;
        try { map = ReadMap(key); }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException) { return "is not a CBOR-encoded COSE_Key"; }
        if (!Integer(map, Kty, out var kty) || !Integer(map, Alg, out var alg)) return "needs kty (1) and alg (3) as integers";
        var problem = (kty, alg) switch
        {
            (Ec2, _) when EcAlgorithms.TryGetValue(alg, out var ec) => EcProblem(map, ec.Crv, ec.Length, ec.Curve),
            (Rsa, _) when RsaAlgorithms.Contains(alg) => RsaProblem(map),
            (Okp, EdDsa) => Integer(map, Crv, out var crv) && crv == Ed25519 && Bytes(map, X) is { Length: 32 } ? null : "an EdDSA key needs crv 6 (Ed25519) and a 32-byte x",
            _ => $"kty {kty} with alg {alg} is not a supported algorithm",
        };
        if (problem is not null) return problem;
        // The ceremony reads the stored key with Fido2's own parser; it must agree.
        try { _ = new Fido2NetLib.Objects.CredentialPublicKey(key); }
        catch (Exception) { return "cannot be read as a credential public key"; }
        return null;
    }

    private static string? EcProblem(Dictionary<long, object> map, long crv, int length, ECCurve curve)
    {
        if (!Integer(map, Crv, out var given) || given != crv) return $"this ECDSA algorithm needs crv {crv}";
        if (Bytes(map, X) is not { } x || Bytes(map, Y) is not { } y || x.Length != length || y.Length != length)
            return $"this ECDSA key needs x and y of {length} bytes each";
        // Importing checks that the point lies on the curve: a key off it could never verify anything.
        try
        {
            using var ecdsa = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = x, Y = y } });
            return null;
        }
        catch (CryptographicException) { return "the point is not on the curve"; }
    }

    private static string? RsaProblem(Dictionary<long, object> map)
    {
        // RFC 8230 §6.1: n is -1 and e is -2; 2048 to 4096 bits, as authenticators make them.
        if (Bytes(map, -1) is not { Length: >= 256 and <= 512 } n || n[0] == 0) return "an RSA key needs a modulus n of 2048 to 4096 bits";
        if (Bytes(map, -2) is not { Length: >= 1 and <= 8 } e || e[0] == 0 || (e[^1] & 1) == 0) return "an RSA key needs an odd public exponent e";
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportParameters(new RSAParameters { Modulus = n, Exponent = e });
            return null;
        }
        catch (CryptographicException) { return "is not a usable RSA key"; }
    }

    /// <summary>The COSE_Key map with integer labels, each once, and nothing after it.</summary>
    private static Dictionary<long, object> ReadMap(byte[] key)
    {
        var reader = new CborReader(key, CborConformanceMode.Strict);
        var count = reader.ReadStartMap() ?? throw new FormatException("indefinite map");
        var map = new Dictionary<long, object>();
        for (var i = 0; i < count; i++)
        {
            if (reader.PeekState() is not (CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger)) throw new FormatException("label");
            var label = reader.ReadInt64();
            object value = reader.PeekState() switch
            {
                CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger => reader.ReadInt64(),
                CborReaderState.ByteString => reader.ReadByteString(),
                _ => Skip(reader),
            };
            if (!map.TryAdd(label, value)) throw new FormatException("duplicate label");
        }
        reader.ReadEndMap();
        if (reader.BytesRemaining != 0) throw new FormatException("trailing bytes");
        return map;
    }

    private static object Skip(CborReader reader)
    {
        reader.SkipValue();
        return false;
    }

    private static bool Integer(Dictionary<long, object> map, long label, out long value)
    {
        value = 0;
        if (!map.TryGetValue(label, out var found) || found is not long number) return false;
        value = number;
        return true;
    }

    private static byte[]? Bytes(Dictionary<long, object> map, long label) => map.TryGetValue(label, out var found) ? found as byte[] : null;
}
