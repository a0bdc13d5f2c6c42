using System.Buffers.Binary;

namespace Encryptio.Fuzz.Tests;

/// <summary>
/// A small deterministic mutator in the spirit of AFL's havoc stage: bit flips, interesting values,
/// byte inserts and deletes, block copies and splices with another corpus input. Same seed, same inputs.
/// </summary>
public sealed class Mutator(int seed, IReadOnlyList<byte[]> corpus)
{
    private static readonly int[] Interesting = [0, 1, -1, 2, 4, 16, 32, 96, 97, 105, 121, 127, 128, 255, 256, 65535, 65536, 65537, int.MaxValue, int.MinValue];
    private readonly Random _random = new(seed);

    public byte[] Next()
    {
        var data = new List<byte>(corpus[_random.Next(corpus.Count)]);
        var rounds = 1 << _random.Next(4);
        for (var i = 0; i < rounds; i++) Mutate(data);
        return [.. data];
    }

    private void Mutate(List<byte> data)
    {
        switch (_random.Next(data.Count == 0 ? 1 : 9))
        {
            case 0: // insert random bytes
                var insert = new byte[1 + _random.Next(_random.Next(2) == 0 ? 4 : 64)];
                _random.NextBytes(insert);
                data.InsertRange(_random.Next(data.Count + 1), insert);
                break;
            case 1: // flip one bit
                var at = _random.Next(data.Count);
                data[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 2: // random byte
                data[_random.Next(data.Count)] = (byte)_random.Next(256);
                break;
            case 3: // interesting 8/16/32-bit value, big-endian like the wire
                WriteInteresting(data);
                break;
            case 4: // delete a range
                var from = _random.Next(data.Count);
                data.RemoveRange(from, 1 + _random.Next(Math.Min(data.Count - from, 32)));
                break;
            case 5: // duplicate a block elsewhere
                var start = _random.Next(data.Count);
                var block = data.GetRange(start, 1 + _random.Next(Math.Min(data.Count - start, 64)));
                data.InsertRange(_random.Next(data.Count + 1), block);
                break;
            case 6: // splice: keep a head, take another input's tail
                var other = corpus[_random.Next(corpus.Count)];
                var cut = _random.Next(data.Count + 1);
                var tail = other.Length == 0 ? 0 : _random.Next(other.Length);
                data.RemoveRange(cut, data.Count - cut);
                data.AddRange(other.Skip(tail));
                break;
            case 7: // truncate
                var keep = _random.Next(data.Count);
                data.RemoveRange(keep, data.Count - keep);
                break;
            default: // arithmetic on one byte
                var i = _random.Next(data.Count);
                data[i] = (byte)(data[i] + _random.Next(-16, 17));
                break;
        }
    }

    private void WriteInteresting(List<byte> data)
    {
        var value = Interesting[_random.Next(Interesting.Length)];
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        var width = new[] { 1, 2, 4 }[_random.Next(3)];
        var at = _random.Next(data.Count);
        for (var k = 0; k < width && at + k < data.Count; k++) data[at + k] = bytes[4 - width + k];
    }
}
