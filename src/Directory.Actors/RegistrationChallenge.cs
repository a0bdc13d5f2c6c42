using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Directory;
using Encryptio.Runtime.Pki;

namespace Encryptio.Directory;

/// <summary>
/// One registration's challenge, from an accepted Register to its proof: the Register it answers, the
/// certificate that must verify the proof (parsed only until then: introductions carry the DER, kept in
/// the registry's entry), the exact bytes to sign and until when. A proof is checked once, so a nonce
/// is used once. Not an actor: its PeerLink holds it while the challenge is out.
/// </summary>
internal sealed class RegistrationChallenge : IDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly byte[] _transcript;
    private readonly DateTimeOffset _deadline;
    private bool _checked;

    private RegistrationChallenge(Register register, X509Certificate2 certificate, byte[] transcript, DateTimeOffset deadline)
    {
        Register = register;
        _certificate = certificate;
        _transcript = transcript;
        _deadline = deadline;
    }

    public Register Register { get; }

    /// <summary>
    /// The challenge for <paramref name="register"/>, or null (with the reason) when its certificate is
    /// refused. <paramref name="ownKey"/>: SHA-256 of the SubjectPublicKeyInfo of the certificate this
    /// system presents in TLS: what an honest peer saw in its own handshake with us, and so what its proof must name.
    /// </summary>
    public static RegistrationChallenge? TryIssue(Register register, byte[]? ownKey, AuthorityTrust trust, DirectorySettings settings,
        DateTimeOffset now, out string reason, out AuthChallenge? challenge)
    {
        challenge = null;
        var certificate = RegisterCheck.TryAccept(register, ownKey, trust, out reason);
        if (certificate is null) return null;
        var nonce = RandomNumberGenerator.GetBytes(AuthChallenge.NonceSize);
        var transcript = AuthTranscript.Build(ownKey!, settings.DirectoryId, nonce, register.Uid, register.P2P);
        challenge = new AuthChallenge(ImmutableArray.Create(nonce), settings.DirectoryId);
        return new RegistrationChallenge(register, certificate, transcript, now + settings.NonceLifetime);
    }

    /// <summary>Null when <paramref name="proof"/> answers this challenge in time; else why not. Only the first call checks.</summary>
    public string? Check(AuthProof proof, DateTimeOffset now)
    {
        if (_checked) return "this challenge was already answered; a nonce is used once";
        _checked = true;
        if (now > _deadline) return "challenge expired";
        return RegisterCheck.Verifies(_certificate, proof, _transcript) ? null : "the proof's signature does not verify under the certificate's key";
    }

    public void Dispose() => _certificate.Dispose();
}
