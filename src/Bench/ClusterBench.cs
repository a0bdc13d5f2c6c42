using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Remote;
using Akka.Remote.Transport;
using Encryptio.Host.Configuration;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Pki;
using Encryptio.Runtime.Transport;
using Encryptio.Testing;

namespace Encryptio.Bench;

/// <summary>
/// The directory on several nodes (issue 12, docs/cluster.md), all in this process as the cluster specs
/// run them: each node an edge system and a cluster system, real Akka.Remote with mutual TLS between
/// every pair, one directory certificate shared (as nodes on one machine share one HOME). One load
/// generator (as in <see cref="DirectoryBench"/>) spreads its users over the nodes' gates.
/// Measured: registrations/s on one single node, then on <see cref="Nodes"/> clustered nodes, the same
/// users in the same batches (on one machine this is the cluster's cost, not its scaling: every node
/// shares the same cores); the managed heap per user with the cluster up; and failover: the last node
/// goes silent (Akka.Remote's throttler blackholes it from the load generator, as the cluster specs
/// partition nodes) and its systems stop without leaving, so nothing, not even DeathWatch
/// notifications, tells its users: each, watching its link as the real directory client does, finds
/// out through the failure detector and registers at a survivor; the time from the stop to each Registered.
/// </summary>
public static class ClusterBench
{
    public const int Nodes = 3;

    public static ClusterFigures Measure(TestPki pki, BenchOptions options, TextWriter progress)
    {
        using var key = new SharedUserKey();
        var total = options.ClusterWarmupUsers + options.ClusterUsers;
        progress.WriteLine($"bench: issuing {total} user certificates");
        var uids = Enumerable.Range(0, total).Select(i => Uid.Parse($"c{i}")).ToArray();
        var certificates = UserCertificates.Issue(pki.Authority, key, uids);
        using var directoryCertificate = CertificateIssuer.IssueDirectory(pki.Authority, []);
        var users = new Users(uids, certificates, key);

        progress.WriteLine("bench: cluster section, 1 node");
        var single = Run(pki, directoryCertificate, users, options, nodes: 1, clustered: false, progress);
        progress.WriteLine($"bench: cluster section, {Nodes} clustered nodes");
        var cluster = Run(pki, directoryCertificate, users, options, nodes: Nodes, clustered: true, progress);

        var ratios = cluster.Rates.Zip(single.Rates, (c, s) => c / s).ToList();
        return new ClusterFigures(Figure.Of(single.Rates), Figure.Of(cluster.Rates), Figure.Of(ratios), Figure.Of(cluster.Bytes),
            cluster.FailoverMillis, Nodes, total, options.ClusterBatchUsers, DetectionPause(options));
    }

    private sealed record Users(Uid[] Uids, System.Collections.Immutable.ImmutableArray<byte>[] Certificates, SharedUserKey Key);

    private sealed record Outcome(List<double> Rates, List<double> Bytes, List<double> FailoverMillis);

    /// <summary>How long the load generator's DeathWatch waits before a silent node counts as gone: a peer's (peer.conf over remoting.conf), 2 s in --quick.</summary>
    private static TimeSpan DetectionPause(BenchOptions options) => options.Quick
        ? TimeSpan.FromSeconds(2)
        : HoconFiles.Load("peer.conf").GetTimeSpan("akka.remote.watch-failure-detector.acceptable-heartbeat-pause", TimeSpan.FromSeconds(10));

    private static Outcome Run(TestPki pki, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, Users users,
        BenchOptions options, int nodes, bool clustered, TextWriter progress)
    {
        // As in the directory section: registration bursts keep both cores busy for seconds, so the
        // directories' own watches of their peers get a long pause, and the load generator's association
        // one too. The load generator's DeathWatch keeps remoting.conf's pause: it is what detects a dead node.
        const string edgeRemoting = "akka.remote.watch-failure-detector.acceptable-heartbeat-pause = 120s\n"
            + "akka.remote.transport-failure-detector.acceptable-heartbeat-pause = 120s\n";
        // The throttler on both ends of every peer association (its scheme is part of the address): the
        // failover blackholes one node with it. It passes everything through until then.
        const string throttled = "akka.remote.dot-netty.tcp.applied-adapters = [trttl]\n";
        var edgeConfig = BenchSystems.Node("directory.conf", edgeRemoting + throttled + "akka.remote.dot-netty.tcp.port = 0\nencryptio.directory.nonce-lifetime = 600s\n"
            + "encryptio.directory.rate-limits { association-register-burst = 100000000, association-register-per-second = 100000000 }\n");
        var loadConfig = BenchSystems.Node("peer.conf", "akka.remote.transport-failure-detector.acceptable-heartbeat-pause = 120s\n"
            + $"akka.remote.watch-failure-detector.acceptable-heartbeat-pause = {DetectionPause(options).TotalMilliseconds:0}ms\n"
            + throttled + SimulatedPeer.MailboxHocon);
        var clusterConfig = clustered ? ClusterConfig() : null;

        var directories = new List<BenchDirectoryNode>();
        ActorSystem? load = null;
        try
        {
            for (var n = 0; n < nodes; n++)
                directories.Add(BenchDirectoryNode.Start(pki, certificate, edgeConfig, clusterConfig, directories.FirstOrDefault()?.ClusterAddress));
            if (clustered) AwaitMembers(directories[0], nodes);

            load = NodeSystem.Create("encryptio-peer", loadConfig, pki.User("loadgen").Certificate, pki.Trust);
            var gates = directories.Select(d => load.ActorSelection($"{d.EdgeAddress}/user/{Encryptio.Directory.DirectoryNode.GateName}")
                .ResolveOne(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult()).ToArray();
            var counter = load.ActorOf(Countdown.Props(), "counter");
            var p2p = new PeerEndpoint("127.0.0.1", 9);

            // User i registers at node i mod nodes; a user of the last node falls back to one of the others.
            var peers = new List<IActorRef>(users.Uids.Length);
            IActorRef[] Spawn(int from, int count) => SimulatedPeer.Started(Enumerable.Range(from, count).Select(i =>
            {
                var home = i % nodes;
                var fallback = clustered && home == nodes - 1 ? gates[i / nodes % (nodes - 1)] : null;
                return load.ActorOf(SimulatedPeer.Props(users.Uids[i], users.Certificates[i], p2p, gates[home], counter, users.Key, fallback), users.Uids[i].Value);
            }).ToArray());

            var warm = Spawn(0, options.ClusterWarmupUsers);
            peers.AddRange(warm);
            Register(counter, warm);

            var rates = new List<double>();
            var bytes = new List<double>();
            for (var b = 0; b < options.ClusterBatches; b++)
            {
                var batch = Spawn(peers.Count, options.ClusterBatchUsers);
                peers.AddRange(batch);
                var before = GC.GetTotalMemory(forceFullCollection: true);
                var seconds = Register(counter, batch);
                var after = GC.GetTotalMemory(forceFullCollection: true);
                rates.Add(batch.Length / seconds);
                bytes.Add((after - before) / (double)batch.Length);
                progress.WriteLine($"bench: {peers.Count} users online on {nodes} node(s) ({batch.Length / seconds:0} registrations/s)");
            }

            var failover = clustered ? Failover(load, directories[^1], counter, peers.Count, nodes, progress) : [];
            return new Outcome(rates, bytes, failover);
        }
        finally
        {
            load?.Terminate().Wait(TimeSpan.FromSeconds(20));
            foreach (var directory in directories) directory.Stop(TimeSpan.FromSeconds(20));
        }
    }

    /// <summary>Stops the last node and waits until every one of its users has registered at a survivor: ms per user.</summary>
    private static List<double> Failover(ActorSystem load, BenchDirectoryNode victim, IActorRef counter, int online, int nodes, TextWriter progress)
    {
        // Users i with i mod nodes == nodes - 1 were registered at the victim.
        var affected = Enumerable.Range(0, online).Count(i => i % nodes == nodes - 1);
        var waiting = counter.Ask<Countdown.Reached>(new Countdown.Expect(affected, typeof(Registered), Record: true), TimeSpan.FromSeconds(Math.Max(120, affected / 10.0)));
        var transport = ((IRemoteActorRefProvider)((ExtendedActorSystem)load).Provider).Transport;
        if (!transport.ManagementCommand(new SetThrottle(victim.EdgeAddress, ThrottleTransportAdapter.Direction.Both, Blackhole.Instance)).Result)
            throw new InvalidOperationException("bench: the throttler did not blackhole the stopped node");
        var start = Stopwatch.GetTimestamp();
        victim.Stop(TimeSpan.FromSeconds(20));
        var reached = waiting.GetAwaiter().GetResult();
        var millis = reached.Arrivals.Select(t => Sampler.Micros(start, t) / 1000).ToList();
        progress.WriteLine($"bench: {affected} users of the stopped node registered again within {millis.Max():0} ms (p50 {Figure.Percentile(millis, 50):0} ms)");
        return millis;
    }

    /// <summary>cluster.conf as `encryptio directory --cluster-port` reads it, with what a bench in one process needs on top.</summary>
    private static Config ClusterConfig() =>
        ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.loggers = ["Akka.Event.DefaultLogger, Akka"]
            akka.logger-formatter = "Akka.Event.DefaultLogMessageFormatter, Akka"
            akka.log-dead-letters = off
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            # A stopped node must look crashed (no graceful leave), and no node of this process may
            # stop the process.
            akka.coordinated-shutdown.run-by-actor-system-terminate = off
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            akka.coordinated-shutdown.exit-clr = off
            # Registration bursts hold both cores for seconds: a node must not be found unreachable
            # (and downed by the split brain resolver) because its heartbeats waited for a core.
            akka.cluster.failure-detector.acceptable-heartbeat-pause = 10s
            """).WithFallback(HoconFiles.LoadAlone("cluster.conf", new Dictionary<string, string?>()));

    private static void AwaitMembers(BenchDirectoryNode seed, int count)
    {
        var cluster = Akka.Cluster.Cluster.Get(seed.Inner!);
        var deadline = Stopwatch.StartNew();
        while (cluster.State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) < count)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60)) throw new InvalidOperationException($"bench: {count} cluster nodes were not all Up within 60 s");
            Thread.Sleep(50);
        }
    }

    /// <summary>Registrations in flight at once, as in the directory section: under every node's cap on links waiting for their proof.</summary>
    private const int RegistrationWindow = 512;

    private static double Register(IActorRef counter, IActorRef[] batch)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(120, batch.Length / 10.0));
        var start = Stopwatch.GetTimestamp();
        var reached = counter.Ask<Countdown.Reached>(new Countdown.Expect(batch.Length, typeof(Registered), batch, RegistrationWindow), timeout)
            .GetAwaiter().GetResult();
        return Sampler.Micros(start, reached.Timestamp) / 1_000_000;
    }
}
