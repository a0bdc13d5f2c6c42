using Akka.Actor;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Encryptio.Directory.Relay;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;

namespace Encryptio.Directory;

/// <summary>Starts a directory's actors on an ActorSystem the Host made with NodeSystem.Create.</summary>
public static class DirectoryNode
{
    public const string GateName = "directory";
    public const string RegistryName = "registry";
    public const string ProposalsName = "proposals";
    public const string PeersName = "peers";

    /// <summary>
    /// The user guardian strategy a directory needs, as HOCON for the Host to lay under its config.
    /// Without it Akka's default stops /user/directory (and the registry) on a peer's forged Kill.
    /// </summary>
    public const string GuardianHocon =
        "akka.actor.guardian-supervisor-strategy = \"Encryptio.Directory.Supervision.DirectoryGuardianStrategy, Encryptio.Directory.Actors\"";

    /// <summary>
    /// Creates /user/registry, /user/proposals, /user/peers and, last, /user/directory, so no Register
    /// can arrive before the actors behind the gate exist. Returns the gate.
    /// </summary>
    /// <param name="revocations">Polled every <see cref="DirectorySettings.RevocationPoll"/> to drop live registrations of revoked certificates; null for none.</param>
    /// <param name="registry">
    /// The registry seam: null for a single node (a local <see cref="Registry"/> at /user/registry, as
    /// always); a clustered node passes its <see cref="Cluster.ClusterRegistry"/>, an actor of the
    /// internal cluster system that speaks the same protocol (and polls <paramref name="revocations"/> itself).
    /// </param>
    /// <param name="relay">The node's relay (started by <see cref="StartRelay"/>); null when it runs none.</param>
    public static IActorRef Start(ActorSystem system, DirectorySettings settings, AuthorityTrust trust, IRevocations? revocations = null, IActorRef? registry = null,
        RelayReference? relay = null)
    {
        settings.Validate();
        var guardian = system.Settings.Config.GetString("akka.actor.guardian-supervisor-strategy", "");
        if (!guardian.StartsWith(typeof(Supervision.DirectoryGuardianStrategy).FullName!, StringComparison.Ordinal))
            system.Log.Warning("directory: the user guardian strategy is '{0}', not DirectoryGuardianStrategy; a forged Kill would stop /user/directory. Add: {1}", guardian, GuardianHocon);
        // A clustered registry also matches fresh relay requests cluster-wide, with any node's relay.
        var clustered = registry is not null;
        if (clustered && relay is not null) registry!.Tell(new Cluster.ClusterRenewals.UseRelay(relay));
        registry ??= system.ActorOf(Registry.Props(revocations, settings.RevocationPoll), RegistryName);
        var proposals = system.ActorOf(Proposals.Props(settings, registry, relay, clustered ? registry : null), ProposalsName);
        var peers = system.ActorOf(PeerLinks.Props(settings, trust, registry, proposals), PeersName);
        return system.ActorOf(DirectoryGate.Props(peers), GateName);
    }

    /// <summary>
    /// Binds the relay port (<paramref name="port"/> 0 picks a free one) and starts /user/relay. Peers
    /// are told to reach it at <paramref name="advertisedHost"/> and the bound port. Bind errors throw
    /// here, before anything else starts.
    /// </summary>
    public static RelayReference StartRelay(ActorSystem system, RelaySettings settings, string bindHost, string advertisedHost, int port,
        X509Certificate2 certificate, AuthorityTrust trust, PeerEndpoint? advertise = null)
    {
        var acceptor = new RelayAcceptor(bindHost, port);
        try
        {
            var relay = system.ActorOf(RelayActor.Props(settings, acceptor, certificate, trust), RelayActor.Name);
            return new RelayReference(relay, advertise ?? new PeerEndpoint(advertisedHost, acceptor.Port));
        }
        catch
        {
            acceptor.Dispose();
            throw;
        }
    }
}
