using System.Collections.Immutable;
using Akka.Actor;
using Akka.Dispatch.SysMsg;
using Akka.Event;
using Encryptio.Directory.Actors.Tests.Remoting.Support;
using Encryptio.Messages.Identity;
using Encryptio.Peer.Node;
using Xunit.Abstractions;

namespace Encryptio.Directory.Actors.Tests.Remoting;

/// <summary>
/// The real directory (directory.conf over remoting.conf, <see cref="DirectoryNode.Start"/>) against a
/// peer with a valid certificate that registered for real and then sends everything Akka.Remote would
/// carry: Kill and PoisonPill, raw system messages (serializer 22), to the refs it was given and to
/// refs it made up. Nothing may stop, restart or freeze, and honest peers must still get through.
/// </summary>
public sealed class HostilePeerSpecs(ITestOutputHelper output) : LiveDirectorySpec(output)
{
    private const string Neutralized = "Inbound message neutralized";

    [Fact]
    public async Task A_registered_peer_sending_lifecycle_messages_stops_restarts_or_freezes_nothing_and_honest_peers_get_through()
    {
        var logged = CreateTestProbe();
        Sys.EventStream.Subscribe(logged.Ref, typeof(Warning));
        Sys.EventStream.Subscribe(logged.Ref, typeof(Error));
        var mallory = await RegisterByHandAsync("mallory");
        var system = mallory.System;
        var gate = (IInternalActorRef)mallory.Gate;
        var ownLink = (IInternalActorRef)mallory.Link;
        var registry = RemoteNodes.Forge(system, DirectoryAddress, "/user/registry");
        var proposals = RemoteNodes.Forge(system, DirectoryAddress, "/user/proposals");
        var peers = RemoteNodes.Forge(system, DirectoryAddress, "/user/peers");
        var userGuardian = RemoteNodes.Forge(system, DirectoryAddress, "/user");
        var bystander = (IInternalActorRef)system.ActorOf(Props.Empty, "bystander");
        var sent = 0;

        foreach (var target in new[] { gate, ownLink, registry, proposals, peers, userGuardian })
        {
            target.Tell(Kill.Instance);
            target.SendSystemMessage(new Suspend());
            target.SendSystemMessage(new Recreate(new Exception("forged")));
            target.SendSystemMessage(new Terminate());
            target.Tell(PoisonPill.Instance);
            sent += 5;
        }
        // Through the trusted selection path too: Kill is not IPossiblyHarmful, so untrusted mode alone lets it in.
        system.ActorSelection($"{DirectoryAddress}/user/directory").Tell(Kill.Instance);
        // Claim the registry died, to the actors that depend on it; make the gate and the link watch
        // one of mallory's actors (when it stops, an actor that does not expect Terminated dies of a DeathPact).
        gate.SendSystemMessage(new DeathWatchNotification(registry, existenceConfirmed: true, addressTerminated: false));
        proposals.SendSystemMessage(new DeathWatchNotification(registry, existenceConfirmed: true, addressTerminated: false));
        ownLink.SendSystemMessage(new DeathWatchNotification(registry, existenceConfirmed: true, addressTerminated: false));
        gate.SendSystemMessage(new Watch(bystander, gate));
        ownLink.SendSystemMessage(new Watch(bystander, ownLink));
        // Tell the supervisors that their children failed: the guardian would restart the gate and the
        // registry (losing every registration), /user/peers would stop mallory's link.
        userGuardian.SendSystemMessage(new Failed(gate, new Exception("forged failure"), gate.Path.Uid));
        userGuardian.SendSystemMessage(new Failed(registry, new Exception("forged failure"), 0));
        peers.SendSystemMessage(new Failed(ownLink, new Exception("forged failure"), ownLink.Path.Uid));
        sent += 1 + 8;
        (await bystander.GracefulStop(TimeSpan.FromSeconds(5))).Should().BeTrue();

        // Same association, same order: once these answer, every message above has been handled, and
        // a suspended actor answers nothing (Identify is handled from its mailbox).
        (await IdentifyDirectlyAsync(system, gate)).Should().Be(gate);
        (await IdentifyDirectlyAsync(system, ownLink)).Should().Be(ownLink);
        foreach (var forged in new[] { registry, proposals, peers, userGuardian })
            (await IdentifyDirectlyAsync(system, forged)).Path.Should().Be(forged.Path);
        (await IdentifyAsync(system, DirectoryAddress, "/user/directory")).Should().Be(gate, "the gate is the same incarnation");

        // Every lifecycle message crossed the wire and was turned into a marker on arrival, so the
        // attack really reached the directory (none was lost on mallory's side).
        var warnings = await logged.ReceiveWhileAsync(TimeSpan.FromSeconds(1), m => (LogEvent)m).ToListAsync();
        warnings.Count(w => w.Message.ToString()!.StartsWith(Neutralized)).Should().Be(sent);

        // Mallory's own link was neither frozen nor stopped: it still answers, and the registry kept her.
        (await WhoAsync(mallory)).Should().Equal("mallory");

        // Honest peers, running the real client, register through the same gate after the attack...
        var bob = await StartHonestPeerAsync("bob");
        var carol = await StartHonestPeerAsync("carol");
        (await WhoAsync(bob)).Should().Equal(Sorted("bob", "carol", "mallory"));
        (await WhoAsync(mallory)).Should().Equal(Sorted("bob", "carol", "mallory"));

        // ...and a proposal between them goes all the way to the introductions.
        bob.Node.Tell(new ConnectTo([carol.Uid]));
        var sentProposal = await bob.Events.ExpectMsgAsync<ProposalSent>(TimeSpan.FromSeconds(5));
        sentProposal.Members.Should().Equal(bob.Uid, carol.Uid);
        var arrived = await carol.Events.ExpectMsgAsync<ProposalArrived>(TimeSpan.FromSeconds(5));
        arrived.Conversation.Should().Be(sentProposal.Conversation);
        arrived.From.Should().Be(bob.Uid);
        carol.Node.Tell(new AcceptConversation(arrived.Conversation));
        await ExpectIntroducedAsync(bob, carol, sentProposal.Conversation, dialer: true);
        await ExpectIntroducedAsync(carol, bob, sentProposal.Conversation, dialer: false);

        // No actor of the directory failed, was resumed, restarted or stopped by a supervisor, and no
        // registration ended: every such event is logged (LoggedOneForOneStrategy, PeerLink, Registry).
        var later = await logged.ReceiveWhileAsync(TimeSpan.FromMilliseconds(500), m => (LogEvent)m).ToListAsync();
        warnings.Concat(later).Where(e => !e.Message.ToString()!.StartsWith(Neutralized))
            .Select(e => $"{e.LogLevel()} {e.LogSource}: {e.Message}").Should().BeEmpty();
        mallory.Probe.HasMessages.Should().BeFalse("nothing was said to mallory after the attack but answers to her Who");
    }

    private static async Task ExpectIntroducedAsync(HonestPeer to, HonestPeer other, ConversationId conversation, bool dialer)
    {
        var introduced = await to.Events.ExpectMsgAsync<PeerIntroduced>(TimeSpan.FromSeconds(5));
        introduced.Conversation.Should().Be(conversation);
        introduced.Peer.Should().Be(other.Uid);
        introduced.Dialer.Should().Be(dialer);
    }

    /// <summary>Identify sent to the ref itself, not through a selection, so untrusted mode lets it through to any path.</summary>
    private async Task<IActorRef> IdentifyDirectlyAsync(ActorSystem from, IActorRef target)
    {
        var probe = CreateTestProbe(from);
        target.Tell(new Identify(target.Path.ToString()), probe.Ref);
        var identity = await probe.ExpectMsgAsync<ActorIdentity>(TimeSpan.FromSeconds(5));
        identity.Subject.Should().NotBeNull($"{target.Path} should still be alive and answering");
        return identity.Subject!;
    }
}
