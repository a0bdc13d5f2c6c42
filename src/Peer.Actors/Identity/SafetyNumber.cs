using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Encryptio.Messages.Identity;

namespace Encryptio.Peer.Identity;

/// <summary>
/// A safety number in the manner of Signal's: each party's identity key and UID are hashed
/// (SHA-512, iterated to make a targeted collision costly) into 30 digits; the two halves are
/// ordered by UID so both sides print the same 60 digits, in 12 blocks of 5.
/// </summary>
public static class SafetyNumber
{
    private const int Iterations = 5200;
    private const int ChunksPerParty = 6;
    private static readonly byte[] Version = "encryptio/safety-number/v1"u8.ToArray();

    public static string Compute(Uid a, ReadOnlySpan<byte> aPublicKey, Uid b, ReadOnlySpan<byte> bPublicKey)
    {
        var first = Digits(a, aPublicKey);
        var second = Digits(b, bPublicKey);
        var ordered = a.CompareTo(b) <= 0 ? first + second : second + first;
        return string.Join(' ', Enumerable.Range(0, ordered.Length / 5).Select(i => ordered.Substring(i * 5, 5)));
    }

    private static string Digits(Uid uid, ReadOnlySpan<byte> publicKey)
    {
        var uidBytes = Encoding.UTF8.GetBytes(uid.Value);
        byte[] hash = [.. Version, .. publicKey, .. uidBytes];
        for (var i = 0; i < Iterations; i++)
            hash = SHA512.HashData([.. hash, .. publicKey]);
        var digits = new StringBuilder(ChunksPerParty * 5);
        Span<byte> five = stackalloc byte[8];
        for (var chunk = 0; chunk < ChunksPerParty; chunk++)
        {
            five.Clear();
            hash.AsSpan(chunk * 5, 5).CopyTo(five[3..]);
            digits.Append((BinaryPrimitives.ReadUInt64BigEndian(five) % 100_000).ToString("D5"));
        }
        return digits.ToString();
    }
}
