using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace App.Credentials.Passwords.Formats;

/// <summary>
/// scrypt (RFC 7914) for imported hashes. Written here because no served package takes the salts
/// other systems wrote: NSec (libsodium) accepts only 32-byte salts, and Kratos's and passlib's are
/// 16. PBKDF2-HMAC-SHA256 comes from the framework; ROMix and Salsa20/8 follow RFC 7914 sections 3 to 5.
/// </summary>
internal static class Scrypt
{
    public static byte[] DeriveBytes(byte[] password, byte[] salt, long n, int r, int p, int length)
    {
        var blockBytes = 128 * r;
        var b = Rfc2898DeriveBytes.Pbkdf2(password, salt, 1, HashAlgorithmName.SHA256, p * blockBytes);
        var x = new uint[32 * r];
        var v = new uint[checked(32 * r * (int)n)];
        var scratch = new uint[32 * r];
        for (var i = 0; i < p; i++)
        {
            var chunk = b.AsSpan(i * blockBytes, blockBytes);
            for (var k = 0; k < x.Length; k++) x[k] = BinaryPrimitives.ReadUInt32LittleEndian(chunk[(k * 4)..]);
            RoMix(x, v, scratch, n, r);
            for (var k = 0; k < x.Length; k++) BinaryPrimitives.WriteUInt32LittleEndian(chunk[(k * 4)..], x[k]);
        }
        return Rfc2898DeriveBytes.Pbkdf2(password, b, 1, HashAlgorithmName.SHA256, length);
    }

    private static void RoMix(uint[] x, uint[] v, uint[] scratch, long n, int r)
    {
        var words = 32 * r;
        for (var i = 0; i < n; i++)
        {
            Array.Copy(x, 0, v, i * words, words);
            BlockMix(x, scratch, r);
        }
        for (var i = 0; i < n; i++)
        {
            // Integerify: the first word of the last 64-byte block, modulo N (a power of two).
            var j = (int)(x[(2 * r - 1) * 16] & (uint)(n - 1));
            for (var k = 0; k < words; k++) x[k] ^= v[j * words + k];
            BlockMix(x, scratch, r);
        }
    }

    private static void BlockMix(uint[] b, uint[] y, int r)
    {
        Span<uint> t = stackalloc uint[16];
        b.AsSpan((2 * r - 1) * 16, 16).CopyTo(t);
        for (var i = 0; i < 2 * r; i++)
        {
            for (var k = 0; k < 16; k++) t[k] ^= b[i * 16 + k];
            Salsa208(t);
            // Even blocks go to the first half, odd ones to the second.
            t.CopyTo(y.AsSpan(((i & 1) * r + i / 2) * 16, 16));
        }
        Array.Copy(y, b, 32 * r);
    }

    private static void Salsa208(Span<uint> block)
    {
        Span<uint> x = stackalloc uint[16];
        block.CopyTo(x);
        for (var round = 0; round < 8; round += 2)
        {
            Quarter(x, 4, 0, 12, 7); Quarter(x, 8, 4, 0, 9); Quarter(x, 12, 8, 4, 13); Quarter(x, 0, 12, 8, 18);
            Quarter(x, 9, 5, 1, 7); Quarter(x, 13, 9, 5, 9); Quarter(x, 1, 13, 9, 13); Quarter(x, 5, 1, 13, 18);
            Quarter(x, 14, 10, 6, 7); Quarter(x, 2, 14, 10, 9); Quarter(x, 6, 2, 14, 13); Quarter(x, 10, 6, 2, 18);
            Quarter(x, 3, 15, 11, 7); Quarter(x, 7, 3, 15, 9); Quarter(x, 11, 7, 3, 13); Quarter(x, 15, 11, 7, 18);
            Quarter(x, 1, 0, 3, 7); Quarter(x, 2, 1, 0, 9); Quarter(x, 3, 2, 1, 13); Quarter(x, 0, 3, 2, 18);
            Quarter(x, 6, 5, 4, 7); Quarter(x, 7, 6, 5, 9); Quarter(x, 4, 7, 6, 13); Quarter(x, 5, 4, 7, 18);
            Quarter(x, 11, 10, 9, 7); Quarter(x, 8, 11, 10, 9); Quarter(x, 9, 8, 11, 13); Quarter(x, 10, 9, 8, 18);
            Quarter(x, 12, 15, 14, 7); Quarter(x, 13, 12, 15, 9); Quarter(x, 14, 13, 12, 13); Quarter(x, 15, 14, 13, 18);
        }
        for (var i = 0; i < 16; i++) block[i] += x[i];
    }

    // x[target] ^= rotl(x[a] + x[b], bits): one step of the Salsa20 core.
    private static void Quarter(Span<uint> x, int target, int a, int b, int bits) =>
        x[target] ^= BitOperations.RotateLeft(x[a] + x[b], bits);
}
