using System.Collections.Immutable;
using Akka.Actor;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Transport;

namespace Encryptio.Bench;

/// <summary>
/// One simulated user in the load generator: registers as a real peer does (Register, then an AuthProof
/// signed over the AuthTranscript), then proposes or accepts conversations when told. Reports
/// Registered, RegistrationRejected and Introduction to the counter. Given a fallback gate (the cluster
/// section), it watches its link as the real directory client does and, when the link's node is gone,
/// registers once more at the fallback.
/// </summary>
public sealed class SimulatedPeer : ReceiveActor
{
    public sealed record Go
    {
        public static readonly Go Instance = new();
    }

    public sealed record ProposeTo(Uid Member);

    private IActorRef _link = ActorRefs.Nobody;

    /// <summary>
    /// The load generator's users share its process with the directory, so their memory is counted in
    /// bytesPerUser too: they get the same compact mailbox as the directory's PeerLinks.
    /// </summary>
    public const string MailboxId = "encryptio.bench.simulated-peer-mailbox";

    public const string MailboxHocon = MailboxId + ".mailbox-type = \"" + Encryptio.Runtime.Dispatch.CompactMailbox.TypeName + "\"\n";

    public static Props Props(Uid uid, ImmutableArray<byte> certificate, PeerEndpoint p2p, IActorRef gate, IActorRef counter, SharedUserKey key,
        IActorRef? fallback = null) =>
        Akka.Actor.Props.Create(() => new SimulatedPeer(uid, certificate, p2p, gate, counter, key, fallback)).WithMailbox(MailboxId);

    /// <summary>
    /// Waits until every peer has started. A top-level actor is created asynchronously by the guardian:
    /// without this, the load generator's own actors would be built during the first memory reading's
    /// batch and counted as the directory's bytes.
    /// </summary>
    public static IActorRef[] Started(IActorRef[] peers)
    {
        Task.WhenAll(peers.Select(p => p.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(120)))).Wait();
        return peers;
    }

    public SimulatedPeer(Uid uid, ImmutableArray<byte> certificate, PeerEndpoint p2p, IActorRef gate, IActorRef counter, SharedUserKey key,
        IActorRef? fallback)
    {
        Receive<Go>(_ => gate.Tell(new Register(uid, certificate, p2p, Register.CurrentVersion)));
        Receive<Terminated>(t => fallback is not null && t.ActorRef.Equals(_link), _ =>
        {
            gate = fallback!;
            fallback = null;
            _link = ActorRefs.Nobody;
            gate.Tell(new Register(uid, certificate, p2p, Register.CurrentVersion));
        });
        Receive<AuthChallenge>(challenge =>
        {
            // As a real peer: the directory key is the one this system saw in its TLS handshake.
            if (!HandshakeKeys.TryGetFor(Context.System, Sender, out var directoryKey)) return;
            var transcript = AuthTranscript.Build(directoryKey, challenge.DirectoryId, challenge.Nonce.AsSpan(), uid, p2p);
            Sender.Tell(new AuthProof(ImmutableArray.Create(key.Sign(transcript))));
        });
        Receive<Registered>(registered =>
        {
            _link = Sender;
            if (fallback is not null) Context.Watch(_link);
            counter.Tell(registered);
        });
        Receive<RegistrationRejected>(rejected => counter.Tell(rejected));
        Receive<ProposeTo>(p => _link.Tell(new Propose([p.Member])));
        Receive<ProposalReceived>(received => _link.Tell(new AcceptProposal(received.Conversation)));
        Receive<Introduction>(introduction => counter.Tell(introduction));
        Receive<CommandRefused>(refused => counter.Tell(refused));
        ReceiveAny(_ => { });
    }
}
