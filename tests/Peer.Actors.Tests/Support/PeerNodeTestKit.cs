using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Messages.Peer;
using Encryptio.Peer.Node;
using Xunit.Abstractions;

namespace Encryptio.Peer.Actors.Tests.Support;

/// <summary>
/// Real PeerActors (their listener, sessions and links on 127.0.0.1), each with a probe in the
/// directory's place: it takes the node's registration and hands out the Introductions the real
/// directory sends once everyone has accepted. Each node's events go to a probe of its own.
/// </summary>
public abstract class PeerNodeTestKit(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(PeerConfig.Load(), output: output)
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    internal EphemeralPki Pki { get; } = new();

    internal sealed record Member(Uid Uid, IActorRef Node, TestProbe Events, TestProbe Directory, PeerEndpoint Endpoint);

    /// <summary>Starts the node for <paramref name="uid"/> and registers it with its stand-in directory.</summary>
    internal Member StartMember(string uid)
    {
        var settings = PeerSettings.From(PeerConfig.Load(), Uid.Parse(uid)) with
        {
            // The configured directory is never there: the node must not go looking for it again mid-spec.
            RegisterBackoffMin = TimeSpan.FromMinutes(10),
            RegisterBackoffMax = TimeSpan.FromMinutes(10),
        };
        var events = CreateTestProbe($"{uid}-events");
        var directory = CreateTestProbe($"{uid}-directory");
        var node = Sys.ActorOf(PeerActor.Props(settings, Pki.User(uid), consoleProps: null, observer: events.Ref), $"peer-{uid}");

        // Its listener is bound and it found no directory at the configured address: now it is one.
        events.ExpectMsg<DirectoryUnavailable>(Patience);
        node.Tell(new ActorIdentity("directory", directory.Ref));
        var register = directory.ExpectMsg<Register>(Patience);
        directory.Reply(new Registered(register.Uid));
        events.ExpectMsg<RegisteredWithDirectory>(Patience);
        return new Member(register.Uid, node, events, directory, register.P2P);
    }

    /// <summary>
    /// Introduces every pair of <paramref name="members"/> in a new conversation, as the directory does
    /// (the UID that sorts first dials), and waits until each member's links to all the others are up.
    /// <paramref name="dialVia"/> gives another address to dial a member at (a proxy).
    /// </summary>
    internal ConversationId Introduce(Member[] members, Func<Member, PeerEndpoint>? dialVia = null)
    {
        var conversation = ConversationId.New();
        var uids = members.Select(m => m.Uid).ToImmutableArray();
        foreach (var me in members)
            foreach (var peer in members.Where(p => p != me))
            {
                var dialer = me.Uid.CompareTo(peer.Uid) < 0;
                var endpoint = dialVia?.Invoke(peer) ?? peer.Endpoint;
                me.Directory.Send(me.Node, new Introduction(conversation, peer.Uid, [.. Pki.User(peer.Uid.Value).Certificate.RawData], endpoint, dialer, uids));
            }
        foreach (var me in members)
        {
            var connected = new HashSet<Uid>();
            while (connected.Count < members.Length - 1)
                connected.Add(me.Events.FishForMessage<ConversationConnected>(c => c.Conversation == conversation, Patience).Peer);
        }
        return conversation;
    }
}
