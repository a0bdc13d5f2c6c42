using System.Collections.Immutable;
using Akka.Actor;
using Encryptio.Messages.Cluster;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory.Cluster;

/// <summary>
/// A child of <see cref="ClusterRegistry"/> for one Lookup that names UIDs held at other nodes: asks
/// each holder's registry to describe its user, answers the asker with local and remote entries
/// together, and stops. A holder that does not answer in time counts as "elsewhere", not as found.
/// </summary>
public sealed class RemoteLookup : ReceiveActor
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    /// <param name="unreachable">UIDs the index places at unreachable nodes: elsewhere, without asking.</param>
    public static Props Props(IActorRef asker, object correlation, ImmutableDictionary<Uid, Registry.Entry> found, IReadOnlyList<(Uid Uid, string Node)> remote,
        ImmutableHashSet<Uid>? unreachable = null) =>
        Akka.Actor.Props.Create(() => new RemoteLookup(asker, correlation, found, remote, unreachable ?? ImmutableHashSet<Uid>.Empty));

    public RemoteLookup(IActorRef asker, object correlation, ImmutableDictionary<Uid, Registry.Entry> found, IReadOnlyList<(Uid Uid, string Node)> remote,
        ImmutableHashSet<Uid> unreachable)
    {
        var entries = found.ToBuilder();
        var waiting = remote.Select(r => r.Uid).ToHashSet();
        void ReplyWhenDone(bool force)
        {
            if (waiting.Count > 0 && !force) return;
            var elsewhere = remote.Select(r => r.Uid).Where(u => !entries.ContainsKey(u)).ToImmutableHashSet().Union(unreachable);
            asker.Tell(new Registry.LookupResult(correlation, entries.ToImmutable()) { Elsewhere = elsewhere });
            Context.Stop(Self);
        }

        Receive<UidDescribed>(d =>
        {
            if (!waiting.Remove(d.Uid)) return;
            entries[d.Uid] = new Registry.Entry(d.Uid, d.Relay, d.CertificateDer, d.Endpoint);
            // The registry watches the relay: when that user leaves its node, proposals here hear of it.
            Context.Parent.Tell(new ClusterRegistry.WatchRelay(d.Uid, d.Relay));
            ReplyWhenDone(force: false);
        });
        Receive<UidNotHere>(n =>
        {
            waiting.Remove(n.Uid);
            ReplyWhenDone(force: false);
        });
        Receive<ReceiveTimeout>(_ => ReplyWhenDone(force: true));

        // The index names a node as "address#incarnation".
        foreach (var (uid, node) in remote)
            Context.ActorSelection($"{node[..node.LastIndexOf('#')]}/user/{DirectoryCluster.RegistryName}").Tell(new DescribeUid(uid));
        Context.SetReceiveTimeout(Patience);
    }
}
