using System.Buffers.Binary;
using System.Text;

namespace App.Tests.Authenticator;

/// <summary>
/// The small subset of CBOR (RFC 8949) WebAuthn needs: maps, arrays, integers, byte and text strings.
/// Heads always use the shortest form, which together with the caller writing map keys in
/// CTAP2 order gives the CTAP2 canonical encoding WebAuthn L3 §6.5.1 and §6.5.4 ask for.
/// It writes heads without closing them, unlike System.Formats.Cbor, so tests can also build the
/// fragments and broken encodings that negative vectors need.
/// </summary>
public sealed class CborWriter
{
    private const int MajorUnsigned = 0;
    private const int MajorNegative = 1;
    private const int MajorBytes = 2;
    private const int MajorText = 3;
    private const int MajorArray = 4;
    private const int MajorMap = 5;

    private readonly MemoryStream _buffer = new();

    public CborWriter WriteMapHeader(int pairs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pairs);
        WriteHead(MajorMap, (ulong)pairs);
        return this;
    }

    public CborWriter WriteArrayHeader(int items)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(items);
        WriteHead(MajorArray, (ulong)items);
        return this;
    }

    public CborWriter WriteInt(long value)
    {
        // CBOR stores a negative n as major type 1 with argument -1 - n (RFC 8949 §3.1).
        if (value >= 0) WriteHead(MajorUnsigned, (ulong)value);
        else WriteHead(MajorNegative, (ulong)(-1 - value));
        return this;
    }

    public CborWriter WriteBytes(ReadOnlySpan<byte> value)
    {
        WriteHead(MajorBytes, (ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    public CborWriter WriteText(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        WriteHead(MajorText, (ulong)utf8.Length);
        _buffer.Write(utf8);
        return this;
    }

    public byte[] ToArray() => _buffer.ToArray();

    private void WriteHead(int major, ulong argument)
    {
        var initial = (byte)(major << 5);
        Span<byte> tail = stackalloc byte[8];
        if (argument < 24)
        {
            _buffer.WriteByte((byte)(initial | (byte)argument));
        }
        else if (argument <= byte.MaxValue)
        {
            _buffer.WriteByte((byte)(initial | 24));
            _buffer.WriteByte((byte)argument);
        }
        else if (argument <= ushort.MaxValue)
        {
            _buffer.WriteByte((byte)(initial | 25));
            BinaryPrimitives.WriteUInt16BigEndian(tail, (ushort)argument);
            _buffer.Write(tail[..2]);
        }
        else if (argument <= uint.MaxValue)
        {
            _buffer.WriteByte((byte)(initial | 26));
            BinaryPrimitives.WriteUInt32BigEndian(tail, (uint)argument);
            _buffer.Write(tail[..4]);
        }
        else
        {
            _buffer.WriteByte((byte)(initial | 27));
            BinaryPrimitives.WriteUInt64BigEndian(tail, argument);
            _buffer.Write(tail);
        }
    }
}
