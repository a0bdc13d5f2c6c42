using System.Buffers.Binary;
using System.Security.Cryptography;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Crypto;

/// The state of one <see cref="DoubleRatchet"/> (Signal's names: DHs, DHr, RK, CKs, CKr, Ns, Nr, PN, the
/// skipped keys) and the steps both directions share: the sending half of a DH step, the AEAD's
/// associated data and nonce, key replacement and zeroing. Sealing is in DoubleRatchet, opening in
/// <see cref="RatchetOpening"/>. Fields, not properties: the steps replace and zero the arrays in place.
internal sealed class RatchetState : IDisposable
{
    public const int AssociatedDataLength = Handshake.TranscriptHashLength;
    public const int AadLength = AssociatedDataLength + WireSizes.SealedHeaderLength;

    public readonly byte[] Ad;
    public readonly IRatchetKeySource KeySource;
    public readonly SkippedMessageKeys Skipped = new();
    public readonly byte[] RootKey = new byte[RatchetKdf.RootKeyLength];
    public ECDiffieHellman Dhs;
    public byte[] DhsPublic;
    public ECDiffieHellmanPublicKey? Dhr;
    public byte[]? DhrPublic;
    public byte[]? Cks;
    public byte[]? Ckr;
    public uint Ns;
    public uint Nr;
    public uint Pn;
    public bool Disposed;
    // A DH step whose receiving half is done and whose sending half is owed (see ReceiptDeferral).
    public bool SendingStepOwed;
    public bool OwedReleased;
    public long OwedSince;
    /// Null: Signal's order. See <see cref="DoubleRatchet.Deferral"/>.
    public ReceiptDeferral? Deferral;

    public RatchetState(ReadOnlySpan<byte> ad, ECDiffieHellman dhs, IRatchetKeySource keySource)
    {
        if (ad.Length != AssociatedDataLength)
            throw new ArgumentException($"the associated data is th, {AssociatedDataLength} bytes", nameof(ad));
        Ad = ad.ToArray();
        Dhs = dhs;
        DhsPublic = P384.ExportPublicKey(dhs);
        KeySource = keySource;
    }

    /// The sending half of a DH step, with the root key its receiving half left: at once in Signal's
    /// order, or when a <see cref="ReceiptDeferral"/> lets it be put off, at the first seal it allows.
    public void CompleteSendingStep()
    {
        var dhr = Dhr ?? throw new InvalidOperationException("a sending step needs the peer's ratchet key");
        var newDhs = KeySource.NextKeyPair();
        var dhOut = P384.DeriveSharedSecret(newDhs, dhr);
        var sendingChainKey = new byte[RatchetKdf.ChainKeyLength];
        try
        {
            RatchetKdf.RootStep(RootKey, dhOut, RootKey, sendingChainKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dhOut);
        }
        Pn = Ns;
        Ns = 0;
        ReplaceKey(ref Cks, sendingChainKey);
        Dhs.Dispose();
        Dhs = newDhs;
        DhsPublic = P384.ExportPublicKey(newDhs);
        SendingStepOwed = false;
    }

    public void BuildAad(ReadOnlySpan<byte> header, Span<byte> aad)
    {
        Ad.CopyTo(aad);
        header.CopyTo(aad[AssociatedDataLength..]);
    }

    public static ReadOnlySpan<byte> Nonce(ReadOnlySpan<byte> mk) =>
        mk.Slice(RatchetKdf.AesKeyLength, RatchetKdf.NonceLength);

    /// A chain key is exactly <see cref="RatchetKdf.ChainKeyLength"/> bytes, always derived by KDF_RK
    /// from a DH output; anything else is a bug, and it must fail here rather than derive from it.
    public static byte[] RequireChainKey(byte[] chainKey) =>
        chainKey.Length == RatchetKdf.ChainKeyLength ? chainKey : throw new InvalidOperationException("a chain key of the wrong length");

    public static void ReplaceKey(ref byte[]? slot, byte[] value)
    {
        if (slot is not null) CryptographicOperations.ZeroMemory(slot);
        slot = value;
    }

    /// A copy of the state for tests: vector comparisons and before/after fingerprints.
    public RatchetStateView Inspect() => new(
        DhsPublic.ToArray(), DhrPublic?.ToArray(), RootKey.ToArray(), Cks?.ToArray(), Ckr?.ToArray(),
        Ns, Nr, Pn, Skipped.Count);

    /// SHA-256 over every piece of ratchet state, stored skipped keys included.
    public byte[] Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(ReadOnlySpan<byte> bytes)
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }
        var view = Inspect();
        Add(view.DhsPublic);
        Add(view.DhrPublic ?? []);
        Add(view.RootKey);
        Add(view.SendingChainKey ?? []);
        Add(view.ReceivingChainKey ?? []);
        Span<byte> counters = stackalloc byte[3 * sizeof(uint)];
        BinaryPrimitives.WriteUInt32BigEndian(counters, view.Ns);
        BinaryPrimitives.WriteUInt32BigEndian(counters[4..], view.Nr);
        BinaryPrimitives.WriteUInt32BigEndian(counters[8..], view.Pn);
        Add(counters);
        Span<byte> number = stackalloc byte[sizeof(uint)];
        foreach (var (dh, n, mk) in Skipped.Entries())
        {
            Add(dh);
            BinaryPrimitives.WriteUInt32BigEndian(number, n);
            Add(number);
            Add(mk);
        }
        return hash.GetHashAndReset();
    }

    public void Dispose()
    {
        if (Disposed) return;
        Disposed = true;
        CryptographicOperations.ZeroMemory(RootKey);
        if (Cks is not null) CryptographicOperations.ZeroMemory(Cks);
        if (Ckr is not null) CryptographicOperations.ZeroMemory(Ckr);
        Skipped.Dispose();
        Dhs.Dispose();
        Dhr?.Dispose();
    }
}
