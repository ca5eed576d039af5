using System.Buffers.Binary;
using System.Text;

namespace App.Tests.Unit.Authenticator;

/// <summary>A map whose entries keep wire order, so tests can check canonical key order.</summary>
public sealed class CborMap
{
    public List<KeyValuePair<object, object?>> Entries { get; } = [];

    public IEnumerable<object> Keys => Entries.Select(e => e.Key);

    public object? this[object key] =>
        Entries.First(e => Equals(e.Key, key is int i ? (long)i : key)).Value;
}

/// <summary>
/// Test-only CBOR decoder for what the authenticator emits: integers (as long), byte strings,
/// text strings, arrays, maps, false/true/null. Rejects non-shortest heads and indefinite
/// lengths, because CTAP2 canonical CBOR forbids both.
/// </summary>
public sealed class CborReader
{
    private readonly byte[] _data;
    private int _position;

    private CborReader(byte[] data, int offset)
    {
        _data = data;
        _position = offset;
    }

    /// <summary>Decodes exactly one item that must span all of <paramref name="data"/>.</summary>
    public static object? Decode(byte[] data)
    {
        var item = Decode(data, 0, out var consumed);
        if (consumed != data.Length) throw new FormatException($"{data.Length - consumed} trailing bytes after CBOR item.");
        return item;
    }

    /// <summary>Decodes one item starting at <paramref name="offset"/>; reports how many bytes it took.</summary>
    public static object? Decode(byte[] data, int offset, out int consumed)
    {
        var reader = new CborReader(data, offset);
        var item = reader.ReadItem();
        consumed = reader._position - offset;
        return item;
    }

    private object? ReadItem()
    {
        var initial = ReadByte();
        var major = initial >> 5;
        var info = initial & 0x1F;
        if (major == 7)
        {
            return info switch
            {
                20 => false,
                21 => true,
                22 => null,
                _ => throw new FormatException($"Unsupported simple value {info}."),
            };
        }

        var argument = ReadArgument(info);
        switch (major)
        {
            case 0: return checked((long)argument);
            case 1: return -1 - checked((long)argument);
            case 2: return ReadSpan(argument).ToArray();
            case 3: return Encoding.UTF8.GetString(ReadSpan(argument));
            case 4:
                var list = new List<object?>();
                for (ulong i = 0; i < argument; i++) list.Add(ReadItem());
                return list;
            case 5:
                var map = new CborMap();
                for (ulong i = 0; i < argument; i++)
                {
                    var key = ReadItem() ?? throw new FormatException("null map key");
                    if (map.Entries.Any(e => Equals(e.Key, key))) throw new FormatException($"Duplicate map key {key}.");
                    map.Entries.Add(new(key, ReadItem()));
                }
                return map;
            default:
                throw new FormatException($"Unsupported major type {major}.");
        }
    }

    private ulong ReadArgument(int info)
    {
        ulong value;
        ulong minimum;
        switch (info)
        {
            case < 24: return (ulong)info;
            case 24: value = ReadByte(); minimum = 24; break;
            case 25: value = BinaryPrimitives.ReadUInt16BigEndian(ReadSpan(2)); minimum = 0x100; break;
            case 26: value = BinaryPrimitives.ReadUInt32BigEndian(ReadSpan(4)); minimum = 0x1_0000; break;
            case 27: value = BinaryPrimitives.ReadUInt64BigEndian(ReadSpan(8)); minimum = 0x1_0000_0000; break;
            default: throw new FormatException($"Indefinite or reserved length (additional info {info}).");
        }
        if (value < minimum) throw new FormatException("Non-shortest CBOR head (not canonical).");
        return value;
    }

    private byte ReadByte() => ReadSpan(1)[0];

    private ReadOnlySpan<byte> ReadSpan(ulong length)
    {
        if ((ulong)(_data.Length - _position) < length) throw new FormatException("Truncated CBOR.");
        var span = _data.AsSpan(_position, (int)length);
        _position += (int)length;
        return span;
    }
}
