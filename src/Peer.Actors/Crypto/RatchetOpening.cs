using System.Security.Cryptography;
using Encryptio.Messages.P2P;

namespace Encryptio.Peer.Crypto;

/// Opening a Sealed body under a <see cref="RatchetState"/>: with a stored skipped key, in the current
/// receiving chain, or after a DH step. Every change (new chain keys, skipped keys, counters) is staged
/// aside and committed only once the GCM tag has verified, so a frame that fails to open leaves the
/// state exactly as it was.
internal static class RatchetOpening
{
    /// <paramref name="plaintext"/> is exactly as long as the ciphertext.
    public static OpenFailure Open(RatchetState s, ReadOnlySpan<byte> sealedBody, uint pn, uint n, Span<byte> plaintext)
    {
        var header = sealedBody[..WireSizes.SealedHeaderLength];
        var dhPublic = header[..WireSizes.PublicKeyLength];

        if (s.Skipped.Count > 0 && s.Skipped.TryGet(dhPublic, n, out var storedKey))
        {
            if (!TryDecrypt(s, storedKey, header, sealedBody, plaintext)) return OpenFailure.TagMismatch;
            s.Skipped.Remove(dhPublic, n);
            return OpenFailure.None;
        }

        OpenFailure failure;
        if (s.DhrPublic is not null && dhPublic.SequenceEqual(s.DhrPublic))
        {
            // The dialer starts with DHr = the listener's handshake key (public, in clear in the
            // HelloReply) and no receiving chain: a frame under that key has nothing to open with.
            // Refused before any work; deriving anything here would mean a chain that no DH made.
            if (s.Ckr is null) return OpenFailure.NoChain;
            failure = OpenInCurrentChain(s, s.Ckr, s.DhrPublic, header, sealedBody, n, plaintext);
        }
        else failure = OpenWithDhStep(s, header, sealedBody, pn, n, plaintext);
        // A conversational frame ends any deferral: our next seal turns the key, as Signal's order would.
        if (failure == OpenFailure.None && s.SendingStepOwed && !ReceiptDeferral.IsReceiptOnly(plaintext)) s.OwedReleased = true;
        return failure;
    }

    /// <paramref name="receivingChain"/> is CKr and <paramref name="dhrPublic"/> DHr's bytes, both
    /// checked non-null by the caller: passed in so that no null array can reach a CopyTo (a null
    /// array converts silently to an empty span, which is how a zero chain key once got through).
    private static OpenFailure OpenInCurrentChain(RatchetState s, byte[] receivingChain, byte[] dhrPublic, ReadOnlySpan<byte> header,
        ReadOnlySpan<byte> sealedBody, uint n, Span<byte> plaintext)
    {
        if (n < s.Nr) return OpenFailure.NoKey; // used and deleted, or dropped: a replay or a very old frame
        if ((long)n - s.Nr > RatchetLimits.MaxSkipPerChain) return OpenFailure.TooManySkipped;

        Span<byte> chainKey = stackalloc byte[RatchetKdf.ChainKeyLength];
        RatchetState.RequireChainKey(receivingChain).CopyTo(chainKey);
        var skipped = new StagedKeys();
        Span<byte> mk = stackalloc byte[RatchetKdf.MessageKeyLength];
        try
        {
            skipped.Advance(dhrPublic, chainKey, s.Nr, n);
            RatchetKdf.ChainStep(chainKey, mk, chainKey);
            if (!TryDecrypt(s, mk, header, sealedBody, plaintext)) return OpenFailure.TagMismatch;

            // Every step that can throw is before the commit: the state changes all at once or not at all.
            chainKey.CopyTo(receivingChain);
            skipped.CommitTo(s.Skipped);
            s.Nr = n + 1;
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
    private static OpenFailure OpenWithDhStep(RatchetState s, ReadOnlySpan<byte> header, ReadOnlySpan<byte> sealedBody, uint pn, uint n, Span<byte> plaintext)
    {
        if (s.Ckr is not null && (long)pn - s.Nr > RatchetLimits.MaxSkipPerChain) return OpenFailure.TooManySkipped;
        if (n > RatchetLimits.MaxSkipPerChain) return OpenFailure.TooManySkipped;
        // An honest peer changes key only after seeing a new one of ours, and we have not sent one yet:
        // refused before any P-384 work, so a forged key costs nothing and changes nothing.
        if (s.SendingStepOwed) return OpenFailure.UnexpectedRatchetKey;
        if (!P384.TryImportPublicKey(header[..WireSizes.PublicKeyLength], out var newDhr)) return OpenFailure.InvalidHeaderKey;

        var newDhrPublic = header[..WireSizes.PublicKeyLength].ToArray();
        var rootKey = new byte[RatchetKdf.RootKeyLength];
        var oldChainKey = s.Ckr is null ? null : (byte[])s.Ckr.Clone();
        var chainKey = new byte[RatchetKdf.ChainKeyLength];
        var skipped = new StagedKeys();
        byte[]? dhOut = null;
        Span<byte> mk = stackalloc byte[RatchetKdf.MessageKeyLength];
        try
        {
            // A receiving chain exists only together with the key it belongs to.
            if (oldChainKey is not null) skipped.Advance(s.DhrPublic ?? throw new InvalidOperationException("a receiving chain without its key"), oldChainKey, s.Nr, pn);

            dhOut = P384.DeriveSharedSecret(s.Dhs, newDhr);
            RatchetKdf.RootStep(s.RootKey, dhOut, rootKey, chainKey);
            skipped.Advance(newDhrPublic, chainKey, 0, n);
            RatchetKdf.ChainStep(chainKey, mk, chainKey);
            if (!TryDecrypt(s, mk, header, sealedBody, plaintext)) return OpenFailure.TagMismatch;

            // The frame is authentic: commit the receiving half of the step.
            skipped.CommitTo(s.Skipped);
            s.Nr = n + 1;
            s.Dhr?.Dispose();
            s.Dhr = newDhr;
            newDhr = null;
            s.DhrPublic = newDhrPublic;
            RatchetState.ReplaceKey(ref s.Ckr, chainKey);
            chainKey = null;
            rootKey.CopyTo(s.RootKey, 0);
            OweOrCompleteSendingStep(s, plaintext);
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

    /// The sending half of the DH step just received: at once (Signal's order) unless a deferral owes it.
    private static void OweOrCompleteSendingStep(RatchetState s, ReadOnlySpan<byte> plaintext)
    {
        var deferral = s.Deferral;
        if (deferral is not null && s.Cks is not null && ReceiptDeferral.IsReceiptOnly(plaintext))
        {
            // A receipt: our new key is owed (see ReceiptDeferral).
            s.SendingStepOwed = true;
            s.OwedReleased = false;
            s.OwedSince = deferral.Clock.GetTimestamp();
            return;
        }
        if (deferral is not null && s.Cks is null)
        {
            // The listener's first step (on Ready): nothing needs its sending chain before its first
            // seal, so the ECDH for it is done then, off the path to the first message opened.
            s.SendingStepOwed = true;
            s.OwedReleased = true;
            return;
        }
        s.CompleteSendingStep();
    }

    /// <paramref name="plaintext"/> is exactly as long as the ciphertext; zeroed when the tag fails.
    private static bool TryDecrypt(RatchetState s, ReadOnlySpan<byte> mk, ReadOnlySpan<byte> header, ReadOnlySpan<byte> sealedBody, Span<byte> plaintext)
    {
        var ciphertext = sealedBody[WireSizes.SealedHeaderLength..^WireSizes.GcmTagLength];
        var tag = sealedBody[^WireSizes.GcmTagLength..];
        Span<byte> aad = stackalloc byte[RatchetState.AadLength];
        s.BuildAad(header, aad);
        try
        {
            using var gcm = new AesGcm(mk[..RatchetKdf.AesKeyLength], WireSizes.GcmTagLength);
            gcm.Decrypt(RatchetState.Nonce(mk), ciphertext, tag, plaintext, aad);
            return true;
        }
        catch (CryptographicException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            return false;
        }
    }
}
