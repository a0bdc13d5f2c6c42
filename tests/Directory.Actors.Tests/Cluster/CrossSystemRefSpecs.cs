using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Encryptio.Directory.Actors.Tests.Remoting.Support;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Cluster;

/// <summary>
/// What a clustered directory relies on (issue 12, checked first on Akka.NET 1.5.73): the peer-facing
/// edge system (untrusted mode, <c>Sys</c> here) and an inner system in the same process hand each
/// other plain local IActorRefs. Findings, also in docs/cluster.md:
/// <list type="bullet">
/// <item>Tell crosses in both directions straight into the mailbox, with the real sender: a reply to
/// Sender comes back across. No serialization happens (a message need not be serializable).</item>
/// <item>DeathWatch crosses too: a Terminated arrives when the other system's actor stops.</item>
/// <item>When an inner actor is the sender of a message that leaves through the edge's remoting, the
/// edge writes the sender's path with the edge's own address (a local path has no host). A peer that
/// answers it reaches the edge system at that path, where no actor lives: a dead letter on the edge,
/// never the inner actor. So no inner ref can be handed to a peer, even by mistake.</item>
/// </list>
/// </summary>
public sealed class CrossSystemRefSpecs : RemotingSpec
{
    private readonly ActorSystem _inner;

    public CrossSystemRefSpecs(ITestOutputHelper output) : base(output)
    {
        _inner = Track(ActorSystem.Create("inner", ConfigurationFactory.ParseString("akka.loglevel = WARNING")
            .WithFallback(Akka.TestKit.Xunit2.TestKit.DefaultConfig)));
    }

    /// <summary>Answers Who with an empty list to whoever sent it, as itself; reports every message to a probe.</summary>
    private sealed class Answering : ReceiveActor
    {
        public Answering(IActorRef reports)
        {
            ReceiveAny(m =>
            {
                reports.Tell(m, Sender);
                if (m is Who) Sender.Tell(new OnlineUsers(ImmutableArray<Uid>.Empty), Self);
            });
        }
    }

    /// <summary>An edge actor that forwards everything to an inner one (the sender stays the peer).</summary>
    private sealed class Forwarding : ReceiveActor
    {
        public Forwarding(IActorRef inner) => ReceiveAny(m => inner.Forward(m));
    }

    [Fact]
    public async Task A_local_ref_of_another_system_carries_tell_both_ways_with_the_real_sender()
    {
        var innerReports = CreateTestProbe(_inner);
        var innerActor = _inner.ActorOf(Props.Create(() => new Answering(innerReports.Ref)), "answering");
        var edgeProbe = CreateTestProbe(Sys);

        edgeProbe.Send(innerActor, Who.Instance);
        await innerReports.ExpectMsgAsync<Who>();
        innerReports.LastSender.Should().Be(edgeProbe.Ref, "the inner actor sees the edge actor itself, not a proxy");
        await edgeProbe.ExpectMsgAsync<OnlineUsers>();
        edgeProbe.LastSender.Should().Be(innerActor);
        edgeProbe.LastSender.Path.Address.System.Should().Be("inner");
    }

    [Fact]
    public async Task DeathWatch_crosses_between_systems_in_one_process()
    {
        var innerActor = _inner.ActorOf(Props.Create(() => new Answering(ActorRefs.Nobody)), "mortal");
        var edgeProbe = CreateTestProbe(Sys);
        edgeProbe.Watch(innerActor);
        _inner.Stop(innerActor);
        await edgeProbe.ExpectTerminatedAsync(innerActor);

        var edgeActor = Sys.ActorOf(Props.Create(() => new Answering(ActorRefs.Nobody)), "edge-mortal");
        var innerProbe = CreateTestProbe(_inner);
        innerProbe.Watch(edgeActor);
        Sys.Stop(edgeActor);
        await innerProbe.ExpectTerminatedAsync(edgeActor);
    }

    [Fact]
    public async Task A_peer_answering_an_inner_actor_reaches_a_dead_letter_on_the_edge_never_the_inner_system()
    {
        var innerReports = CreateTestProbe(_inner);
        var innerActor = _inner.ActorOf(Props.Create(() => new Answering(innerReports.Ref)), "registry");
        Sys.ActorOf(Props.Create(() => new Forwarding(innerActor)), "handoff");
        var mallory = StartPeer("mallory");
        var peerProbe = CreateTestProbe(mallory);
        // Untrusted mode refuses selections but delivers to a ref whose path the peer knows.
        var handoff = RemoteNodes.Forge(mallory, DirectoryAddress, "/user/handoff");

        handoff.Tell(Who.Instance, peerProbe.Ref);
        await innerReports.ExpectMsgAsync<Who>(TimeSpan.FromSeconds(10));
        innerReports.LastSender.Path.Address.Should().Be(RemoteNodes.AddressOf(mallory), "forwarded, the sender is the remote peer");
        await peerProbe.ExpectMsgAsync<OnlineUsers>(TimeSpan.FromSeconds(10));
        var seen = peerProbe.LastSender;
        seen.Path.Address.Should().Be(DirectoryAddress, "the edge writes an inner sender with its own address");
        seen.Path.ToStringWithoutAddress().Should().Be("/user/registry");

        await EventFilter.DeadLetter<Who>().ExpectOneAsync(TimeSpan.FromSeconds(10), () =>
        {
            seen.Tell(Who.Instance, peerProbe.Ref);
            return Task.CompletedTask;
        });
        await innerReports.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }
}
