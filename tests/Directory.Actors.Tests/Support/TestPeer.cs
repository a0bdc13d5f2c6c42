using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.TestKit;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Tests.Support;

/// <summary>A probe playing a registered peer, and the PeerLink that answers it.</summary>
public sealed record TestPeer(Uid Uid, TestProbe Probe, IActorRef Link, X509Certificate2 Certificate, PeerEndpoint Endpoint)
{
    public ImmutableArray<byte> CertificateDer => ImmutableArray.Create(Certificate.RawData);

    /// <summary>Sends as the peer, to its own PeerLink.</summary>
    public void Say(object message) => Probe.Send(Link, message);
}
