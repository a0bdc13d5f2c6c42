using System.Buffers.Binary;
using System.Security.Cryptography;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Crypto;

/// Signal's Double Ratchet over P-384 for one link (PROTOCOL.md section 4). Not thread-safe: one actor
/// owns it. TryOpen stages every change (new chain keys, skipped keys, counters) aside and commits only
/// once the GCM tag has verified, so a frame that fails to open leaves the state exactly as it was.
public sealed class DoubleRatchet : ILinkCipher
{
    private const int AssociatedDataLength = Handshake.TranscriptHashLength;
    private const int AadLength = AssociatedDataLength + WireSizes.SealedHeaderLength;

    private readonly byte[] _ad;
    private readonly IRatchetKeySource _keySource;
    private readonly SkippedMessageKeys _skipped = new();
    private readonly byte[] _rk = new byte[RatchetKdf.RootKeyLength];
    private ECDiffieHellman _dhs;
    private byte[] _dhsPublic;
    private ECDiffieHellmanPublicKey? _dhr;
    private byte[]? _dhrPublic;
    private byte[]? _cks;
    private byte[]? _ckr;
    private uint _ns;
    private uint _nr;
    private uint _pn;
    private bool _disposed;
    // A DH step whose receiving half is done and whose sending half is owed (see ReceiptDeferral).
    private bool _sendingStepOwed;
    private bool _owedReleased;
    private long _owedSince;

    private DoubleRatchet(ReadOnlySpan<byte> ad, ECDiffieHellman dhs, IRatchetKeySource keySource)
    {
        if (ad.Length != AssociatedDataLength)
            throw new ArgumentException($"the associated data is th, {AssociatedDataLength} bytes", nameof(ad));
        _ad = ad.ToArray();
        _dhs = dhs;
        _dhsPublic = P384.ExportPublicKey(dhs);
        _keySource = keySource;
    }

    /// Frames that failed to open on this link; the link closes at <see cref="RatchetLimits.MaxFailedOpensPerLink"/>.
    public int FailedOpens { get; private set; }

    public bool TooManyFailedOpens => FailedOpens >= RatchetLimits.MaxFailedOpensPerLink;

    /// True once there is a sending chain: at once for the dialer, after Ready arrives for the listener.
    public bool CanSeal => _cks is not null || _sendingStepOwed;

    /// <summary>
    /// Null (the default, and what the vectors test): Signal's order, a new sending key at every DH
    /// step. Set by the session before the first frame opens to let receipts skip the sending half.
    /// </summary>
    public ReceiptDeferral? Deferral { get; set; }

    /// True while our new ratchet key is owed: we still seal under the previous one.
    public bool SendingStepOwed => _sendingStepOwed;

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
        var dhr = listenerRatchet;
        var ratchet = new DoubleRatchet(ad, keySource.NextKeyPair(), keySource);
        ratchet._dhr = dhr;
        ratchet._dhrPublic = listenerRatchetPublic.ToArray();
        ratchet._cks = new byte[RatchetKdf.ChainKeyLength];
        var dhOut = P384.DeriveSharedSecret(ratchet._dhs, dhr);
        RatchetKdf.RootStep(root, dhOut, ratchet._rk, ratchet._cks);
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
        root.CopyTo(ratchet._rk);
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
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!CanSeal) throw new InvalidOperationException("no sending chain yet: the listener sends only after Ready arrives");
        if (payloadLength > WireSizes.MaxSealedPayloadLength)
            throw new ArgumentException($"a payload holds at most {WireSizes.MaxSealedPayloadLength} bytes", "payload");
    }

    /// <paramref name="frame"/> is exactly <see cref="SealedFrameLength"/> bytes.
    private void SealCore(ReadOnlySpan<byte> payload, Span<byte> frame)
    {
        if (_sendingStepOwed && (_owedReleased || Deferral is null || Deferral.Clock.GetElapsedTime(_owedSince) >= Deferral.MaxHold))
            CompleteSendingStep();
        var bodyLength = WireSizes.MinSealedBodyLength + payload.Length;
        var body = frame[FrameEncoder.WriteHeader(FrameType.Sealed, bodyLength, frame)..];
        var header = body[..WireSizes.SealedHeaderLength];
        SealedHeaderCodec.Write(_dhsPublic, _pn, _ns, header);

        // Never a null (empty-span) key: CanSeal was checked and the owed step has just made the chain.
        var sendingChain = RequireChainKey(_cks ?? throw new InvalidOperationException("no sending chain"));
        Span<byte> mk = stackalloc byte[RatchetKdf.MessageKeyLength];
        RatchetKdf.ChainStep(sendingChain, mk, sendingChain);
        try
        {
            Span<byte> aad = stackalloc byte[AadLength];
            BuildAad(header, aad);
            using var gcm = new AesGcm(mk[..RatchetKdf.AesKeyLength], WireSizes.GcmTagLength);
            gcm.Encrypt(Nonce(mk), payload, body.Slice(WireSizes.SealedHeaderLength, payload.Length), body[^WireSizes.GcmTagLength..], aad);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(mk);
        }
        _ns++;
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
        if (_disposed) return Failed(OpenFailure.Disposed, out failure);
        if (!SealedHeaderCodec.TryReadCounters(sealedBody, out var pn, out var n)) return Failed(OpenFailure.TooShort, out failure);

        var length = PayloadLength(sealedBody.Length);
        if (destination.Length < length)
            throw new ArgumentException($"the payload needs {length} bytes, the destination has {destination.Length}", nameof(destination));
        if (destination.Overlaps(sealedBody))
            throw new ArgumentException("the destination overlaps the sealed body", nameof(destination));
        var plaintext = destination[..length];

        var header = sealedBody[..WireSizes.SealedHeaderLength];
        var dhPublic = header[..WireSizes.PublicKeyLength];

        if (_skipped.Count > 0 && _skipped.TryGet(dhPublic, n, out var storedKey))
        {
            if (!TryDecrypt(storedKey, header, sealedBody, plaintext)) return Failed(OpenFailure.TagMismatch, out failure);
            _skipped.Remove(dhPublic, n);
            payloadLength = length;
            return Opened(out failure);
        }

        if (_dhrPublic is not null && dhPublic.SequenceEqual(_dhrPublic))
        {
            // The dialer starts with DHr = the listener's handshake key (public, in clear in the
            // HelloReply) and no receiving chain: a frame under that key has nothing to open with.
            // Refused before any work; deriving anything here would mean a chain that no DH made.
            if (_ckr is null) return Failed(OpenFailure.NoChain, out failure);
            failure = OpenInCurrentChain(_ckr, _dhrPublic, header, sealedBody, n, plaintext);
        }
        else failure = OpenWithDhStep(header, sealedBody, pn, n, plaintext);
        if (failure != OpenFailure.None) return Failed(failure, out failure);
        payloadLength = length;
        // A conversational frame ends any deferral: our next seal turns the key, as Signal's order would.
        if (_sendingStepOwed && !ReceiptDeferral.IsReceiptOnly(plaintext)) _owedReleased = true;
        return Opened(out failure);
    }

    /// <paramref name="receivingChain"/> is <c>_ckr</c> and <paramref name="dhrPublic"/> <c>_dhrPublic</c>,
    /// both checked non-null by the caller: passed in so that no null array can reach a CopyTo (a null
    /// array converts silently to an empty span, which is how a zero chain key once got through).
    private OpenFailure OpenInCurrentChain(byte[] receivingChain, byte[] dhrPublic, ReadOnlySpan<byte> header,
        ReadOnlySpan<byte> sealedBody, uint n, Span<byte> plaintext)
    {
        if (n < _nr) return OpenFailure.NoKey; // used and deleted, or dropped: a replay or a very old frame
        if ((long)n - _nr > RatchetLimits.MaxSkipPerChain) return OpenFailure.TooManySkipped;

        Span<byte> chainKey = stackalloc byte[RatchetKdf.ChainKeyLength];
        RequireChainKey(receivingChain).CopyTo(chainKey);
        var skipped = new StagedKeys();
        Span<byte> mk = stackalloc byte[RatchetKdf.MessageKeyLength];
        try
        {
            skipped.Advance(dhrPublic, chainKey, _nr, n);
            RatchetKdf.ChainStep(chainKey, mk, chainKey);
            if (!TryDecrypt(mk, header, sealedBody, plaintext)) return OpenFailure.TagMismatch;

            // Every step that can throw is before the commit: the state changes all at once or not at all.
            chainKey.CopyTo(receivingChain);
            skipped.CommitTo(_skipped);
            _nr = n + 1;
            return OpenFailure.None;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(mk);
            CryptographicOperations.ZeroMemory(chainKey);
            skipped.Clear();
        }
    }

    /// A new ratchet key from the peer: store what is left of the old receiving chain (up to pn),
    /// derive the new receiving chain, and only once the frame opens make a new sending key pair.
    private OpenFailure OpenWithDhStep(ReadOnlySpan<byte> header, ReadOnlySpan<byte> sealedBody, uint pn, uint n, Span<byte> plaintext)
    {
        if (_ckr is not null && (long)pn - _nr > RatchetLimits.MaxSkipPerChain) return OpenFailure.TooManySkipped;
        if (n > RatchetLimits.MaxSkipPerChain) return OpenFailure.TooManySkipped;
        // An honest peer changes key only after seeing a new one of ours, and we have not sent one yet:
        // refused before any P-384 work, so a forged key costs nothing and changes nothing.
        if (_sendingStepOwed) return OpenFailure.UnexpectedRatchetKey;
        if (!P384.TryImportPublicKey(header[..WireSizes.PublicKeyLength], out var newDhr)) return OpenFailure.InvalidHeaderKey;

        var newDhrPublic = header[..WireSizes.PublicKeyLength].ToArray();
        var rootKey = new byte[RatchetKdf.RootKeyLength];
        var oldChainKey = _ckr is null ? null : (byte[])_ckr.Clone();
        var chainKey = new byte[RatchetKdf.ChainKeyLength];
        var skipped = new StagedKeys();
        byte[]? dhOut = null;
        Span<byte> mk = stackalloc byte[RatchetKdf.MessageKeyLength];
        try
        {
            // A receiving chain exists only together with the key it belongs to.
            if (oldChainKey is not null) skipped.Advance(_dhrPublic ?? throw new InvalidOperationException("a receiving chain without its key"), oldChainKey, _nr, pn);

            dhOut = P384.DeriveSharedSecret(_dhs, newDhr);
            RatchetKdf.RootStep(_rk, dhOut, rootKey, chainKey);
            skipped.Advance(newDhrPublic, chainKey, 0, n);
            RatchetKdf.ChainStep(chainKey, mk, chainKey);
            if (!TryDecrypt(mk, header, sealedBody, plaintext)) return OpenFailure.TagMismatch;

            // The frame is authentic: commit the receiving half of the step.
            skipped.CommitTo(_skipped);
            _nr = n + 1;
            _dhr?.Dispose();
            _dhr = newDhr;
            newDhr = null;
            _dhrPublic = newDhrPublic;
            ReplaceKey(ref _ckr, chainKey);
            chainKey = null;
            rootKey.CopyTo(_rk, 0);

            if (Deferral is not null && _cks is not null && ReceiptDeferral.IsReceiptOnly(plaintext))
            {
                // A receipt: our new key is owed (see ReceiptDeferral).
                _sendingStepOwed = true;
                _owedReleased = false;
                _owedSince = Deferral.Clock.GetTimestamp();
                return OpenFailure.None;
            }
            if (Deferral is not null && _cks is null)
            {
                // The listener's first step (on Ready): nothing needs its sending chain before its first
                // seal, so the ECDH for it is done then, off the path to the first message opened.
                _sendingStepOwed = true;
                _owedReleased = true;
                return OpenFailure.None;
            }
            // Signal's order: the sending half at once.
            CompleteSendingStep();
            return OpenFailure.None;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(mk);
            CryptographicOperations.ZeroMemory(rootKey);
            if (dhOut is not null) CryptographicOperations.ZeroMemory(dhOut);
            if (oldChainKey is not null) CryptographicOperations.ZeroMemory(oldChainKey);
            if (chainKey is not null) CryptographicOperations.ZeroMemory(chainKey);
            newDhr?.Dispose();
            skipped.Clear();
        }
    }

    /// The sending half of a DH step, with the root key its receiving half left: at once in Signal's
    /// order, or when a <see cref="ReceiptDeferral"/> lets it be put off, at the first seal it allows.
    private void CompleteSendingStep()
    {
        var dhr = _dhr ?? throw new InvalidOperationException("a sending step needs the peer's ratchet key");
        var newDhs = _keySource.NextKeyPair();
        var dhOut = P384.DeriveSharedSecret(newDhs, dhr);
        var sendingChainKey = new byte[RatchetKdf.ChainKeyLength];
        try
        {
            RatchetKdf.RootStep(_rk, dhOut, _rk, sendingChainKey);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dhOut);
        }
        _pn = _ns;
        _ns = 0;
        ReplaceKey(ref _cks, sendingChainKey);
        _dhs.Dispose();
        _dhs = newDhs;
        _dhsPublic = P384.ExportPublicKey(newDhs);
        _sendingStepOwed = false;
    }

    /// <paramref name="plaintext"/> is exactly as long as the ciphertext; zeroed when the tag fails.
    private bool TryDecrypt(ReadOnlySpan<byte> mk, ReadOnlySpan<byte> header, ReadOnlySpan<byte> sealedBody, Span<byte> plaintext)
    {
        var ciphertext = sealedBody[WireSizes.SealedHeaderLength..^WireSizes.GcmTagLength];
        var tag = sealedBody[^WireSizes.GcmTagLength..];
        Span<byte> aad = stackalloc byte[AadLength];
        BuildAad(header, aad);
        try
        {
            using var gcm = new AesGcm(mk[..RatchetKdf.AesKeyLength], WireSizes.GcmTagLength);
            gcm.Decrypt(Nonce(mk), ciphertext, tag, plaintext, aad);
            return true;
        }
        catch (CryptographicException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            return false;
        }
    }

    private void BuildAad(ReadOnlySpan<byte> header, Span<byte> aad)
    {
        _ad.CopyTo(aad);
        header.CopyTo(aad[AssociatedDataLength..]);
    }

    private static ReadOnlySpan<byte> Nonce(ReadOnlySpan<byte> mk) =>
        mk.Slice(RatchetKdf.AesKeyLength, RatchetKdf.NonceLength);

    /// A chain key is exactly <see cref="RatchetKdf.ChainKeyLength"/> bytes, always derived by KDF_RK
    /// from a DH output; anything else is a bug, and it must fail here rather than derive from it.
    private static byte[] RequireChainKey(byte[] chainKey) =>
        chainKey.Length == RatchetKdf.ChainKeyLength ? chainKey : throw new InvalidOperationException("a chain key of the wrong length");

    private static void ReplaceKey(ref byte[]? slot, byte[] value)
    {
        if (slot is not null) CryptographicOperations.ZeroMemory(slot);
        slot = value;
    }

    private static void RequireRootLength(ReadOnlySpan<byte> root)
    {
        if (root.Length != RatchetKdf.RootKeyLength)
            throw new ArgumentException($"the root key is {RatchetKdf.RootKeyLength} bytes", nameof(root));
    }

    private static bool Opened(out OpenFailure failure)
    {
        failure = OpenFailure.None;
        return true;
    }

    private bool Failed(OpenFailure why, out OpenFailure failure)
    {
        FailedOpens++;
        failure = why;
        return false;
    }

    /// A copy of the state for tests: vector comparisons and before/after fingerprints.
    internal RatchetStateView Inspect() => new(
        _dhsPublic.ToArray(), _dhrPublic?.ToArray(), _rk.ToArray(), _cks?.ToArray(), _ckr?.ToArray(),
        _ns, _nr, _pn, _skipped.Count);

    /// SHA-256 over every piece of ratchet state, stored skipped keys included.
    internal byte[] Fingerprint()
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
        foreach (var (dh, n, mk) in _skipped.Entries())
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
        if (_disposed) return;
        _disposed = true;
        CryptographicOperations.ZeroMemory(_rk);
        if (_cks is not null) CryptographicOperations.ZeroMemory(_cks);
        if (_ckr is not null) CryptographicOperations.ZeroMemory(_ckr);
        _skipped.Dispose();
        _dhs.Dispose();
        _dhr?.Dispose();
    }
}
