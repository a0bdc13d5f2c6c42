using System.Security.Cryptography;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Crypto;

/// Signal's Double Ratchet over P-384 for one link (PROTOCOL.md section 4). Not thread-safe: one actor
/// owns it. Its state and the steps both directions share are in <see cref="RatchetState"/>; this file
/// starts a ratchet and seals; <see cref="RatchetOpening"/> opens, staging every change aside and
/// committing only once the GCM tag has verified, so a frame that fails to open leaves the state
/// exactly as it was.
public sealed class DoubleRatchet : ILinkCipher
{
    private readonly RatchetState _s;

    private DoubleRatchet(ReadOnlySpan<byte> ad, ECDiffieHellman dhs, IRatchetKeySource keySource) =>
        _s = new RatchetState(ad, dhs, keySource);

    /// Frames that failed to open on this link; the link closes at <see cref="RatchetLimits.MaxFailedOpensPerLink"/>.
    public int FailedOpens { get; private set; }

    public bool TooManyFailedOpens => FailedOpens >= RatchetLimits.MaxFailedOpensPerLink;

    /// True once there is a sending chain: at once for the dialer, after Ready arrives for the listener.
    public bool CanSeal => _s.Cks is not null || _s.SendingStepOwed;

    /// <summary>
    /// Null (the default, and what the vectors test): Signal's order, a new sending key at every DH
    /// step. Set by the session before the first frame opens to let receipts skip the sending half.
    /// </summary>
    public ReceiptDeferral? Deferral
    {
        get => _s.Deferral;
        set => _s.Deferral = value;
    }

    /// True while our new ratchet key is owed: we still seal under the previous one.
    public bool SendingStepOwed => _s.SendingStepOwed;

    /// Signal's RatchetInitAlice: a fresh ratchet key pair (never ephD), DHr = ephL,
    /// (rk, CKs) = KDF_RK(root, DH(DHs, ephL)).
    public static DoubleRatchet InitializeAsDialer(ReadOnlySpan<byte> root, ReadOnlySpan<byte> ad,
        ReadOnlySpan<byte> listenerRatchetPublic, IRatchetKeySource keySource)
    {
        ArgumentNullException.ThrowIfNull(keySource);
        RequireRootLength(root);
        if (!P384.TryImportPublicKey(listenerRatchetPublic, out var dhr))
            throw new ArgumentException("the listener's ratchet key is not a P-384 point", nameof(listenerRatchetPublic));
        return InitializeAsDialer(root, ad, listenerRatchetPublic, dhr, keySource);
    }

    /// As above, with the listener's key already imported (the handshake has just checked it): an
    /// import checks the point, which costs nearly as much as an ECDH, so it is done once. The ratchet
    /// takes ownership of <paramref name="listenerRatchet"/>.
    internal static DoubleRatchet InitializeAsDialer(ReadOnlySpan<byte> root, ReadOnlySpan<byte> ad,
        ReadOnlySpan<byte> listenerRatchetPublic, ECDiffieHellmanPublicKey listenerRatchet, IRatchetKeySource keySource)
    {
        RequireRootLength(root);
        var ratchet = new DoubleRatchet(ad, keySource.NextKeyPair(), keySource);
        var s = ratchet._s;
        s.Dhr = listenerRatchet;
        s.DhrPublic = listenerRatchetPublic.ToArray();
        s.Cks = new byte[RatchetKdf.ChainKeyLength];
        var dhOut = P384.DeriveSharedSecret(s.Dhs, listenerRatchet);
        RatchetKdf.RootStep(root, dhOut, s.RootKey, s.Cks);
        CryptographicOperations.ZeroMemory(dhOut);
        return ratchet;
    }

    /// Signal's RatchetInitBob: DHs = the handshake ephemeral ephL (ownership passes to the ratchet),
    /// rk = root, no chains until the dialer's first frame arrives.
    public static DoubleRatchet InitializeAsListener(ReadOnlySpan<byte> root, ReadOnlySpan<byte> ad,
        ECDiffieHellman listenerEphemeral, IRatchetKeySource keySource)
    {
        ArgumentNullException.ThrowIfNull(listenerEphemeral);
        ArgumentNullException.ThrowIfNull(keySource);
        RequireRootLength(root);
        var ratchet = new DoubleRatchet(ad, listenerEphemeral, keySource);
        root.CopyTo(ratchet._s.RootKey);
        return ratchet;
    }

    /// Bytes of the whole Sealed frame (length and type included) that a payload of this length seals to.
    public static int SealedFrameLength(int payloadLength) =>
        FrameEncoder.FrameLength(WireSizes.MinSealedBodyLength + payloadLength);

    /// Bytes of plaintext in a Sealed body of this length; negative for a body too short to open.
    public static int PayloadLength(int sealedBodyLength) => sealedBodyLength - WireSizes.MinSealedBodyLength;

    /// Encrypts one payload and returns the whole Sealed frame (u32 len | 03 | header | ciphertext | tag).
    public byte[] Seal(ReadOnlySpan<byte> payload)
    {
        RequireCanSeal(payload.Length);
        // Every byte is written below (frame header, sealed header, ciphertext, tag): no need to zero it first.
        var frame = GC.AllocateUninitializedArray<byte>(SealedFrameLength(payload.Length));
        SealCore(payload, frame);
        return frame;
    }

    /// Encrypts one payload into <paramref name="destination"/> (a pooled buffer, say) and returns the
    /// length of the Sealed frame written there: the same bytes <see cref="Seal(ReadOnlySpan{byte})"/>
    /// returns. The destination holds at least <see cref="SealedFrameLength"/> bytes and does not
    /// overlap the payload.
    public int Seal(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        RequireCanSeal(payload.Length);
        var length = SealedFrameLength(payload.Length);
        if (destination.Length < length)
            throw new ArgumentException($"the frame needs {length} bytes, the destination has {destination.Length}", nameof(destination));
        if (destination.Overlaps(payload))
            throw new ArgumentException("the destination overlaps the payload", nameof(destination));
        SealCore(payload, destination[..length]);
        return length;
    }

    private void RequireCanSeal(int payloadLength)
    {
        ObjectDisposedException.ThrowIf(_s.Disposed, this);
        if (!CanSeal) throw new InvalidOperationException("no sending chain yet: the listener sends only after Ready arrives");
        if (payloadLength > WireSizes.MaxSealedPayloadLength)
            throw new ArgumentException($"a payload holds at most {WireSizes.MaxSealedPayloadLength} bytes", "payload");
    }

    /// <paramref name="frame"/> is exactly <see cref="SealedFrameLength"/> bytes.
    private void SealCore(ReadOnlySpan<byte> payload, Span<byte> frame)
    {
        var s = _s;
        if (s.SendingStepOwed && (s.OwedReleased || s.Deferral is null || s.Deferral.Clock.GetElapsedTime(s.OwedSince) >= s.Deferral.MaxHold))
            s.CompleteSendingStep();
        var bodyLength = WireSizes.MinSealedBodyLength + payload.Length;
        var body = frame[FrameEncoder.WriteHeader(FrameType.Sealed, bodyLength, frame)..];
        var header = body[..WireSizes.SealedHeaderLength];
        SealedHeaderCodec.Write(s.DhsPublic, s.Pn, s.Ns, header);

        // Never a null (empty-span) key: CanSeal was checked and the owed step has just made the chain.
        var sendingChain = RatchetState.RequireChainKey(s.Cks ?? throw new InvalidOperationException("no sending chain"));
        Span<byte> mk = stackalloc byte[RatchetKdf.MessageKeyLength];
        RatchetKdf.ChainStep(sendingChain, mk, sendingChain);
        try
        {
            Span<byte> aad = stackalloc byte[RatchetState.AadLength];
            s.BuildAad(header, aad);
            using var gcm = new AesGcm(mk[..RatchetKdf.AesKeyLength], WireSizes.GcmTagLength);
            gcm.Encrypt(RatchetState.Nonce(mk), payload, body.Slice(WireSizes.SealedHeaderLength, payload.Length), body[^WireSizes.GcmTagLength..], aad);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(mk);
        }
        s.Ns++;
    }

    public bool TryOpen(ReadOnlySpan<byte> sealedBody, out byte[] payload) => TryOpen(sealedBody, out payload, out _);

    /// Decrypts a Sealed body (the frame without length and type). On failure nothing changes but
    /// <see cref="FailedOpens"/>.
    public bool TryOpen(ReadOnlySpan<byte> sealedBody, out byte[] payload, out OpenFailure failure)
    {
        payload = [];
        var length = PayloadLength(sealedBody.Length);
        // Decrypt writes every byte before the array is handed out; on failure it is dropped.
        var plaintext = length > 0 ? GC.AllocateUninitializedArray<byte>(length) : [];
        if (!TryOpen(sealedBody, plaintext, out _, out failure)) return false;
        payload = plaintext;
        return true;
    }

    /// Decrypts a Sealed body into <paramref name="destination"/> (a pooled buffer, say), which holds
    /// at least <see cref="PayloadLength"/> bytes (any 64 KiB buffer does) and does not overlap the
    /// body. Same outcome as the array overload; on failure the destination's first
    /// <see cref="PayloadLength"/> bytes may have been zeroed.
    public bool TryOpen(ReadOnlySpan<byte> sealedBody, Span<byte> destination, out int payloadLength, out OpenFailure failure)
    {
        payloadLength = 0;
        if (_s.Disposed) return Failed(OpenFailure.Disposed, out failure);
        if (!SealedHeaderCodec.TryReadCounters(sealedBody, out var pn, out var n)) return Failed(OpenFailure.TooShort, out failure);

        var length = PayloadLength(sealedBody.Length);
        if (destination.Length < length)
            throw new ArgumentException($"the payload needs {length} bytes, the destination has {destination.Length}", nameof(destination));
        if (destination.Overlaps(sealedBody))
            throw new ArgumentException("the destination overlaps the sealed body", nameof(destination));

        failure = RatchetOpening.Open(_s, sealedBody, pn, n, destination[..length]);
        if (failure != OpenFailure.None) return Failed(failure, out failure);
        payloadLength = length;
        return true;
    }

    private static void RequireRootLength(ReadOnlySpan<byte> root)
    {
        if (root.Length != RatchetKdf.RootKeyLength)
            throw new ArgumentException($"the root key is {RatchetKdf.RootKeyLength} bytes", nameof(root));
    }

    private bool Failed(OpenFailure why, out OpenFailure failure)
    {
        FailedOpens++;
        failure = why;
        return false;
    }

    /// A copy of the state for tests: vector comparisons and before/after fingerprints.
    internal RatchetStateView Inspect() => _s.Inspect();

    /// SHA-256 over every piece of ratchet state, stored skipped keys included.
    internal byte[] Fingerprint() => _s.Fingerprint();

    public void Dispose() => _s.Dispose();
}
