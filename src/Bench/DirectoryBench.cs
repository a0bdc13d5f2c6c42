using Encryptio.Testing;
using System.Collections.Immutable;
using Akka.Actor;
using Encryptio.Peer.Node;
using Encryptio.Directory;
using Encryptio.Messages.Directory;
using Encryptio.Messages.Identity;
using Encryptio.Runtime.Transport;
using Encryptio.Runtime.Pki;

namespace Encryptio.Bench;

/// <summary>
/// A real directory (DirectoryNode on NodeSystem: Akka.Remote with mutual TLS) and one load-generator
/// ActorSystem with one <see cref="SimulatedPeer"/> actor per user, both in this process. Users register
/// in batches (at most 512 waiting for their proof at once, under the directory's cap); each batch is timed (registrations/s) beside a fresh measurement of the registration
/// crypto ceiling, and the managed heap (GC.GetTotalMemory after a full collection) is read before and
/// after it: bytes per user = growth / users, which includes the load generator's share (its actors
/// exist before the first reading, but remoting caches on both sides grow), so it is an upper bound
/// for the directory. At the end the directory alone is weighed: the heap it frees when it stops
/// (after a full collection), over the users; that includes its fixed part (the ActorSystem itself), so
/// it too is an upper bound, without the load generator's share. Native memory is not counted.
/// </summary>
public static class DirectoryBench
{
    public static DirectoryFigures Measure(TestPki pki, BenchOptions options, TextWriter progress)
    {
        // The certificates first: issuing them saturates every core, which must not starve remoting heartbeats.
        using var key = new SharedUserKey();
        var total = options.DirectoryWarmupUsers + options.DirectoryUsers;
        progress.WriteLine($"bench: issuing {total} user certificates");
        var uids = Enumerable.Range(0, total).Select(i => Uid.Parse($"u{i}")).ToArray();
        var certificates = UserCertificates.Issue(pki.Authority, key, uids);

        // Batches keep both cores busy for seconds: a generous heartbeat pause keeps the association up.
        // All simulated users share the load generator's one association, so every PeerLink's DeathWatch of
        // its peer is a system message on it: at 100,000 users the unacknowledged ones outgrew Akka's
        // buffer (20,000) and the association was quarantined. A real directory has one association per peer.
        const string remoting = "akka.remote.system-message-buffer-size = 1000000\n"
            + "akka.remote.watch-failure-detector.acceptable-heartbeat-pause = 120s\n"
            + "akka.remote.transport-failure-detector.acceptable-heartbeat-pause = 120s\n";
        var directoryConfig = BenchSystems.Node("directory.conf",
            remoting + "akka.remote.dot-netty.tcp.port = 0\nencryptio.directory.nonce-lifetime = 600s\n"
            // Every simulated user registers over the load generator's one association: lift its Register bucket.
            + "encryptio.directory.rate-limits { association-register-burst = 100000000, association-register-per-second = 100000000 }\n");
        using var directoryCertificate = CertificateIssuer.IssueDirectory(pki.Authority, []);
        var directory = NodeSystem.Create("encryptio-directory", directoryConfig, directoryCertificate, pki.Trust);
        var directoryStopped = false;
        var load = NodeSystem.Create("encryptio-peer", BenchSystems.Node("peer.conf", remoting + SimulatedPeer.MailboxHocon), pki.User("loadgen").Certificate, pki.Trust);
        try
        {
            DirectoryNode.Start(directory, DirectorySettings.FromConfig(directoryConfig), pki.Trust);
            var address = ((ExtendedActorSystem)directory).Provider.DefaultAddress;
            var gate = load.ActorSelection($"{address}/user/{DirectoryNode.GateName}").ResolveOne(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
            var counter = load.ActorOf(Countdown.Props(), "counter");

            var p2p = new PeerEndpoint("127.0.0.1", 9);

            var peers = new List<IActorRef>(total);
            IActorRef[] Spawn(int from, int count) => SimulatedPeer.Started(Enumerable.Range(from, count)
                .Select(i => load.ActorOf(SimulatedPeer.Props(uids[i], certificates[i], p2p, gate, counter, key), uids[i].Value)).ToArray());

            // Warm-up: connects the association, JITs both sides.
            var warm = Spawn(0, options.DirectoryWarmupUsers);
            peers.AddRange(warm);
            Register(counter, warm);

            var rates = new List<double>();
            var ceilings = new List<double>();
            var ratios = new List<double>();
            var bytes = new List<double>();
            for (var b = 0; b < options.DirectoryBatches; b++)
            {
                var batch = Spawn(peers.Count, options.DirectoryBatchUsers);
                peers.AddRange(batch);
                var ceiling = RegistrationCeiling.PerSecond(pki.Trust, certificates[0], key, options.Quick ? 5 : 25);
                var before = GC.GetTotalMemory(forceFullCollection: true);
                var seconds = Register(counter, batch);
                var after = GC.GetTotalMemory(forceFullCollection: true);
                var rate = batch.Length / seconds;
                rates.Add(rate);
                ceilings.Add(ceiling);
                ratios.Add(rate / ceiling);
                bytes.Add((after - before) / (double)batch.Length);
                progress.WriteLine($"bench: {peers.Count} users online ({rate:0} registrations/s, ceiling {ceiling:0}/s)");
            }

            var proposals = Proposals(counter, peers, uids, options);

            var online = GC.GetTotalMemory(forceFullCollection: true);
            directory.Terminate().Wait(TimeSpan.FromSeconds(60));
            directoryStopped = true;
            var stopped = GC.GetTotalMemory(forceFullCollection: true);
            var directoryAlone = (online - stopped) / (double)peers.Count;
            progress.WriteLine($"bench: the directory freed {(online - stopped) / 1048576.0:0.0} MiB when it stopped ({directoryAlone:0} B per user)");

            return new DirectoryFigures(Figure.Of(rates), Figure.Of(ceilings), Figure.Of(ratios), Figure.Of(bytes), proposals,
                peers.Count, options.DirectoryBatchUsers) { DirectoryBytesPerUser = directoryAlone };
        }
        finally
        {
            load.Terminate().Wait(TimeSpan.FromSeconds(20));
            if (!directoryStopped) directory.Terminate().Wait(TimeSpan.FromSeconds(20));
        }
    }

    /// <summary>
    /// Registrations in flight at once: half the directory's cap on links still waiting for their proof,
    /// so the production limits stay on and never refuse a simulated peer.
    /// </summary>
    private const int RegistrationWindow = 512;

    /// <summary>Has the batch register, <see cref="RegistrationWindow"/> at a time; seconds until the last Registered.</summary>
    private static double Register(IActorRef counter, IActorRef[] batch)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(120, batch.Length / 10.0));
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var reached = counter.Ask<Countdown.Reached>(new Countdown.Expect(batch.Length, typeof(Registered), batch, RegistrationWindow), timeout)
            .GetAwaiter().GetResult();
        return Sampler.Micros(start, reached.Timestamp) / 1_000_000;
    }

    /// <summary>Pairs of registered users: one proposes, the other accepts; done when both got their Introduction.</summary>
    private static Figure Proposals(IActorRef counter, List<IActorRef> peers, Uid[] uids, BenchOptions options)
    {
        var pairs = Math.Min(options.Proposals, peers.Count / 2);
        var rates = Sampler.Samples(options.Runs, () =>
        {
            var waiting = counter.Ask<Countdown.Reached>(new Countdown.Expect(2 * pairs, typeof(Introduction)), TimeSpan.FromSeconds(120));
            Thread.Sleep(20);
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            for (var i = 0; i < pairs; i++) peers[2 * i].Tell(new SimulatedPeer.ProposeTo(uids[2 * i + 1]));
            var reached = waiting.GetAwaiter().GetResult();
            return pairs / (Sampler.Micros(start, reached.Timestamp) / 1_000_000);
        });
        return Figure.Of(rates);
    }
}
