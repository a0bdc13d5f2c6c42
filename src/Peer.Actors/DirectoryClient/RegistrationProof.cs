using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;

namespace Encryptio.Peer.DirectoryClient;

/// <summary>This node's answer to the directory's registration challenge (docs/protocol.md, registration).</summary>
public static class RegistrationProof
{
    /// <summary>
    /// Signs for <paramref name="directoryKey"/>, the directory key this node saw in its own TLS
    /// handshake, never for one the challenger names: a proof relayed by anyone else is then good only
    /// for the directory this node actually reached.
    /// </summary>
    public static AuthProof Sign(PeerIdentity identity, byte[] directoryKey, AuthChallenge challenge, PeerEndpoint advertised)
    {
        var transcript = AuthTranscript.Build(directoryKey, challenge.DirectoryId, challenge.Nonce.AsSpan(), identity.Uid, advertised);
        using var key = identity.Certificate.GetECDsaPrivateKey()!;
        return new AuthProof(ImmutableArray.Create(key.SignData(transcript, HashAlgorithmName.SHA384)));
    }
}
